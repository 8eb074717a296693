/**
 * The real apiserver in-process on the memory store, with the scheduler running through
 * the client library (runSchedulerWithClient), for scheduler integration tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Node, Pod } from "../../../src/api/types/index.ts";
import { type ApiServer, startApiServer } from "../../../src/apiserver/index.ts";
import { type Client, createClient } from "../../../src/client/rest/clientset.ts";
import type { KubeSchedulerConfiguration } from "../../../src/scheduler/config/types.ts";
import { type RunningScheduler } from "../../../src/scheduler/run.ts";
import { runSchedulerWithClient } from "../../../src/scheduler/run-with-client.ts";
import { openMemoryStore } from "../../../src/storage/memory/index.ts";
import { setLogSink } from "../../../src/util/log.ts";

export interface SchedCluster {
  server: ApiServer;
  client: Client;
  newClient(): Client;
  startScheduler(config?: KubeSchedulerConfiguration): Promise<RunningScheduler>;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<SchedCluster> {
  if (!process.env.KUBUN_TEST_LOGS) setLogSink("silent");
  const dir = mkdtempSync(join(tmpdir(), "kubun-sched-it-"));
  const store = await openMemoryStore();
  const server = await startApiServer({ dataDir: dir, store, port: 0, bindAddress: "127.0.0.1", version: { gitVersion: "v1.34.0" } });
  await server.ready;
  const clients: Client[] = [];
  const schedulers: RunningScheduler[] = [];
  const newClient = () => {
    const c = createClient({ host: server.url, caData: server.caPem, certData: server.adminCertPem, keyData: server.adminKeyPem, qps: -1 });
    clients.push(c);
    return c;
  };
  const client = newClient();
  return {
    server,
    client,
    newClient,
    async startScheduler(config) {
      const s = runSchedulerWithClient({ client: newClient(), leaderElect: false, pool: false, ...(config ? { config } : {}) });
      schedulers.push(s);
      await eventually("scheduler running", () => s.scheduler() !== null);
      return s;
    },
    async stop() {
      for (const s of schedulers) await s.stop();
      for (const c of clients) c.close();
      await server.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await Bun.sleep(everyMs);
  }
}

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
