import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DigestMismatchError, sha256Digest } from "../../../../src/kubelet/images/digest.ts";
import { MediaType } from "../../../../src/kubelet/images/oci.ts";
import { ImageStore } from "../../../../src/kubelet/images/store.ts";
import { TarWriter } from "../../../../src/kubelet/images/tar/writer.ts";

const tmp = mkdtempSync(join(tmpdir(), "kubun-store-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function addImage(store: ImageStore, content: string, names: string[]) {
  const layer = new TarWriter().file("f", content).finish();
  const l = await store.blobs.put(layer);
  const cfg = await store.blobs.put(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [l] }, config: { Cmd: ["sh"] } }));
  const m = await store.blobs.put(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: cfg, size: store.blobs.size(cfg) },
      layers: [{ mediaType: MediaType.ociLayer, digest: l, size: layer.length }],
    }),
  );
  return store.commit(m, names);
}

describe("ImageStore", () => {
  test("blobs are verified", async () => {
    const s = new ImageStore(join(tmp, "s0"));
    await expect(s.blobs.put("abc", sha256Digest("abd"))).rejects.toBeInstanceOf(DigestMismatchError);
    await expect(s.blobs.putStream(new Blob(["abc"]).stream(), sha256Digest("abd"))).rejects.toBeInstanceOf(DigestMismatchError);
    const r = await s.blobs.putStream(new Blob(["abc"]).stream(), sha256Digest("abc"));
    expect(r).toEqual({ digest: sha256Digest("abc"), size: 3 });
  });

  test("names resolve in every accepted form, tags move, records persist", async () => {
    const root = join(tmp, "s1");
    const s = new ImageStore(root);
    const a = await addImage(s, "a", ["docker.io/library/busybox:latest", "docker.io/library/busybox:1"]);
    expect(a.repoDigests).toEqual([`docker.io/library/busybox@${a.manifestDigest}`]);
    for (const ref of ["busybox", "busybox:latest", "docker.io/library/busybox:1", `busybox@${a.manifestDigest}`, a.id, a.manifestDigest, a.id.slice(7, 19)])
      expect(s.resolve(ref)?.manifestDigest).toBe(a.manifestDigest);
    expect(s.resolve("busybox:2")).toBeUndefined();
    expect(s.resolve("nonsense!!")).toBeUndefined();

    const b = await addImage(s, "b", ["docker.io/library/busybox:latest"]);
    expect(s.resolve("busybox")?.manifestDigest).toBe(b.manifestDigest);
    expect(s.resolve("busybox:1")?.manifestDigest).toBe(a.manifestDigest);

    const reopened = new ImageStore(root);
    expect(reopened.list().map((r) => r.names)).toEqual([["docker.io/library/busybox:1"], ["docker.io/library/busybox:latest"]]);

    expect(await reopened.remove("busybox:1")).toBe(true);
    expect(reopened.resolve(a.manifestDigest)).toBeUndefined();
    expect(await reopened.remove("busybox:1")).toBe(false);
  });

  test("unpack verifies the diffID", async () => {
    const s = new ImageStore(join(tmp, "s2"));
    const layer = new TarWriter().file("f", "x").finish();
    const l = await s.blobs.put(layer);
    const wrong = sha256Digest("other");
    const cfg = await s.blobs.put(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [wrong] } }));
    const m = await s.blobs.put(
      JSON.stringify({ schemaVersion: 2, config: { mediaType: MediaType.ociConfig, digest: cfg, size: 1 }, layers: [{ mediaType: MediaType.ociLayer, digest: l, size: 1 }] }),
    );
    const img = await s.commit(m, []);
    await expect(s.unpack(img)).rejects.toThrow(/digest mismatch/);
    expect(s.layers.meta(wrong)).toBeUndefined();
  });
});
