/**
 * The few file operations the cgroup manager performs, so that a test can swap the
 * kernel's cgroupfs for a simulation over a temporary directory (see fake-fs.ts).
 * All paths are absolute. Errors carry a Node-style `code` (ENOENT, EBUSY, EINVAL).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";

export interface CgroupFs {
  exists(path: string): boolean;
  /** Creates one directory (its parent exists). */
  mkdir(path: string): void;
  /** Removes one empty cgroup directory. */
  rmdir(path: string): void;
  read(path: string): string;
  write(path: string, data: string): void;
  /** Names of child directories. */
  subdirs(path: string): string[];
}

export const kernelCgroupFs: CgroupFs = {
  exists: (p) => existsSync(p),
  mkdir: (p) => mkdirSync(p),
  rmdir: (p) => rmdirSync(p),
  read: (p) => readFileSync(p, "utf8"),
  write: (p, d) => writeFileSync(p, d),
  subdirs: (p) =>
    readdirSync(p, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name),
};

export function fsError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

export function errorCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : undefined;
}
