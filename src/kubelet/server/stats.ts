/**
 * /stats/summary in the kubelet's Summary API shape (stats/v1alpha1), what metrics.k8s.io
 * (kubectl top) is computed from. The node: CPU of the whole machine (os.cpus(), every
 * process, as upstream's root cgroup), memory from the free memory. Pods and their running
 * containers: CPU from their cgroup's cpu.stat (usageCoreNanoSeconds, and usageNanoCores
 * between two reads), memory from memory.current where the memory controller is enabled,
 * else the resident memory of the cgroup's processes. Without cgroups pods carry no usage.
 */
import { cpus, freemem, totalmem } from "node:os";
import type { Kubelet } from "../kubelet.ts";
import type { CgroupManager } from "../platform/cgroup.ts";
import { procResidentMemory, type ResidentMemory } from "./resident-memory.ts";

interface Sample {
  usageNs: number;
  at: number;
}

/** The previous CPU reading of each cgroup (and of the node), per kubelet. */
const samples = new WeakMap<object, Map<string, Sample>>();

type Stats = Record<string, unknown>;

class Reader {
  readonly time: string;
  private readonly last: Map<string, Sample>;
  private readonly seen = new Set<string>();

  constructor(
    owner: object,
    private readonly now: number,
    private readonly cg: CgroupManager | null,
    private readonly rss: ResidentMemory,
  ) {
    this.time = new Date(now).toISOString();
    let last = samples.get(owner);
    if (!last) samples.set(owner, (last = new Map()));
    this.last = last;
  }

  /** Forgets the readings of cgroups gone since (pods that ended). */
  prune(): void {
    for (const key of this.last.keys()) if (!this.seen.has(key)) this.last.delete(key);
  }

  cpu(key: string, usageNs: number): Stats {
    const prev = this.last.get(key);
    this.seen.add(key);
    this.last.set(key, { usageNs, at: this.now });
    const cpu: Stats = { time: this.time, usageCoreNanoSeconds: usageNs };
    // core-nanoseconds per millisecond, times 1000: nanocores
    if (prev && this.now > prev.at) cpu["usageNanoCores"] = Math.max(0, Math.round(((usageNs - prev.usageNs) / (this.now - prev.at)) * 1e3));
    return cpu;
  }

  memory(bytes: number): Stats {
    return { time: this.time, usageBytes: bytes, workingSetBytes: bytes };
  }

  /** cpu and memory of a cgroup; nothing when it cannot be read. */
  async cgroup(path: string): Promise<Stats> {
    if (!this.cg || !(await this.cg.exists(path).catch(() => false))) return {};
    const s = await this.cg.stats(path).catch(() => undefined);
    if (!s) return {};
    const out: Stats = { cpu: this.cpu(path, s.cpu.usageUsec * 1000) };
    const mem = s.memoryCurrent ?? (await this.rss(await this.cg.allProcs(path).catch(() => [])));
    if (mem !== undefined) out["memory"] = this.memory(mem);
    return out;
  }
}

/** Core-nanoseconds every CPU of the machine spent busy since boot. */
function machineCpuNs(): number {
  let ms = 0;
  for (const c of cpus()) ms += c.times.user + c.times.nice + c.times.sys + c.times.irq;
  return ms * 1e6;
}

export async function statsSummary(k: Kubelet, cg: CgroupManager | null, rss: ResidentMemory = procResidentMemory): Promise<Record<string, unknown>> {
  const now = Date.now();
  const r = new Reader(k, now, cg, rss);
  const nodeName = k.nodeFacts().nodeName;
  const node: Stats = {
    nodeName,
    startTime: new Date(now - performance.now()).toISOString(),
    cpu: r.cpu(`node:${nodeName}`, machineCpuNs()),
    memory: { time: r.time, availableBytes: freemem(), usageBytes: totalmem() - freemem(), workingSetBytes: totalmem() - freemem() },
  };
  const pods: Stats[] = [];
  for (const w of k.workers.values()) {
    const p = w.pod;
    const running = (w.lastStatus?.containerStatuses ?? []).filter((c) => c.state?.running);
    const containers: Stats[] = [];
    for (const c of running) {
      const entry: Stats = { name: c.name, startTime: c.state!.running!.startedAt };
      const id = c.containerID?.replace(/^[a-z0-9]+:\/\//, "");
      if (id && k.podCgroups) Object.assign(entry, await r.cgroup(k.podCgroups.containerPath(p, id)));
      containers.push(entry);
    }
    const entry: Stats = {
      podRef: { name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
      startTime: w.lastStatus?.startTime,
      containers,
    };
    if (k.podCgroups) Object.assign(entry, await r.cgroup(k.podCgroups.podPath(p)));
    pods.push(entry);
  }
  r.prune();
  return { node, pods };
}
