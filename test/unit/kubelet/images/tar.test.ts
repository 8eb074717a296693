import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, linkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTar, type TarEntry } from "../../../../src/kubelet/images/tar/reader.ts";
import { TarWriter } from "../../../../src/kubelet/images/tar/writer.ts";

const tmp = mkdtempSync(join(tmpdir(), "kubun-tar-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function all(src: Uint8Array | ReadableStream<Uint8Array>): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const e of readTar(src)) out.push(e);
  return out;
}

const longDir = "d".repeat(120);
const longName = `${longDir}/${"f".repeat(110)}.txt`;
/** Fits ustar only through the 155-byte prefix field. */
const splitName = `${longDir}/short.txt`;

function makeTree(): string {
  const root = join(tmp, "tree");
  mkdirSync(join(root, longDir), { recursive: true });
  writeFileSync(join(root, "a.txt"), "hello\n");
  writeFileSync(join(root, longName), "long\n");
  writeFileSync(join(root, splitName), "split\n");
  symlinkSync("a.txt", join(root, "link"));
  symlinkSync("x".repeat(150), join(root, "longlink"));
  linkSync(join(root, "a.txt"), join(root, "hard"));
  writeFileSync(join(root, "big.bin"), new Uint8Array(70000).map((_, i) => i % 251));
  return root;
}

describe("readTar against GNU tar", () => {
  const root = makeTree();
  for (const format of ["gnu", "pax", "ustar", "oldgnu"]) {
    test(`format ${format}`, async () => {
      const file = join(tmp, `t-${format}.tar`);
      // ustar cannot hold a 150-byte link target: leave it out there.
      // ustar holds neither a 114-byte leaf name nor a 150-byte link target.
      const ustar = format === "ustar";
      const members = ["a.txt", splitName, "link", "hard", "big.bin", ...(ustar ? [] : [longName, "longlink"])];
      const r = Bun.spawnSync(["tar", `--format=${format}`, "-C", root, "-cf", file, ...members]);
      expect(r.stderr.toString()).toBe("");
      expect(r.exitCode).toBe(0);
      const entries = await all(Bun.file(file).stream());
      const byName = new Map(entries.map((e) => [e.header.name, e]));
      expect(new TextDecoder().decode(byName.get("a.txt")!.data)).toBe("hello\n");
      expect(new TextDecoder().decode(byName.get(splitName)!.data)).toBe("split\n");
      if (!ustar) expect(new TextDecoder().decode(byName.get(longName)!.data)).toBe("long\n");
      expect(byName.get("link")!.header).toMatchObject({ type: "symlink", linkname: "a.txt" });
      expect(byName.get("hard")!.header).toMatchObject({ type: "hardlink", linkname: "a.txt" });
      expect(byName.get("big.bin")!.data).toEqual(new Uint8Array(readFileSync(join(root, "big.bin"))));
      if (!ustar) expect(byName.get("longlink")!.header.linkname).toBe("x".repeat(150));
    });
  }

  test("gzip stream through DecompressionStream", async () => {
    const file = join(tmp, "t.tar.gz");
    expect(Bun.spawnSync(["tar", "-C", root, "-czf", file, "a.txt", "big.bin"]).exitCode).toBe(0);
    const entries = await all(Bun.file(file).stream().pipeThrough(new DecompressionStream("gzip")));
    expect(entries.map((e) => e.header.name)).toEqual(["a.txt", "big.bin"]);
    expect(entries[1]!.data.length).toBe(70000);
  });
});

describe("TarWriter", () => {
  test("round trips through our reader and GNU tar", async () => {
    const w = new TarWriter()
      .dir("etc", { mode: 0o755 })
      .file("etc/hostname", "node\n", { mode: 0o600, uid: 1000, gid: 1000, mtime: 1700000000 })
      .file(longName, "long\n")
      .symlink("bin/sh", "busybox")
      .symlink("deep", "y".repeat(200))
      .hardlink("etc/hn", "etc/hostname")
      .file("empty", "");
    const archive = w.finish();
    const entries = await all(archive);
    expect(entries.map((e) => [e.header.name, e.header.type])).toEqual([
      ["etc/", "dir"],
      ["etc/hostname", "file"],
      [longName, "file"],
      ["bin/sh", "symlink"],
      ["deep", "symlink"],
      ["etc/hn", "hardlink"],
      ["empty", "file"],
    ]);
    expect(entries[1]!.header).toMatchObject({ mode: 0o600, uid: 1000, gid: 1000, mtime: 1700000000, size: 5 });
    expect(entries[4]!.header.linkname).toBe("y".repeat(200));

    const file = join(tmp, "ours.tar");
    writeFileSync(file, archive);
    const listed = Bun.spawnSync(["tar", "-tvf", file]);
    expect(listed.exitCode).toBe(0);
    const out = listed.stdout.toString();
    expect(out).toContain(longName);
    expect(out).toContain("deep -> " + "y".repeat(200));
    const x = join(tmp, "x");
    mkdirSync(x);
    expect(Bun.spawnSync(["tar", "-C", x, "-xf", file]).exitCode).toBe(0);
    expect(readFileSync(join(x, "etc/hostname"), "utf8")).toBe("node\n");
  });

  test("rejects a corrupted header", async () => {
    const a = new TarWriter().file("x", "y").finish();
    a[10] = 0x41;
    await expect(all(a)).rejects.toThrow(/checksum/);
  });

  test("truncated archive fails loudly", async () => {
    const a = new TarWriter().file("x", "y".repeat(2000)).finish();
    await expect(all(a.subarray(0, 1024))).rejects.toThrow(/unexpected end/);
  });
});
