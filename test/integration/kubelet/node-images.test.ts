import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importDroppedImages, importImageFile, listImages, openNodeImages } from "../../../src/kubelet/images/node-images.ts";
import { buildBusyboxImage, haveBusybox } from "./fixtures/busybox-image.ts";

const tmp = mkdtempSync(join(tmpdir(), "kubun-nodeimg-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!haveBusybox())("node images (CLI entry points)", () => {
  test("import a file, list it", async () => {
    const data = join(tmp, "d1");
    const file = join(tmp, "bb.tar");
    const built = await buildBusyboxImage(file);
    const r = await importImageFile(data, file);
    expect(r.images[0]!.names).toEqual(["kubun.test/busybox:1.35"]);
    expect(listImages(data)).toEqual([{ name: "kubun.test/busybox:1.35", id: built.configDigest, digest: built.manifestDigest, size: r.images[0]!.size }]);
  });

  test("tarballs dropped in agent/images are imported once; broken ones are reported", async () => {
    const data = join(tmp, "d2");
    mkdirSync(join(data, "agent", "images"), { recursive: true });
    await buildBusyboxImage(join(data, "agent", "images", "a.tar"), { name: "kubun.test/a:1" });
    await buildBusyboxImage(join(data, "agent", "images", "b.tar.gz"), { name: "kubun.test/b:1", format: "docker" });
    writeFileSync(join(data, "agent", "images", "broken.tar"), "nope");
    writeFileSync(join(data, "agent", "images", "README"), "ignored");
    const images = openNodeImages(data);
    const first = await importDroppedImages(data, images);
    expect(first.map((f) => [f.file.split("/").pop(), f.error === undefined])).toEqual([
      ["a.tar", true],
      ["b.tar.gz", true],
      ["broken.tar", false],
    ]);
    expect(listImages(data).map((i) => i.name)).toEqual(["kubun.test/a:1", "kubun.test/b:1"]);
    const second = await importDroppedImages(data, images);
    expect(second.map((f) => f.file.split("/").pop())).toEqual(["broken.tar"]);
  });
});
