/**
 * Upstream's AtomicWriter for configMap, secret, downwardAPI and projected volumes:
 * the files live in a timestamped directory `..<ts>`, `..data` is a symlink to it, and
 * each top-level name is a symlink through `..data`. An update writes a new directory
 * and swaps `..data` with a rename, so a reader never sees half an update.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";

export interface ProjectedFile {
  data: Uint8Array;
  mode: number;
}

const DATA = "..data";

export class ProjectionPathError extends Error {}

function validPath(p: string): boolean {
  if (p === "" || p.startsWith("/") || p.startsWith("..")) return false;
  return !p.split("/").some((s) => s === ".." || s === "");
}

function sameContent(dir: string, files: Map<string, ProjectedFile>): boolean {
  const cur = join(dir, DATA);
  if (!existsSync(cur)) return false;
  const listed = new Set<string>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), rel);
      else listed.add(rel);
    }
  };
  walk(cur, "");
  if (listed.size !== files.size) return false;
  for (const [p, f] of files) {
    if (!listed.has(p)) return false;
    const on = join(cur, p);
    if ((lstatSync(on).mode & 0o7777) !== f.mode) return false;
    if (!Buffer.from(readFileSync(on)).equals(Buffer.from(f.data))) return false;
  }
  return true;
}

/** Writes `files` (relative paths) into `dir`; returns false when nothing changed. */
export function writeProjection(dir: string, files: Map<string, ProjectedFile>): boolean {
  for (const p of files.keys()) if (!validPath(p)) throw new ProjectionPathError(`invalid path ${JSON.stringify(p)}`);
  mkdirSync(dir, { recursive: true });
  if (sameContent(dir, files)) return false;
  const ts = `..${new Date().toISOString().replace(/[-:.]/g, "_")}.${process.hrtime.bigint().toString(36)}`;
  const tsDir = join(dir, ts);
  mkdirSync(tsDir, { mode: 0o755 });
  for (const [p, f] of files) {
    const target = join(tsDir, p);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.data, { mode: f.mode });
  }
  const old = existsSync(join(dir, DATA)) ? readlinkSync(join(dir, DATA)) : undefined;
  const tmpLink = join(dir, `..data_tmp`);
  rmSync(tmpLink, { force: true });
  symlinkSync(ts, tmpLink);
  renameSync(tmpLink, join(dir, DATA));
  const tops = new Set([...files.keys()].map((p) => p.split("/")[0]!));
  for (const top of tops) {
    const link = join(dir, top);
    let ok = false;
    try {
      ok = lstatSync(link).isSymbolicLink() && readlinkSync(link) === posix.join(DATA, top);
    } catch {
      ok = false;
    }
    if (!ok) {
      rmSync(link, { recursive: true, force: true });
      symlinkSync(posix.join(DATA, top), link);
    }
  }
  for (const e of readdirSync(dir)) {
    if (e.startsWith("..")) continue;
    if (!tops.has(e)) rmSync(join(dir, e), { recursive: true, force: true });
  }
  if (old && old !== ts) rmSync(join(dir, old), { recursive: true, force: true });
  return true;
}
