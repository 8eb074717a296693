/**
 * SchedulingBasic through the API: the real apiserver on the embedded LMDB store, the
 * scheduler on the client library (informers, pods/binding, Events). Nodes and pods are
 * created first; the scheduler then starts and the pods it binds are timed through a
 * watch (pods bound per second between the first and the last bind seen), with per-pod
 * latency from the scheduler's own metrics. Pool off and on.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pod as ApiPod } from "../src/api/types/index.ts";
import { startApiServer } from "../src/apiserver/index.ts";
import { SharedInformerFactory } from "../src/client/cache/index.ts";
import { type Client, createClient } from "../src/client/rest/clientset.ts";
import { percentile } from "../src/scheduler/core/metrics.ts";
import { runSchedulerWithClient } from "../src/scheduler/run-with-client.ts";
import { perfNode, perfPod } from "../src/scheduler/testing/perf.ts";
import { openLmdbStore } from "../src/storage/lmdb/index.ts";
import { openMemoryStore } from "../src/storage/memory/index.ts";
import { setLogSink } from "../src/util/log.ts";
import { type Figure, report } from "./harness.ts";

setLogSink("silent");
const NODES = Number(process.env.BENCH_NODES ?? 5000);
const INIT = Number(process.env.BENCH_INIT_PODS ?? 1000);
const PODS = Number(process.env.BENCH_PODS ?? 10000);
/** "lmdb" (the embedded store) or "memory". */
const STORE = process.env.BENCH_STORE ?? "lmdb";

async function inParallel<T>(items: T[], limit: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function run(pool: boolean): Promise<{ podsPerSecond: number; p50: number; p99: number; bound: number }> {
  const dir = mkdtempSync(join(tmpdir(), "kubun-sched-api-"));
  const store = STORE === "memory" ? await openMemoryStore() : await openLmdbStore({ path: join(dir, "db"), compactIntervalMs: 0 });
  const server = await startApiServer({ dataDir: dir, store, port: 0, bindAddress: "127.0.0.1", version: { gitVersion: "v1.34.0" } });
  await server.ready;
  const mk = (): Client => createClient({ host: server.url, caData: server.caPem, certData: server.adminCertPem, keyData: server.adminKeyPem, qps: -1 });
  const admin = mk();
  await inParallel([...Array(NODES).keys()], 64, (i) => admin.nodes().create(perfNode(i) as never));
  const create = (name: string) => admin.pods("default").create(perfPod(name) as unknown as ApiPod);

  // Warm-up phase: the init pods are scheduled by a first scheduler run.
  await inParallel([...Array(INIT).keys()], 64, (i) => create(`init-${i}`));
  const warm = runSchedulerWithClient({ client: mk(), leaderElect: false, pool: false });
  const watcher = mk();
  const informers = new SharedInformerFactory(watcher);
  const boundAt = new Map<string, number>();
  informers.pods().addEventHandler({
    onAdd: (p) => {
      if ((p.spec as { nodeName?: string })?.nodeName) boundAt.set(p.metadata.name ?? "", performance.now());
    },
    onUpdate: (_o, p) => {
      if ((p.spec as { nodeName?: string })?.nodeName && !boundAt.has(p.metadata.name ?? "")) boundAt.set(p.metadata.name ?? "", performance.now());
    },
  });
  const ctl = new AbortController();
  informers.start(ctl.signal);
  await informers.waitForCacheSync(ctl.signal);
  while (boundAt.size < INIT) await Bun.sleep(20);
  await warm.stop();

  // Measured phase: pods exist before the scheduler starts.
  await inParallel([...Array(PODS).keys()], 64, (i) => create(`pod-${i}`));
  const sched = runSchedulerWithClient({ client: mk(), leaderElect: false, pool: pool ? {} : false });
  let last = 0;
  let lastChange = performance.now();
  const measured = () => [...boundAt.entries()].filter(([n]) => n.startsWith("pod-"));
  for (;;) {
    await Bun.sleep(20);
    const n = measured().length;
    if (n >= PODS) break;
    if (n !== last) {
      last = n;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > 10_000) break;
  }
  const times = measured().map(([, t]) => t).sort((a, b) => a - b);
  const lat = sched.scheduler()?.metrics.e2eLatencies ?? [];
  const result = {
    podsPerSecond: times.length > 1 ? (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000) : 0,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    bound: times.length,
  };
  await sched.stop();
  ctl.abort();
  admin.close();
  watcher.close();
  await server.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const figures: Figure[] = [];
for (const pool of [false, true]) {
  const mode = pool ? "pool on" : "pool off";
  const r = await run(pool);
  const name = `SchedulingBasic ${NODES}Nodes_${PODS}Pods via API, ${STORE} store (${mode})`;
  figures.push({ name: `${name} throughput`, value: r.podsPerSecond, unit: "pods/s", target: ">= 3000" });
  figures.push({ name: `${name} latency p50`, value: r.p50, unit: "ms" });
  figures.push({ name: `${name} latency p99`, value: r.p99, unit: "ms" });
  if (r.bound < PODS) figures.push({ name: `${name} pods left unbound`, value: PODS - r.bound, unit: "pods" });
}
report(
  "Scheduler (through the API)",
  figures,
  `In-process apiserver on the ${STORE === "memory" ? "memory" : "embedded LMDB"} store; the scheduler uses the client library (HTTPS, JSON, informers) in the ` +
    "same process, competing for the same 2 cores with the apiserver and the watch that times the binds. Pods are created " +
    "before the scheduler starts; throughput counts binds seen by a watch between the first and the last one. Latency: per " +
    "pod, first scheduling attempt to bound (scheduler metrics), so it includes waiting in the queue behind the other pods.",
);
