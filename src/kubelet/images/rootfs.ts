/**
 * Container root filesystems assembled from unpacked layers: an overlayfs mount
 * (lower = the image's layers, upper = the container's own changes) where the
 * kernel allows, otherwise a private copy with whiteouts applied layer by layer.
 * Layout of a container directory: rootfs/ (what the container sees), upper/, work/.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { libc, MNT_DETACH } from "../platform/libc.ts";
import type { LayerMeta } from "./layers.ts";

export type RootfsMode = "overlay" | "copy";

/** Longest mount data the kernel takes in one page, with room to spare. */
const MAX_MOUNT_DATA = 3800;

export class RootfsBuilder {
  constructor(readonly mode: RootfsMode) {}

  /**
   * Whether an overlayfs can be mounted with its upper directory under `workDir`
   * (needs root, the overlay filesystem, and a filesystem that supports it as upper).
   */
  static probe(workDir: string): RootfsMode {
    const sys = libc();
    if (!sys || process.getuid?.() !== 0) return "copy";
    const dir = join(workDir, `.overlay-probe-${process.pid}`);
    for (const d of ["lower", "upper", "work", "merged"]) mkdirSync(join(dir, d), { recursive: true });
    try {
      sys.mount("overlay", join(dir, "merged"), "overlay", 0, `lowerdir=${join(dir, "lower")},upperdir=${join(dir, "upper")},workdir=${join(dir, "work")}`);
      sys.umount(join(dir, "merged"), MNT_DETACH);
      return "overlay";
    } catch {
      return "copy";
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Builds <containerDir>/rootfs from layer directories (bottom first) and returns its path. */
  async create(containerDir: string, layerDirs: string[], metas: LayerMeta[]): Promise<string> {
    const rootfs = join(containerDir, "rootfs");
    mkdirSync(rootfs, { recursive: true });
    if (this.mode === "overlay") {
      const upper = join(containerDir, "upper");
      const work = join(containerDir, "work");
      mkdirSync(upper, { recursive: true });
      mkdirSync(work, { recursive: true });
      let lowers = [...layerDirs].reverse();
      if (lowers.length === 0) {
        const empty = join(containerDir, "empty");
        mkdirSync(empty, { recursive: true });
        lowers = [empty];
      }
      const sys = libc()!;
      const data = `lowerdir=${lowers.join(":")},upperdir=${upper},workdir=${work}`;
      if (data.length <= MAX_MOUNT_DATA) sys.mount("overlay", rootfs, "overlay", 0, data);
      else {
        // Many layers: relative lower paths from a common directory keep the data short.
        const base = commonDir(lowers);
        const rel = `lowerdir=${lowers.map((l) => relative(base, l)).join(":")},upperdir=${upper},workdir=${work}`;
        const cwd = process.cwd();
        process.chdir(base);
        try {
          sys.mount("overlay", rootfs, "overlay", 0, rel);
        } finally {
          process.chdir(cwd);
        }
      }
      return rootfs;
    }
    for (let i = 0; i < layerDirs.length; i++) {
      const meta = metas[i];
      if (meta) {
        for (const o of meta.opaques) emptyDir(join(rootfs, o));
        for (const w of meta.whiteouts) rmSync(join(rootfs, w), { recursive: true, force: true });
      }
      await copyTree(layerDirs[i]!, rootfs);
      // Overlay-format layers carry whiteout devices; they mean "absent" here.
      if (meta?.format === "overlay") for (const w of meta.whiteouts) rmSync(join(rootfs, w), { recursive: true, force: true });
    }
    return rootfs;
  }

  /** Unmounts the rootfs (and anything mounted below it), leaving the directory. */
  release(containerDir: string): void {
    const rootfs = join(containerDir, "rootfs");
    if (this.mode === "overlay" && existsSync(rootfs)) {
      try {
        libc()?.umount(rootfs, MNT_DETACH);
      } catch {
        // not mounted
      }
    }
  }

  /** Unmounts and deletes a container directory that has no other mounts below it. */
  async destroy(containerDir: string): Promise<void> {
    this.release(containerDir);
    rmSync(containerDir, { recursive: true, force: true });
  }
}

function emptyDir(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir)) rmSync(join(dir, e), { recursive: true, force: true });
}

function commonDir(paths: string[]): string {
  let parts = paths[0]!.split("/");
  for (const p of paths.slice(1)) {
    const q = p.split("/");
    let i = 0;
    while (i < parts.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join("/") || "/";
}

/** cp -a semantics: modes, owners, times, links, xattrs; existing files are replaced. */
async function copyTree(src: string, dest: string): Promise<void> {
  const p = Bun.spawn(["cp", "-a", "--remove-destination", `${src}/.`, `${dest}/`], { stdout: "ignore", stderr: "pipe" });
  const code = await p.exited;
  if (code !== 0) throw new Error(`copying layer ${src}: ${(await new Response(p.stderr).text()).trim()}`);
}
