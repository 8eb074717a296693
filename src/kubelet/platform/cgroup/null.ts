/**
 * The manager for a host without a usable cgroup2 filesystem: nothing is created or
 * limited, every limit kind is reported as unenforceable, and `dir()` is "" so the
 * runtime spawns without the `cgroup` option.
 */
import { type CgroupManager, type CgroupReport, type CgroupStats, REQUIRED_CONTROLLERS } from "../cgroup.ts";

export class NullCgroupManager implements CgroupManager {
  readonly root = "";
  readonly available = new Set<never>();
  constructor(private readonly reason = "no cgroup2 filesystem is mounted") {}
  report(): CgroupReport {
    return {
      mode: "none",
      mountPoint: null,
      available: [],
      missing: [...REQUIRED_CONTROLLERS],
      unenforceable: [`cannot enforce any resource limits: ${this.reason}`],
    };
  }
  dir(): string {
    return "";
  }
  async exists(): Promise<boolean> {
    return false;
  }
  async ensure(): Promise<string> {
    return "";
  }
  async setLimits(): Promise<void> {}
  async getLimits() {
    return {};
  }
  async stats(): Promise<CgroupStats> {
    return { cpu: { usageUsec: 0, userUsec: 0, systemUsec: 0, nrPeriods: 0, nrThrottled: 0, throttledUsec: 0 } };
  }
  async procs(): Promise<number[]> {
    return [];
  }
  async allProcs(): Promise<number[]> {
    return [];
  }
  async kill(): Promise<void> {}
  async remove(): Promise<void> {}
  async children(): Promise<string[]> {
    return [];
  }
}
