/** Picks the cgroup manager for this host: cgroup v2 when mounted, else the null manager. */
import type { CgroupManager } from "../cgroup.ts";
import { detectCgroupMounts } from "./detect.ts";
import { CgroupV2Manager } from "./manager.ts";
import { NullCgroupManager } from "./null.ts";

export function openHostCgroups(mountinfoPath?: string): CgroupManager {
  const m = detectCgroupMounts(mountinfoPath);
  if (m.v2 === null) return new NullCgroupManager();
  try {
    return CgroupV2Manager.open({ root: m.v2, mode: m.hasV1 ? "hybrid" : "v2" });
  } catch (e) {
    return new NullCgroupManager(`cgroup2 at ${m.v2} is not usable: ${(e as Error).message}`);
  }
}
