/** Finds the cgroup v2 mount of this host from /proc/self/mountinfo. */
import { readFileSync } from "node:fs";

export interface CgroupMounts {
  /** Mount point of the cgroup2 filesystem, or null. */
  v2: string | null;
  /** Whether cgroup v1 hierarchies are mounted too (hybrid). */
  hasV1: boolean;
}

/** Parses mountinfo text (see proc(5)): fields before " - " then fstype. */
export function parseMountinfo(text: string): CgroupMounts {
  let v2: string | null = null;
  let hasV1 = false;
  for (const line of text.split("\n")) {
    const sep = line.indexOf(" - ");
    if (sep < 0) continue;
    const pre = line.slice(0, sep).split(" ");
    const fstype = line.slice(sep + 3).split(" ")[0];
    const mountPoint = unescapeOctal(pre[4] ?? "");
    if (fstype === "cgroup2") {
      // Prefer the canonical location when several cgroup2 mounts exist.
      if (v2 === null || mountPoint === "/sys/fs/cgroup") v2 = mountPoint;
    } else if (fstype === "cgroup") hasV1 = true;
  }
  return { v2, hasV1 };
}

function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function detectCgroupMounts(mountinfoPath = "/proc/self/mountinfo"): CgroupMounts {
  try {
    return parseMountinfo(readFileSync(mountinfoPath, "utf8"));
  } catch {
    return { v2: null, hasV1: false };
  }
}
