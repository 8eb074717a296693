/**
 * SchedulingBasic through the API: the real apiserver on the embedded LMDB store, the
 * scheduler on the client library (informers, pods/binding, Events). Nodes and pods are
 * created first; the scheduler then starts and the pods it binds are timed at the store
 * (when the write that sets a pod's nodeName is acknowledged: pods bound per second between
 * the first and the last bind), with per-pod latency from the scheduler's own metrics.
 *
 * Four setups: the scheduler on the apiserver's JS thread, pool off and on; on a worker
 * thread of the apiserver's process, as `kubun server` runs it (latency asked of the thread);
 * and as its own process (`kubun scheduler --kubeconfig --config`, as upstream runs
 * kube-scheduler), which reports no latency (its metrics stay in that process);
 * BENCH_SCHED_BUN_ARGS passes Bun flags to the separate process (e.g. "--cpu-prof-md
 * --cpu-prof-dir=/tmp/prof").
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pod as ApiPod } from "../src/api/types/index.ts";
import { kubeconfigYaml, startApiServer } from "../src/apiserver/index.ts";
import { startRoleThread } from "../src/cli/wiring/role-thread.ts";
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

type Mode = "pool off" | "pool on" | "worker thread" | "own process";

/** User+system CPU a process has used so far (ms), from /proc. */
function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function run(mode: Mode): Promise<{ podsPerSecond: number; p50: number; p99: number; bound: number; cpuPerPod: number; schedCpuPerPod: number }> {
  const dir = mkdtempSync(join(tmpdir(), "kubun-sched-api-"));
  const store = STORE === "memory" ? await openMemoryStore() : await openLmdbStore({ path: join(dir, "db"), compactIntervalMs: 0 });
  const server = await startApiServer({ dataDir: dir, store, port: 0, bindAddress: "127.0.0.1", version: { gitVersion: "v1.34.0" } });
  await server.ready;
  const mk = (): Client => createClient({ host: server.url, caData: server.caPem, certData: server.adminCertPem, keyData: server.adminKeyPem, qps: -1 });
  const admin = mk();
  await inParallel([...Array(NODES).keys()], 64, (i) => admin.nodes().create(perfNode(i) as never));
  const create = (name: string) => admin.pods("default").create(perfPod(name) as unknown as ApiPod);

  // Binds are timed at the store, when the write that sets a pod's nodeName is acknowledged
  // (the store's update is wrapped: a store watch would add a copy of every pod per event).
  const boundAt = new Map<string, number>();
  const update = store.update.bind(store);
  store.update = async (key, value, expected, opts) => {
    const r = await update(key, value, expected, opts);
    const pod = value as ApiPod;
    if (key.startsWith("/registry/core/pods/") && pod.spec?.nodeName) {
      const name = pod.metadata?.name ?? "";
      if (!boundAt.has(name)) boundAt.set(name, performance.now());
    }
    return r;
  };
  const measured = () => [...boundAt.entries()].filter(([n]) => n.startsWith("pod-"));
  const waitForBinds = async (count: () => number, want: number, onFirst?: () => void) => {
    let last = 0;
    let lastChange = performance.now();
    for (;;) {
      await Bun.sleep(20);
      const n = count();
      if (n > 0 && last === 0) onFirst?.();
      if (n >= want) return;
      if (n !== last) {
        last = n;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > 10_000) return;
    }
  };

  let lat: number[] = [];
  let threadLatency: [number, number] | undefined;
  let cpu0 = process.cpuUsage();
  let cpu1 = cpu0;
  let schedCpu0 = NaN;
  let schedCpuMs = NaN;
  await inParallel([...Array(INIT).keys()], 64, (i) => create(`init-${i}`));
  if (mode === "own process") {
    // Warm-up: the init pods are created first, so they are bound first (the queue is FIFO within a priority).
    await inParallel([...Array(PODS).keys()], 64, (i) => create(`pod-${i}`));
    const kubeconfig = join(dir, "scheduler.kubeconfig");
    writeFileSync(kubeconfig, kubeconfigYaml({ server: server.url, caPem: server.caPem, certPem: server.adminCertPem, keyPem: server.adminKeyPem }), { mode: 0o600 });
    const config = join(dir, "scheduler.yaml");
    writeFileSync(config, "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nclientConnection:\n  qps: -1\n");
    const proc = Bun.spawn([process.execPath, ...(process.env.BENCH_SCHED_BUN_ARGS ?? "").split(" ").filter(Boolean), join(import.meta.dir, "../src/cli/main.ts"), "scheduler", "--kubeconfig", kubeconfig, "--config", config, "--leader-elect=false"], { stdout: "ignore", stderr: "inherit" });
    await waitForBinds(() => measured().length, PODS, () => {
      cpu0 = process.cpuUsage();
      schedCpu0 = procCpuMs(proc.pid);
    });
    cpu1 = process.cpuUsage();
    schedCpuMs = procCpuMs(proc.pid) - schedCpu0;
    proc.kill("SIGTERM");
    await proc.exited;
  } else if (mode === "worker thread") {
    // As inside `kubun server`: the scheduler on a worker thread of this process.
    await inParallel([...Array(PODS).keys()], 64, (i) => create(`pod-${i}`));
    const thread = await startRoleThread("scheduler", { kubeconfig: server.kubeconfigPath, unixSocket: server.adminSocketPath });
    await waitForBinds(() => measured().length, PODS, () => {
      cpu0 = process.cpuUsage();
    });
    cpu1 = process.cpuUsage();
    const stats = await thread.stats();
    if (stats) threadLatency = [stats.latencyP50Ms, stats.latencyP99Ms];
    await thread.stop();
  } else {
    // Warm-up phase: the init pods are scheduled by a first scheduler run.
    const warm = runSchedulerWithClient({ client: mk(), leaderElect: false, pool: false });
    await waitForBinds(() => boundAt.size, INIT);
    await warm.stop();
    // Measured phase: pods exist before the scheduler starts.
    await inParallel([...Array(PODS).keys()], 64, (i) => create(`pod-${i}`));
    const sched = runSchedulerWithClient({ client: mk(), leaderElect: false, pool: mode === "pool on" ? {} : false });
    await waitForBinds(() => measured().length, PODS, () => {
      cpu0 = process.cpuUsage();
    });
    cpu1 = process.cpuUsage();
    lat = sched.scheduler()?.metrics.e2eLatencies ?? [];
    await sched.stop();
  }
  const times = measured().map(([, t]) => t).sort((a, b) => a - b);
  const result = {
    podsPerSecond: times.length > 1 ? (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000) : 0,
    p50: threadLatency ? threadLatency[0] : lat.length ? percentile(lat, 50) : NaN,
    p99: threadLatency ? threadLatency[1] : lat.length ? percentile(lat, 99) : NaN,
    bound: times.length,
    /** CPU of this process (apiserver, store, and in-process the scheduler) per bound pod from the first bind to the last, µs. */
    cpuPerPod: (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / Math.max(1, times.length),
    /** The scheduler process's CPU per bound pod (own process only), µs. */
    schedCpuPerPod: (schedCpuMs * 1000) / Math.max(1, times.length),
  };
  admin.close();
  await server.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const figures: Figure[] = [];
const MODES = (process.env.BENCH_MODES ?? "pool off,pool on,worker thread,own process").split(",") as Mode[];
for (const mode of MODES) {
  const r = await run(mode);
  const setup = mode === "own process" ? "scheduler in its own process" : mode === "worker thread" ? "scheduler on a worker thread, as in kubun server" : `scheduler in the apiserver's thread, ${mode}`;
  const name = `SchedulingBasic ${NODES}Nodes_${PODS}Pods via API, ${STORE} store (${setup})`;
  console.log(`${name}: ${r.podsPerSecond.toFixed(0)} pods/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, bound ${r.bound}, CPU/pod ${r.cpuPerPod.toFixed(0)} µs (+ scheduler process ${r.schedCpuPerPod.toFixed(0)} µs)`);
  figures.push({ name: `${name} CPU per bound pod, apiserver process${mode === "own process" ? "" : " (scheduler included)"}`, value: r.cpuPerPod, unit: "µs" });
  if (!Number.isNaN(r.schedCpuPerPod)) figures.push({ name: `${name} CPU per bound pod, scheduler process`, value: r.schedCpuPerPod, unit: "µs" });
  figures.push({ name: `${name} throughput`, value: r.podsPerSecond, unit: "pods/s", target: ">= 3000" });
  if (!Number.isNaN(r.p50)) {
    figures.push({ name: `${name} latency p50`, value: r.p50, unit: "ms" });
    figures.push({ name: `${name} latency p99`, value: r.p99, unit: "ms" });
  }
  if (r.bound < PODS) figures.push({ name: `${name} pods left unbound`, value: PODS - r.bound, unit: "pods" });
}
report(
  "Scheduler (through the API)",
  figures,
  `Apiserver on the ${STORE === "memory" ? "memory" : "embedded LMDB"} store, in this process; the scheduler uses the client library (JSON, informers; HTTPS unless said otherwise). ` +
    "Pool off/on: the scheduler runs on the apiserver's JS thread (kubun before this commit). Worker thread: as `kubun server` runs it, " +
    "on a thread of its own in the apiserver's process, over the apiserver's private unix socket for the admin identity (no TLS). " +
    "Own process: `kubun scheduler --kubeconfig --config` (clientConnection qps -1) started from source, as upstream runs kube-scheduler; " +
    "each process then has a core. Pods are created before the scheduler starts; throughput counts binds acknowledged by the store " +
    "between the first and the last one. Latency (not for the separate process): per pod, first scheduling attempt to bound (scheduler metrics), " +
    "so it includes waiting in the queue behind the other pods.",
);
