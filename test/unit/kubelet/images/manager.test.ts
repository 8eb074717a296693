import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultPullPolicy, type ImageEvent, ImageManager } from "../../../../src/kubelet/images/manager.ts";
import { MediaType } from "../../../../src/kubelet/images/oci.ts";
import { type ImageRecord, ImageStore } from "../../../../src/kubelet/images/store.ts";
import { TarWriter } from "../../../../src/kubelet/images/tar/writer.ts";

const tmp = mkdtempSync(join(tmpdir(), "kubun-imgmgr-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let store: ImageStore;
let present: ImageRecord;

beforeAll(async () => {
  store = new ImageStore(join(tmp, "s"));
  const layer = new TarWriter().file("f", "x").finish();
  const l = await store.blobs.put(layer);
  const cfg = await store.blobs.put(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [l] } }));
  const m = await store.blobs.put(
    JSON.stringify({ schemaVersion: 2, config: { mediaType: MediaType.ociConfig, digest: cfg, size: 1 }, layers: [{ mediaType: MediaType.ociLayer, digest: l, size: 1 }] }),
  );
  present = await store.commit(m, ["docker.io/library/present:1", "docker.io/library/present:latest"]);
});

function setup(fail = true) {
  let now = 1_000_000;
  const pulls: string[] = [];
  const events: ImageEvent[] = [];
  const mgr = new ImageManager(
    store,
    async (ref) => {
      pulls.push(ref);
      if (fail) throw new Error(`failed to resolve reference "${ref}": not found`);
      return present;
    },
    () => now,
  );
  return { mgr, pulls, events, rec: (e: ImageEvent) => events.push(e), advance: (ms: number) => (now += ms) };
}

describe("defaultPullPolicy", () => {
  const cases: Array<[string, string]> = [
    ["busybox", "Always"],
    ["busybox:latest", "Always"],
    ["busybox:1.36", "IfNotPresent"],
    [`busybox@sha256:${"0".repeat(64)}`, "IfNotPresent"],
  ];
  for (const [img, want] of cases) test(`${img} -> ${want}`, () => expect(defaultPullPolicy(img) as string).toBe(want));
});

describe("ImageManager.ensureImage", () => {
  test("IfNotPresent with the image present: no pull, Pulled event", async () => {
    const { mgr, pulls, events, rec } = setup();
    const r = await mgr.ensureImage("present:1", "IfNotPresent", () => [], "pod1", rec);
    expect(r.ok).toBe(true);
    expect(pulls).toEqual([]);
    expect(events).toEqual([{ type: "Normal", reason: "Pulled", message: 'Container image "present:1" already present on machine' }]);
  });

  test("Never with the image missing: ErrImageNeverPull", async () => {
    const { mgr, rec } = setup();
    expect(await mgr.ensureImage("missing:1", "Never", () => [], "pod1", rec)).toEqual({
      ok: false,
      reason: "ErrImageNeverPull",
      message: 'Container image "missing:1" is not present with pull policy of Never',
    });
  });

  test("invalid names", async () => {
    const { mgr, rec } = setup();
    const r = await mgr.ensureImage("busybox:-bad", undefined, () => [], "pod1", rec);
    expect(r).toMatchObject({ ok: false, reason: "InvalidImageName" });
  });

  test("failed pulls: ErrImagePull, then ImagePullBackOff until the backoff passes, doubling", async () => {
    const { mgr, pulls, rec, advance } = setup();
    const creds = () => [{ username: "u", password: "p" }];
    expect(await mgr.ensureImage("missing:1", undefined, creds, "pod1", rec)).toMatchObject({ ok: false, reason: "ErrImagePull" });
    expect(await mgr.ensureImage("missing:1", undefined, creds, "pod1", rec)).toMatchObject({ ok: false, reason: "ImagePullBackOff", message: 'Back-off pulling image "missing:1"' });
    advance(10_001);
    expect(await mgr.ensureImage("missing:1", undefined, creds, "pod1", rec)).toMatchObject({ ok: false, reason: "ErrImagePull" });
    advance(10_001);
    expect((await mgr.ensureImage("missing:1", undefined, creds, "pod1", rec)) as { reason: string }).toMatchObject({ reason: "ImagePullBackOff" });
    advance(10_000);
    expect(await mgr.ensureImage("missing:1", undefined, creds, "pod1", rec)).toMatchObject({ reason: "ErrImagePull" });
    expect(pulls).toEqual(["docker.io/library/missing:1", "docker.io/library/missing:1", "docker.io/library/missing:1"]);
  });

  test("Always pulls even when present (latest defaults to Always)", async () => {
    const { mgr, pulls, rec, events } = setup(false);
    const r = await mgr.ensureImage("present", undefined, () => [], "pod1", rec);
    expect(r.ok).toBe(true);
    expect(pulls).toEqual(["docker.io/library/present:latest"]);
    expect(events.map((e) => e.reason)).toEqual(["Pulling", "Pulled"]);
    expect(events[1]!.message).toMatch(/^Successfully pulled image "present" in [0-9.]+s \([0-9.]+s including waiting\)\. Image size: \d+ bytes\.$/);
  });
});
