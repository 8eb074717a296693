/**
 * Samples from a kubelet's Summary API answer (GET /stats/summary, stats/v1alpha1), with the
 * rules metrics-server applied when it read that API: the node needs CPU time, cumulative
 * CPU and a working set, all non-zero; every container of a pod needs a start time, CPU
 * time, non-zero cumulative CPU and working set, else the whole pod is left out (autoscalers
 * treat a missing pod differently from one using nothing).
 */
import type { MetricsPoint } from "./usage.ts";

interface CpuStats {
  time?: string;
  usageCoreNanoSeconds?: number;
}

interface MemoryStats {
  time?: string;
  workingSetBytes?: number;
}

interface ContainerStats {
  name?: string;
  startTime?: string;
  cpu?: CpuStats;
  memory?: MemoryStats;
}

interface PodStats {
  podRef?: { name?: string; namespace?: string };
  containers?: ContainerStats[];
}

/** The part of the Summary API this reads. */
export interface Summary {
  node?: { nodeName?: string; cpu?: CpuStats; memory?: MemoryStats };
  pods?: PodStats[];
}

/** Container samples of one pod, by container name, in the kubelet's order. */
export type PodPoint = Map<string, MetricsPoint>;

/** Samples of one scrape round: nodes by name, pods by "namespace/name". */
export interface MetricsBatch {
  nodes: Map<string, MetricsPoint>;
  pods: Map<string, PodPoint>;
}

export function emptyBatch(): MetricsBatch {
  return { nodes: new Map(), pods: new Map() };
}

export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function time(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function positive(v: number | undefined): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined;
}

function nodePoint(node: Summary["node"]): MetricsPoint | undefined {
  const timestamp = time(node?.cpu?.time);
  const cpu = positive(node?.cpu?.usageCoreNanoSeconds);
  const memory = positive(node?.memory?.workingSetBytes);
  if (timestamp === undefined || cpu === undefined || memory === undefined) return undefined;
  return { startTime: 0, timestamp, cumulativeCpu: cpu, memory };
}

function containerPoint(c: ContainerStats): MetricsPoint | undefined {
  const startTime = time(c.startTime);
  const timestamp = time(c.cpu?.time);
  const cpu = positive(c.cpu?.usageCoreNanoSeconds);
  const memory = positive(c.memory?.workingSetBytes);
  if (startTime === undefined || timestamp === undefined || cpu === undefined || memory === undefined) return undefined;
  return { startTime, timestamp, cumulativeCpu: cpu, memory };
}

function podPoint(p: PodStats): PodPoint | undefined {
  const containers = p.containers ?? [];
  if (containers.length === 0) return undefined;
  const out: PodPoint = new Map();
  for (const c of containers) {
    const point = c.name ? containerPoint(c) : undefined;
    if (!point) return undefined;
    if (!out.has(c.name!)) out.set(c.name!, point);
  }
  return out;
}

/** The samples of one kubelet's summary; `nodeName` is the Node object the kubelet serves. */
export function decodeSummary(nodeName: string, summary: Summary): MetricsBatch {
  const batch = emptyBatch();
  const node = nodePoint(summary.node);
  if (node) batch.nodes.set(nodeName, node);
  for (const p of summary.pods ?? []) {
    const name = p.podRef?.name;
    const namespace = p.podRef?.namespace;
    if (!name || !namespace) continue;
    const point = podPoint(p);
    const key = podKey(namespace, name);
    if (point && !batch.pods.has(key)) batch.pods.set(key, point);
  }
  return batch;
}

/** Adds `from` to `into`; the first sample of a node or pod wins (duplicates are dropped). */
export function mergeBatch(into: MetricsBatch, from: MetricsBatch): void {
  for (const [k, v] of from.nodes) if (!into.nodes.has(k)) into.nodes.set(k, v);
  for (const [k, v] of from.pods) if (!into.pods.has(k)) into.pods.set(k, v);
}
