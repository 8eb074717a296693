/**
 * /stats/summary in the kubelet's Summary API shape (stats/v1alpha1): node and pod
 * CPU from cgroup cpu.stat (usageCoreNanoSeconds, and usageNanoCores between two
 * reads), memory from memory.current where the memory controller is enabled.
 */
import { freemem, totalmem } from "node:os";
import type { Kubelet } from "../kubelet.ts";
import type { CgroupManager } from "../platform/cgroup.ts";

interface Sample {
  usageNs: number;
  at: number;
}

const samples = new Map<string, Sample>();

async function cpuMem(cg: CgroupManager, path: string, now: number) {
  const s = await cg.stats(path).catch(() => undefined);
  if (!s) return {};
  const usageNs = s.cpu.usageUsec * 1000;
  const prev = samples.get(path);
  samples.set(path, { usageNs, at: now });
  const time = new Date(now).toISOString();
  const cpu: Record<string, unknown> = { time, usageCoreNanoSeconds: usageNs };
  if (prev && now > prev.at) cpu["usageNanoCores"] = Math.max(0, Math.round(((usageNs - prev.usageNs) / (now - prev.at)) * 1e6));
  const out: Record<string, unknown> = { cpu };
  if (s.memoryCurrent !== undefined) out["memory"] = { time, usageBytes: s.memoryCurrent, workingSetBytes: s.memoryCurrent };
  return out;
}

export async function statsSummary(k: Kubelet, cg: CgroupManager | null): Promise<Record<string, unknown>> {
  const now = Date.now();
  const time = new Date(now).toISOString();
  const node: Record<string, unknown> = {
    nodeName: k.nodeFacts().nodeName,
    startTime: new Date(now - performance.now()).toISOString(),
    memory: { time, availableBytes: freemem(), usageBytes: totalmem() - freemem(), workingSetBytes: totalmem() - freemem() },
  };
  const pods: Array<Record<string, unknown>> = [];
  for (const w of k.workers.values()) {
    const p = w.pod;
    const entry: Record<string, unknown> = {
      podRef: { name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
      startTime: w.lastStatus?.startTime,
      containers: (w.lastStatus?.containerStatuses ?? []).filter((c) => c.state?.running).map((c) => ({ name: c.name, startTime: c.state!.running!.startedAt })),
    };
    if (cg && k.podCgroups) Object.assign(entry, await cpuMem(cg, k.podCgroups.podPath(p), now));
    pods.push(entry);
  }
  if (cg && k.podCgroups) Object.assign(node, { ...(await cpuMem(cg, k.podCgroups.base, now)), memory: node["memory"] });
  return { node, pods };
}
