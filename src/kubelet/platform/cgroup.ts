/**
 * The kubelet's view of a cgroup v2 hierarchy. Paths are relative to the manager's
 * root (for example "kubepods/burstable/pod<uid>/app"); `dir()` turns one into the
 * absolute directory that `Bun.spawn({ cgroup })` joins.
 *
 * Contract: a limit whose controller is not enabled is never written and never
 * silently claimed; `report()` says which limits cannot be enforced.
 */

export type Controller = "cpu" | "cpuset" | "io" | "memory" | "pids" | "hugetlb" | "misc" | "rdma";

/** Controllers the kubelet needs to enforce pod resource limits. */
export const REQUIRED_CONTROLLERS = ["cpu", "memory", "pids"] as const satisfies readonly Controller[];

/** Limits for one cgroup. `null` means "max" (unlimited); an absent field is left untouched. */
export interface CgroupLimits {
  /** cpu.max quota in microseconds per period. */
  cpuQuota?: number | null;
  /** cpu.max period in microseconds (default 100000). */
  cpuPeriod?: number;
  /** cpu.weight, 1..10000. */
  cpuWeight?: number;
  /** memory.max in bytes. */
  memoryMax?: number | null;
  /** pids.max. */
  pidsMax?: number | null;
  /** memory.oom.group: the OOM killer takes the whole cgroup (upstream sets it for containers). */
  oomGroup?: boolean;
}

export interface CpuStat {
  usageUsec: number;
  userUsec: number;
  systemUsec: number;
  nrPeriods: number;
  nrThrottled: number;
  throttledUsec: number;
}

export interface MemoryEvents {
  low: number;
  high: number;
  max: number;
  oom: number;
  oomKill: number;
}

export interface CgroupStats {
  cpu: CpuStat;
  /** Absent when the memory controller is not enabled for this cgroup. */
  memoryCurrent?: number;
  memoryEvents?: MemoryEvents;
  pidsCurrent?: number;
}

/** What the node can and cannot enforce, for node conditions and the start warning. */
export interface CgroupReport {
  /** "v2": cgroup2 holds the controllers; "hybrid": cgroup2 mounted beside v1; "none": no cgroup2. */
  mode: "v2" | "hybrid" | "none";
  mountPoint: string | null;
  available: Controller[];
  missing: Controller[];
  /** Human sentences, one per limit kind that cannot be enforced. Empty when all can. */
  unenforceable: string[];
}

export interface CgroupManager {
  /** Absolute path of the directory that relative paths are resolved against. */
  readonly root: string;
  /** Controllers that can be enabled for the kubelet's cgroups. */
  readonly available: ReadonlySet<Controller>;
  report(): CgroupReport;
  dir(path: string): string;
  exists(path: string): Promise<boolean>;
  /**
   * Creates `path` and every missing parent, enabling in each parent's
   * subtree_control the available controllers, then applies `limits`.
   */
  ensure(path: string, limits?: CgroupLimits): Promise<string>;
  setLimits(path: string, limits: CgroupLimits): Promise<void>;
  /** Reads back the limits as the kernel holds them (absent where no controller). */
  getLimits(path: string): Promise<CgroupLimits>;
  stats(path: string): Promise<CgroupStats>;
  /** Process ids in this cgroup only (not descendants). */
  procs(path: string): Promise<number[]>;
  /** Process ids in this cgroup and all descendants. */
  allProcs(path: string): Promise<number[]>;
  /** SIGKILLs every process in the subtree (cgroup.kill when the kernel has it). */
  kill(path: string): Promise<void>;
  /**
   * Kills what is left, waits until the subtree is empty (up to timeoutMs) and
   * removes it, deepest first. Missing paths are not an error.
   */
  remove(path: string, timeoutMs?: number): Promise<void>;
  /** Child cgroup names directly under `path`. */
  children(path: string): Promise<string[]>;
}
