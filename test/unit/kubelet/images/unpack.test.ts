import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEntryPath, unpackLayer } from "../../../../src/kubelet/images/unpack.ts";
import { readTar } from "../../../../src/kubelet/images/tar/reader.ts";
import { TarWriter } from "../../../../src/kubelet/images/tar/writer.ts";

const tmp = mkdtempSync(join(tmpdir(), "kubun-unpack-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const dest = () => join(tmp, `d${n++}`);

describe("cleanEntryPath", () => {
  const cases: Array<[string, string]> = [
    ["./etc/passwd", "etc/passwd"],
    ["/abs/path", "abs/path"],
    ["a/b/../c", "a/c"],
    ["dir/", "dir"],
    ["./", ""],
  ];
  for (const [i, want] of cases) test(`${i} -> ${want}`, () => expect(cleanEntryPath(i)).toBe(want));
  test("parent references are clamped at the layer root", () => {
    expect(cleanEntryPath("../x")).toBe("x");
    expect(cleanEntryPath("a/../../../etc/shadow")).toBe("etc/shadow");
  });
});

describe("unpackLayer (plain format)", () => {
  test("files, dirs, modes, links and times", async () => {
    const d = dest();
    const tar = new TarWriter()
      .dir("etc", { mode: 0o750, mtime: 1000 })
      .file("etc/conf", "x=1\n", { mode: 0o640, mtime: 2000 })
      .file("bin/tool", "#!/bin/sh\n", { mode: 0o4755 })
      .symlink("bin/t", "tool")
      .hardlink("etc/conf2", "etc/conf")
      .finish();
    const r = await unpackLayer(readTar(tar), d, "plain");
    expect(r.entries).toBe(5);
    expect(readFileSync(join(d, "etc/conf"), "utf8")).toBe("x=1\n");
    expect(statSync(join(d, "etc/conf")).mode & 0o7777).toBe(0o640);
    expect(statSync(join(d, "etc")).mode & 0o7777).toBe(0o750);
    expect(statSync(join(d, "etc")).mtimeMs).toBe(1000_000);
    expect(statSync(join(d, "etc/conf")).mtimeMs).toBe(2000_000);
    expect(statSync(join(d, "bin/tool")).mode & 0o7777).toBe(0o4755);
    expect(readlinkSync(join(d, "bin/t"))).toBe("tool");
    expect(statSync(join(d, "etc/conf2")).ino).toBe(statSync(join(d, "etc/conf")).ino);
  });

  test("whiteouts are recorded, not materialized", async () => {
    const d = dest();
    const tar = new TarWriter().file("a/.wh.gone", "").file("b/.wh..wh..opq", "").file("b/new", "n").file(".wh.top", "").finish();
    const r = await unpackLayer(readTar(tar), d, "plain");
    expect(r.whiteouts.sort()).toEqual(["a/gone", "top"]);
    expect(r.opaques).toEqual(["b"]);
    expect(existsSync(join(d, "a/.wh.gone"))).toBe(false);
    expect(existsSync(join(d, "b/.wh..wh..opq"))).toBe(false);
    expect(readFileSync(join(d, "b/new"), "utf8")).toBe("n");
  });

  test("later entries replace earlier ones; a dir entry keeps existing children", async () => {
    const d = dest();
    const tar = new TarWriter().file("x", "1").file("x", "2").file("dir/child", "c").dir("dir", { mode: 0o700 }).symlink("x", "dir").finish();
    await unpackLayer(readTar(tar), d, "plain");
    expect(lstatSync(join(d, "x")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "dir/child"), "utf8")).toBe("c");
  });

  test("refuses to write through a symlink planted in the same layer", async () => {
    const d = dest();
    const outside = join(tmp, "outside");
    const tar = new TarWriter().symlink("evil", outside).file("evil/pwned", "x").finish();
    await expect(unpackLayer(readTar(tar), d, "plain")).rejects.toThrow(/symlink/);
    expect(existsSync(join(outside, "pwned"))).toBe(false);
  });

  test("a hardlink cannot point outside the layer", async () => {
    const d = dest();
    const tar = new TarWriter().hardlink("h", "../../../../etc/passwd").finish();
    // "../../etc/passwd" is cleaned to "etc/passwd" inside the layer, which does not exist.
    await expect(unpackLayer(readTar(tar), d, "plain")).rejects.toThrow(/ENOENT/);
  });
});
