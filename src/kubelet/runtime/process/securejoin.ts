/**
 * Resolves a path inside a container root the way the container would see it:
 * symlinks are followed relative to the root (absolute targets restart at the root),
 * ".." never climbs above it. Used before bind-mounting into a rootfs from the host,
 * where following an image's symlink naively could mount over a host path.
 */
import { lstatSync, readlinkSync } from "node:fs";
import { join } from "node:path";

const MAX_LINKS = 255;

export function secureJoin(root: string, path: string): string {
  const done: string[] = [];
  const todo = path.split("/").filter((p) => p !== "" && p !== ".");
  let links = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === "..") {
      done.pop();
      continue;
    }
    if (part === ".") continue;
    const candidate = join(root, ...done, part);
    let isLink = false;
    try {
      isLink = lstatSync(candidate).isSymbolicLink();
    } catch {
      isLink = false;
    }
    if (!isLink) {
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) throw new Error(`too many symlinks resolving ${path} in ${root}`);
    const target = readlinkSync(candidate);
    if (target.startsWith("/")) done.length = 0;
    todo.unshift(...target.split("/").filter((p) => p !== "" && p !== "."));
  }
  return join(root, ...done);
}
