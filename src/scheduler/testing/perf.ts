/**
 * scheduler_perf-like workloads against the FakeSource (in process, no API server):
 * create nodes, pre-create pods, then create the measured pods and time until all are
 * bound. Used by bench/scheduler.bench.ts and a smoke test.
 */
import type { Node, Pod } from "../api-types.ts";
import { percentile } from "../core/metrics.ts";
import { Scheduler } from "../core/scheduler.ts";
import type { ScoreOffloader } from "../framework/framework.ts";
import { FakeSource } from "./fake-source.ts";

/** upstream scheduler_perf config/templates/node-default.yaml */
export function perfNode(i: number, zones = 0): Node {
  const labels: Record<string, string> = { "kubernetes.io/hostname": `node-${i}` };
  if (zones > 0) labels["topology.kubernetes.io/zone"] = `zone-${i % zones}`;
  return {
    metadata: { name: `node-${i}`, labels },
    spec: {},
    status: {
      capacity: { pods: "110", cpu: "4", memory: "32Gi" },
      allocatable: { pods: "110", cpu: "4", memory: "32Gi" },
      conditions: [{ type: "Ready", status: "True" }],
    },
  };
}

/** upstream scheduler_perf config/templates/pod-default.yaml */
export function perfPod(name: string, extra: Partial<Pod["spec"]> = {}, labels: Record<string, string> = {}): Pod {
  return {
    metadata: { name, namespace: "default", labels },
    spec: {
      containers: [{ name: "pause", image: "registry.k8s.io/pause:3.10", resources: { requests: { cpu: "100m", memory: "500Mi" } } }],
      ...extra,
    },
  };
}

export interface PerfResult {
  pods: number;
  seconds: number;
  podsPerSecond: number;
  p50ms: number;
  p99ms: number;
  cycleP50ms: number;
  cycleP99ms: number;
  /** CPU seconds of this process (all threads) during the measured phase. */
  cpuSeconds: number;
}

export interface WorkloadOptions {
  nodes: number;
  initPods: number;
  measurePods: number;
  offloader?: ScoreOffloader | null;
  zones?: number;
  /** Builds the i-th pod of the measured phase (default perfPod). */
  podTemplate?: (i: number) => Pod;
  initPodTemplate?: (i: number) => Pod;
  /** Nodes to add to each node (taints, labels...). */
  nodeTemplate?: (i: number) => Node;
}

/** Waits until `want` pods are bound, or nothing was bound for `quietMs` (pods left pending). */
async function settle(src: FakeSource, want: number, quietMs = 3000): Promise<void> {
  let last = src.bindings.length;
  let lastChange = performance.now();
  while (src.bindings.length < want) {
    await Bun.sleep(1);
    if (src.bindings.length !== last) {
      last = src.bindings.length;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > quietMs) break;
  }
}

export async function runWorkload(o: WorkloadOptions): Promise<PerfResult> {
  const src = new FakeSource();
  src.recordEvents = false;
  for (let i = 0; i < o.nodes; i++) src.createNode(o.nodeTemplate ? o.nodeTemplate(i) : perfNode(i, o.zones ?? 0));
  const s = new Scheduler({ source: src, offloader: o.offloader ?? null });
  await s.start();
  for (let i = 0; i < o.initPods; i++) src.createPod(o.initPodTemplate ? o.initPodTemplate(i) : perfPod(`init-${i}`));
  await settle(src, o.initPods);
  s.metrics.e2eLatencies.length = 0;
  s.metrics.cycleLatencies.length = 0;
  const before = src.bindings.length;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < o.measurePods; i++) src.createPod(o.podTemplate ? o.podTemplate(i) : perfPod(`pod-${i}`));
  await settle(src, before + o.measurePods);
  const seconds = (s.metrics.lastBindAt - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await s.stop();
  const bound = src.bindings.length - before;
  const m = s.metrics;
  return {
    pods: bound,
    seconds,
    podsPerSecond: bound / seconds,
    p50ms: percentile(m.e2eLatencies, 50),
    p99ms: percentile(m.e2eLatencies, 99),
    cycleP50ms: percentile(m.cycleLatencies, 50),
    cycleP99ms: percentile(m.cycleLatencies, 99),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
