/**
 * Unpacks one layer tar into a directory, applying the OCI whiteout conventions:
 * `.wh.<name>` deletes <name> from lower layers, `.wh..wh..opq` hides a directory's
 * lower contents. In "overlay" format whiteouts become overlayfs whiteouts (char
 * device 0/0) and opaque directories get trusted.overlay.opaque=y; in "plain"
 * format they are only recorded. Both record them in the result for copy-mode
 * rootfs assembly. Entries that would escape the destination are refused.
 */
import {
  chmodSync,
  chownSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join, posix } from "node:path";
import { libc } from "../platform/libc.ts";
import type { TarEntry } from "./tar/reader.ts";

export type LayerFormat = "overlay" | "plain";

export interface UnpackResult {
  /** Paths (relative, no leading slash) removed by this layer. */
  whiteouts: string[];
  /** Directories (relative) whose lower contents this layer hides. */
  opaques: string[];
  entries: number;
  bytes: number;
  /** Entries skipped because this process cannot create them (device nodes without privileges...). */
  skipped: string[];
}

const WH = ".wh.";
const OPAQUE = ".wh..wh..opq";

export class LayerPathError extends Error {}

/** A clean relative path or throws; "" is the layer root. */
export function cleanEntryPath(name: string): string {
  const p = posix.normalize("/" + name).slice(1).replace(/\/$/, "");
  if (p === ".." || p.startsWith("../")) throw new LayerPathError(`layer entry escapes the root: ${name}`);
  return p === "." ? "" : p;
}

export async function unpackLayer(entries: AsyncIterable<TarEntry>, dest: string, format: LayerFormat): Promise<UnpackResult> {
  const sys = format === "overlay" ? libc() : null;
  if (format === "overlay" && !sys) throw new Error("overlay layer format needs mknod/setxattr (libc unavailable)");
  const asRoot = process.getuid?.() === 0;
  const result: UnpackResult = { whiteouts: [], opaques: [], entries: 0, bytes: 0, skipped: [] };
  const safeDirs = new Set<string>([""]);
  const dirTimes: Array<[string, number]> = [];
  mkdirSync(dest, { recursive: true });

  /** Creates the parents of rel, refusing any that is (or became) a symlink. */
  const ensureParents = (rel: string) => {
    const parts = rel.split("/");
    parts.pop();
    let cur = "";
    for (const part of parts) {
      cur = cur === "" ? part : `${cur}/${part}`;
      if (safeDirs.has(cur)) continue;
      const abs = join(dest, cur);
      let st;
      try {
        st = lstatSync(abs);
      } catch {
        mkdirSync(abs, { mode: 0o755 });
        safeDirs.add(cur);
        continue;
      }
      if (st.isSymbolicLink()) throw new LayerPathError(`layer entry traverses a symlink: ${rel}`);
      if (!st.isDirectory()) {
        rmSync(abs, { force: true });
        mkdirSync(abs, { mode: 0o755 });
      }
      safeDirs.add(cur);
    }
  };

  const removeExisting = (abs: string, keepDir: boolean) => {
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return;
    }
    if (keepDir && st.isDirectory()) return;
    rmSync(abs, { recursive: true, force: true });
  };

  for await (const { header: h, data } of entries) {
    const rel = cleanEntryPath(h.name);
    result.entries++;
    if (rel === "") {
      if (h.type === "dir") dirTimes.push([dest, h.mtime]);
      continue;
    }
    const base = posix.basename(rel);
    const parent = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
    if (base === OPAQUE) {
      result.opaques.push(parent);
      if (sys) {
        ensureParents(rel);
        sys.lsetxattr(parent === "" ? dest : join(dest, parent), "trusted.overlay.opaque", "y");
      }
      continue;
    }
    if (base.startsWith(WH)) {
      const target = parent === "" ? base.slice(WH.length) : `${parent}/${base.slice(WH.length)}`;
      result.whiteouts.push(target);
      if (sys) {
        ensureParents(target);
        removeExisting(join(dest, target), false);
        sys.mkWhiteout(join(dest, target));
      }
      continue;
    }
    ensureParents(rel);
    const abs = join(dest, rel);
    switch (h.type) {
      case "dir":
        removeExisting(abs, true);
        mkdirSync(abs, { recursive: true });
        if (asRoot) chownSync(abs, h.uid, h.gid);
        chmodSync(abs, h.mode & 0o7777);
        dirTimes.push([abs, h.mtime]);
        for (const s of safeDirs) if (s === rel || s.startsWith(rel + "/")) safeDirs.delete(s);
        safeDirs.add(rel);
        break;
      case "file":
        removeExisting(abs, false);
        writeFileSync(abs, data, { mode: h.mode & 0o777 });
        if (asRoot) chownSync(abs, h.uid, h.gid);
        chmodSync(abs, h.mode & 0o7777);
        utimesSync(abs, h.mtime, h.mtime);
        result.bytes += data.length;
        break;
      case "symlink":
        removeExisting(abs, false);
        symlinkSync(h.linkname, abs);
        if (asRoot) lchownSync(abs, h.uid, h.gid);
        lutimesSync(abs, h.mtime, h.mtime);
        break;
      case "hardlink": {
        const target = cleanEntryPath(h.linkname);
        removeExisting(abs, false);
        linkSync(join(dest, target), abs);
        break;
      }
      default:
        // Device nodes and fifos need privileges and tools we do not assume.
        result.skipped.push(rel);
        continue;
    }
    if (sys && h.pax) {
      for (const [k, v] of Object.entries(h.pax)) {
        if (!k.startsWith("SCHILY.xattr.")) continue;
        try {
          sys.lsetxattr(abs, k.slice("SCHILY.xattr.".length), v);
        } catch {
          // xattrs are best effort (security.* may be refused by the filesystem)
        }
      }
    }
  }
  // Directory times last, deepest first: writing children changes them.
  for (const [abs, mtime] of dirTimes.reverse()) utimesSync(abs, mtime, mtime);
  return result;
}
