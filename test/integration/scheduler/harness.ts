/**
 * The real apiserver in-process on the memory store, with the scheduler running through
 * the client library (runSchedulerWithClient), for scheduler integration tests.
 */
import type { Node, Pod } from "../../../src/api/types/index.ts";
import type { Client } from "../../../src/client/rest/clientset.ts";
import { type ApiCluster, eventually, startApiCluster } from "../../helpers/api-cluster.ts";
import type { KubeSchedulerConfiguration } from "../../../src/scheduler/config/types.ts";
import { type RunningScheduler } from "../../../src/scheduler/run.ts";
import { runSchedulerWithClient } from "../../../src/scheduler/run-with-client.ts";

export interface SchedCluster extends ApiCluster {
  startScheduler(config?: KubeSchedulerConfiguration): Promise<RunningScheduler>;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<SchedCluster> {
  const base = await startApiCluster("sched-it");
  const schedulers: RunningScheduler[] = [];
  return {
    ...base,
    async startScheduler(config) {
      const s = runSchedulerWithClient({ client: base.newClient(), leaderElect: false, pool: false, ...(config ? { config } : {}) });
      schedulers.push(s);
      await eventually("scheduler running", () => s.scheduler() !== null);
      return s;
    },
    async stop() {
      for (const s of schedulers) await s.stop();
      await base.stop();
    },
  };
}

export { eventually };

export function node(name: string, o: { cpu?: string; labels?: Record<string, string>; taints?: { key: string; value?: string; effect: "NoSchedule" | "NoExecute" | "PreferNoSchedule" }[] } = {}): Node {
  const allocatable = { cpu: o.cpu ?? "4", memory: "8Gi", pods: "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...o.labels } },
    spec: o.taints ? { taints: o.taints } : {},
    status: { capacity: allocatable, allocatable, conditions: [{ type: "Ready", status: "True" }] },
  } as Node;
}

export function pod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}, cpu = "100m"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels },
    spec: { containers: [{ name: "c", image: "busybox", resources: { requests: { cpu } } }], ...spec },
  } as Pod;
}

export async function nodeOf(client: Client, name: string): Promise<string | undefined> {
  const p = await client.pods("default").get(name);
  return (p.spec as { nodeName?: string } | undefined)?.nodeName || undefined;
}

export async function boundTo(client: Client, name: string): Promise<string> {
  return eventually(`pod ${name} bound`, () => nodeOf(client, name));
}
