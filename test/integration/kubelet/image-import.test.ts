/** Imports images built from busybox-static, unpacks them and runs busybox in the assembled rootfs. */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importImage } from "../../../src/kubelet/images/import.ts";
import { RootfsBuilder, type RootfsMode } from "../../../src/kubelet/images/rootfs.ts";
import { ImageStore } from "../../../src/kubelet/images/store.ts";
import type { LayerFormat } from "../../../src/kubelet/images/unpack.ts";
import { buildBusyboxImage, haveBusybox } from "./fixtures/busybox-image.ts";

const tmp = mkdtempSync(join(tmpdir(), "kubun-import-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;
const overlayOk = isRoot && RootfsBuilder.probe(tmp) === "overlay";

describe.skipIf(!haveBusybox())("image import", () => {
  const variants: Array<{ format: "oci" | "docker"; gzip: boolean }> = [
    { format: "oci", gzip: false },
    { format: "oci", gzip: true },
    { format: "docker", gzip: false },
  ];
  for (const v of variants) {
    test(`${v.format}${v.gzip ? " gzip" : ""}: named, unpacked once`, async () => {
      const file = join(tmp, `img-${v.format}-${v.gzip}.tar`);
      const built = await buildBusyboxImage(file, { ...v, name: "kubun.test/busybox:1.35" });
      const store = new ImageStore(join(tmp, `store-${v.format}-${v.gzip}`));
      const r = await importImage(store, file);
      expect(r.warnings).toEqual([]);
      expect(r.images).toHaveLength(1);
      const img = r.images[0]!;
      expect(img.names).toEqual(["kubun.test/busybox:1.35"]);
      expect(img.id).toBe(built.configDigest);
      if (v.format === "oci") expect(img.manifestDigest).toBe(built.manifestDigest);
      expect(store.resolve("kubun.test/busybox:1.35")?.id).toBe(img.id);
      const fs = store.layers.fsDir(built.diffIDs[0]!);
      expect(lstatSync(join(fs, "bin/sh")).isSymbolicLink()).toBe(true);
      expect(store.layers.meta(built.diffIDs[0]!)).toBeDefined();
      // a second import reuses blobs and layers
      const again = await importImage(store, file);
      expect(again.images[0]!.manifestDigest).toBe(img.manifestDigest);
      expect(store.list()).toHaveLength(1);
    });
  }

  test("docker.io names are normalized; tag-only ref.name needs a base name", async () => {
    const file = join(tmp, "refname.tar");
    await buildBusyboxImage(file, { refNameOnly: "1.0" });
    const store = new ImageStore(join(tmp, "store-ref"));
    const r = await importImage(store, file, { unpack: false });
    expect(r.images[0]!.names).toEqual([]);
    expect(r.warnings[0]).toMatch(/only the tag "1.0"/);
    const r2 = await importImage(store, file, { baseName: "busybox", unpack: false });
    expect(r2.images[0]!.names).toEqual(["docker.io/library/busybox:1.0"]);
    const d = join(tmp, "docker-hub.tar");
    await buildBusyboxImage(d, { format: "docker", name: "busybox:latest" });
    expect((await importImage(store, d, { unpack: false })).images[0]!.names).toEqual(["docker.io/library/busybox:latest"]);
  });

  test("a store sees images another store on the same folder imports, and keeps them when it writes", async () => {
    // The running kubelet and `kubun images import` are two processes on one image store.
    const root = join(tmp, "store-shared");
    const running = new ImageStore(root);
    const a = join(tmp, "shared-a.tar");
    const b = join(tmp, "shared-b.tar");
    await buildBusyboxImage(a, { name: "kubun.test/a:1" });
    await buildBusyboxImage(b, { name: "kubun.test/b:1", extraLayers: [(w) => w.file("b.txt", "b")] });
    expect(running.resolve("kubun.test/a:1")).toBeUndefined();
    await importImage(new ImageStore(root), a, { unpack: false });
    expect(running.resolve("kubun.test/a:1")?.names).toEqual(["kubun.test/a:1"]);
    // a write by the running store merges what the other wrote since
    const cli = new ImageStore(root);
    await importImage(cli, b, { unpack: false });
    await running.remove("kubun.test/a:1");
    expect(new ImageStore(root).list().map((r) => r.names[0])).toEqual(["kubun.test/b:1"]);
    expect(cli.list().map((r) => r.names[0])).toEqual(["kubun.test/b:1"]);
  });

  test("rejects something that is not an image", async () => {
    const f = join(tmp, "junk.tar");
    writeFileSync(f, new Uint8Array(1024));
    const store = new ImageStore(join(tmp, "store-junk"));
    await expect(importImage(store, f)).rejects.toThrow(/neither an OCI image layout/);
  });

  const modes: Array<[RootfsMode, LayerFormat, boolean]> = [
    ["copy", "plain", isRoot],
    ["copy", "overlay", isRoot],
    ["overlay", "overlay", overlayOk],
  ];
  for (const [mode, format, enabled] of modes) {
    test.skipIf(!enabled)(`rootfs by ${mode} from ${format} layers applies whiteouts and runs busybox`, async () => {
      const file = join(tmp, `wh-${mode}-${format}.tar`);
      await buildBusyboxImage(file, {
        name: "kubun.test/wh:1",
        extraLayers: [
          (w) => w.dir("data").file("data/keep", "k").file("data/drop", "d").dir("opq").file("opq/old", "o"),
          (w) => w.file("data/.wh.drop", "").file("opq/.wh..wh..opq", "").file("opq/new", "n").file("bin/.wh.vi", ""),
        ],
      });
      const store = new ImageStore(join(tmp, `store-wh-${mode}-${format}`), format);
      const img = (await importImage(store, file)).images[0]!;
      const metas = await store.unpack(img);
      const builder = new RootfsBuilder(mode);
      const cdir = join(tmp, `c-${mode}-${format}`);
      const rootfs = await builder.create(cdir, store.layerDirs(img), metas);
      try {
        expect(readFileSync(join(rootfs, "data/keep"), "utf8")).toBe("k");
        expect(existsSync(join(rootfs, "data/drop"))).toBe(false);
        expect(existsSync(join(rootfs, "opq/old"))).toBe(false);
        expect(readFileSync(join(rootfs, "opq/new"), "utf8")).toBe("n");
        expect(existsSync(join(rootfs, "bin/vi"))).toBe(false);
        const p = Bun.spawnSync(["chroot", rootfs, "/bin/sh", "-c", "echo hi > /tmp/x && cat /tmp/x && ls /data"]);
        expect(p.stdout.toString()).toBe("hi\nkeep\n");
        // the container's writes never reach the shared layers
        for (const l of store.layerDirs(img)) expect(existsSync(join(l, "tmp/x"))).toBe(false);
      } finally {
        await builder.destroy(cdir);
      }
      expect(existsSync(cdir)).toBe(false);
    });
  }
});
