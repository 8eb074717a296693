/**
 * The kubepods hierarchy, as upstream's cgroupfs layout:
 *   <base>                      node allocatable
 *   <base>/pod<uid>             Guaranteed pods
 *   <base>/burstable/pod<uid>   Burstable pods (cpu.weight of the class = sum of requests)
 *   <base>/besteffort/pod<uid>  BestEffort pods (minimal cpu.weight)
 *   .../pod<uid>/<container id> one per container, created by the runtime
 * Pod-level limits follow upstream's ResourceConfigForPod; container-level limits
 * the runtime's translation of a container's resources.
 */
import type { CgroupLimits, CgroupManager } from "../platform/cgroup.ts";
import type { Container, Pod } from "../api/types.ts";
import { MIN_SHARES, milliCpuToQuota, milliCpuToShares, QUOTA_PERIOD, sharesToWeight } from "./cpu.ts";
import { computePodQOS, type QOSClass } from "./qos.ts";
import { containerNumbers, podTotals } from "./resources.ts";

export interface PodCgroupsOptions {
  /** Name of the top cgroup under the manager's root (default "kubepods"). */
  base?: string;
  /** pids.max for every pod cgroup; <= 0 or undefined means unlimited (upstream default -1). */
  podPidsLimit?: number;
  /** When false, cpu.max stays "max" (upstream --cpu-cfs-quota=false). */
  enforceCpuLimits?: boolean;
  cpuPeriod?: number;
}

export class PodCgroups {
  readonly base: string;
  constructor(
    readonly manager: CgroupManager,
    private readonly opts: PodCgroupsOptions = {},
  ) {
    this.base = opts.base ?? "kubepods";
  }

  /** Creates the QoS level; `allocatable` (milli-CPU, bytes) limits the whole tree when given. */
  async init(allocatable?: { cpuMilli: number; memory: number }): Promise<void> {
    const top: CgroupLimits = {};
    if (allocatable) {
      top.cpuWeight = sharesToWeight(milliCpuToShares(allocatable.cpuMilli));
      top.memoryMax = allocatable.memory > 0 ? allocatable.memory : null;
    }
    await this.manager.ensure(this.base, top);
    await this.manager.ensure(`${this.base}/burstable`, { cpuWeight: sharesToWeight(MIN_SHARES) });
    await this.manager.ensure(`${this.base}/besteffort`, { cpuWeight: sharesToWeight(MIN_SHARES) });
  }

  qosPath(qos: QOSClass): string {
    return qos === "Guaranteed" ? this.base : `${this.base}/${qos.toLowerCase()}`;
  }

  podPath(pod: Pod): string {
    return `${this.qosPath(computePodQOS(pod))}/pod${pod.metadata.uid ?? ""}`;
  }

  containerPath(pod: Pod, containerId: string): string {
    return `${this.podPath(pod)}/${containerId}`;
  }

  podLimits(pod: Pod): CgroupLimits {
    const period = this.opts.cpuPeriod ?? QUOTA_PERIOD;
    const totals = podTotals(pod);
    const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
    const cpuLimitsDeclared = all.every((c) => containerNumbers(c).hasCpuLimit);
    const memoryLimitsDeclared = all.every((c) => containerNumbers(c).hasMemoryLimit);
    const qos = computePodQOS(pod);
    const out: CgroupLimits = {};
    const pids = this.opts.podPidsLimit;
    out.pidsMax = pids !== undefined && pids > 0 ? pids : null;
    if (qos === "BestEffort") {
      out.cpuWeight = sharesToWeight(MIN_SHARES);
      return out;
    }
    out.cpuWeight = sharesToWeight(milliCpuToShares(totals.cpuRequestMilli));
    const quota = this.opts.enforceCpuLimits === false ? 0 : milliCpuToQuota(totals.cpuLimitMilli, period);
    if (qos === "Guaranteed" || cpuLimitsDeclared) {
      out.cpuQuota = quota > 0 ? quota : null;
      out.cpuPeriod = period;
    }
    if (qos === "Guaranteed" || memoryLimitsDeclared) out.memoryMax = totals.memoryLimit > 0 ? totals.memoryLimit : null;
    return out;
  }

  containerLimits(c: Container): CgroupLimits {
    const period = this.opts.cpuPeriod ?? QUOTA_PERIOD;
    const n = containerNumbers(c);
    const quota = this.opts.enforceCpuLimits === false ? 0 : milliCpuToQuota(n.cpuLimitMilli, period);
    return {
      cpuWeight: sharesToWeight(milliCpuToShares(n.cpuRequestMilli)),
      cpuQuota: quota > 0 ? quota : null,
      cpuPeriod: period,
      memoryMax: n.memoryLimit > 0 ? n.memoryLimit : null,
      oomGroup: true,
    };
  }

  /** Creates (or updates) the pod's cgroup and returns its relative path. */
  async ensurePod(pod: Pod): Promise<string> {
    const path = this.podPath(pod);
    await this.manager.ensure(path, this.podLimits(pod));
    return path;
  }

  /** Sets the burstable class weight from the requests of the burstable pods, as upstream's QoS manager. */
  async updateQOS(pods: Pod[]): Promise<void> {
    let burstableMilli = 0;
    for (const p of pods) if (computePodQOS(p) === "Burstable") burstableMilli += podTotals(p).cpuRequestMilli;
    await this.manager.setLimits(`${this.base}/burstable`, { cpuWeight: sharesToWeight(milliCpuToShares(burstableMilli)) });
  }

  /** Pod uids that have a cgroup, with its path (for orphan cleanup). */
  async listPods(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const qos of ["Guaranteed", "Burstable", "BestEffort"] as const) {
      const parent = this.qosPath(qos);
      for (const name of await this.manager.children(parent))
        if (name.startsWith("pod")) out.set(name.slice(3), `${parent}/${name}`);
    }
    return out;
  }

  /** Kills and removes a pod's cgroup whatever its QoS class was. */
  async removePod(uid: string, timeoutMs?: number): Promise<void> {
    const path = (await this.listPods()).get(uid);
    if (path !== undefined) await this.manager.remove(path, timeoutMs);
  }
}
