/**
 * Kubelet figures. Pod startup: 100 busybox pods created at once on one node (process
 * runtime: netns + veth, overlay rootfs, mounts, Bun.spawn into cgroups), latency from
 * creation to the Running status seen through the pod watch of an in-memory API (the
 * kubelet's share of the SLO; no API server in the loop). Resident memory of the
 * process running the kubelet, idle and with 100 pods. Micro: status generation and CRI
 * log writing. Needs root and busybox-static; rewrites the "Kubelet" section.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bench, do_not_optimize } from "mitata";
import { FakeKubeletApi } from "../src/kubelet/api/fake-api.ts";
import type { Pod } from "../src/kubelet/api/types.ts";
import { CriLogWriter } from "../src/kubelet/logs/writer.ts";
import { generatePodStatus, type ContainerView } from "../src/kubelet/pod/status.ts";
import { runKubelet } from "../src/kubelet/run.ts";
import { buildBusyboxImage } from "../test/integration/kubelet/fixtures/busybox-image.ts";
import { type Figure, percentile, report, runMitata } from "./harness.ts";

const N = Number(process.env["KUBUN_BENCH_PODS"] ?? 100);
const IMAGE = "kubun.test/busybox:1.35";
const figures: Figure[] = [];
const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

/** Creates N pods (all at once, or `rate` per second), returns create-to-Running latencies. */
async function batch(api: FakeKubeletApi, prefix: string, rate: number | undefined): Promise<{ lat: number[]; wall: number; running: number }> {
  const created = new Map<string, number>();
  const running = new Map<string, number>();
  const stop = await api.watchPods("bench", (e) => {
    const n = e.pod.metadata.name!;
    if (e.pod.status?.phase === "Running" && !running.has(n)) running.set(n, performance.now());
  });
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const name = `${prefix}${i}`;
    if (rate) {
      const due = t0 + (i * 1000) / rate;
      if (due > performance.now()) await Bun.sleep(due - performance.now());
    }
    created.set(name, performance.now());
    api.putPod({ metadata: { name, namespace: "default" }, spec: { nodeName: "bench", terminationGracePeriodSeconds: 1, containers: [{ name: "c", image: IMAGE, command: ["sleep", "3600"] }] } });
  }
  while (running.size < N && performance.now() - t0 < 180_000) await Bun.sleep(20);
  const wall = performance.now() - t0;
  stop();
  return { lat: [...created].filter(([n]) => running.has(n)).map(([n, t]) => running.get(n)! - t), wall, running: running.size };
}

async function deleteAll(api: FakeKubeletApi, prefix: string): Promise<number> {
  const d0 = performance.now();
  for (let i = 0; i < N; i++) api.deletePodGracefully("default", `${prefix}${i}`, 1);
  while ([...api.pods.values()].some((p) => p.metadata.name!.startsWith(prefix)) && performance.now() - d0 < 180_000) await Bun.sleep(20);
  return performance.now() - d0;
}

async function podStartup(): Promise<string> {
  if (process.getuid?.() !== 0) return "pod startup skipped: needs root";
  const dir = mkdtempSync(join(tmpdir(), "kubun-bench-kubelet-"));
  mkdirSync(join(dir, "agent", "images"), { recursive: true });
  await buildBusyboxImage(join(dir, "agent", "images", "bb.tar"), { name: IMAGE });
  const api = new FakeKubeletApi();
  const bridge = `kb${process.pid % 100000}`;
  const h = await runKubelet({ api, dataDir: dir, nodeName: "bench", nodeIP: "127.0.0.1", podCIDR: "10.253.0.0/23", bridgeName: bridge, server: null, maxPods: 250 });
  try {
    Bun.gc(true);
    await Bun.sleep(500);
    const idle = rssMiB();
    const rate = Number(process.env["KUBUN_BENCH_RATE"] ?? 10);
    const paced = await batch(api, "paced", rate);
    figures.push({ name: `paced (${rate} pods/s): pods Running`, value: paced.running, unit: `of ${N}` });
    figures.push({ name: "paced: startup p50", value: percentile(paced.lat, 50), unit: "ms" });
    figures.push({ name: "paced: startup p99", value: percentile(paced.lat, 99), unit: "ms", target: "< 1000" });
    Bun.gc(true);
    figures.push({ name: "kubelet RSS idle", value: idle, unit: "MiB" });
    figures.push({ name: `kubelet RSS with ${N} pods`, value: rssMiB(), unit: "MiB" });
    figures.push({ name: `${N} pods deleted, wall time`, value: await deleteAll(api, "paced"), unit: "ms" });
    const burst = await batch(api, "burst", undefined);
    figures.push({ name: `burst (${N} at once): pods Running`, value: burst.running, unit: `of ${N}` });
    figures.push({ name: "burst: startup p50", value: percentile(burst.lat, 50), unit: "ms" });
    figures.push({ name: "burst: startup p99", value: percentile(burst.lat, 99), unit: "ms" });
    figures.push({ name: "burst: wall time", value: burst.wall, unit: "ms" });
    await deleteAll(api, "burst");
    return [
      `Pod startup: ${N} busybox pods, create to Running seen through the pod watch; process runtime with ${h.kubelet.cgroupManager?.report().mode ?? "no"} cgroups and the bridge network (2 ip spawns per sandbox, 1 spawn per container); the API is in memory, so this is the kubelet's part of the SLO.`,
      `Paced creation (${rate} pods/s) is what the SLO describes; the burst shows the node's throughput (on 2 cores a pod costs tens of ms of process spawns, so 100 at once queue behind each other).`,
      "RSS is the whole Bun process (runtime included). Machine load from other work on the host shifts these figures.",
    ].join("\n");
  } finally {
    await h.stop({ killPods: true });
    Bun.spawnSync(["ip", "link", "del", bridge]);
    rmSync(dir, { recursive: true, force: true });
  }
}

const notes = await podStartup();

// Micro: status generation for a 3-container running pod, and CRI log lines.
const pod: Pod = { metadata: { name: "p", namespace: "d", uid: "u" }, spec: { containers: ["a", "b", "c"].map((n) => ({ name: n, image: IMAGE })) } };
const views: ContainerView[] = pod.spec.containers.map((c, i) => ({
  spec: c,
  isInit: false,
  restartCount: i,
  ready: true,
  started: true,
  image: IMAGE,
  imageID: "sha256:x",
  current: { id: `id${i}`, sandboxId: "s", name: c.name, attempt: i, state: "running", createdAt: 1, startedAt: Date.now(), image: IMAGE, imageId: "x", logPath: "/x", labels: {}, annotations: {} },
}));
bench("generatePodStatus (3 containers)", () => do_not_optimize(generatePodStatus({ pod, views, sandboxReady: true, podIP: "10.0.0.1", hostIP: "10.0.0.2", podIsTerminal: false, now: Date.now() })));
const logDir = mkdtempSync(join(tmpdir(), "kubun-bench-log-"));
const w = new CriLogWriter(join(logDir, "0.log"), { maxSize: 8 * 2 ** 20, maxFiles: 2 });
const line = new TextEncoder().encode("GET /healthz 200 0.1ms user-agent=kube-probe/1.34\n");
bench("CRI log line write", () => w.write("stdout", line));
figures.push(...(await runMitata()));
w.close();
rmSync(logDir, { recursive: true, force: true });

report("Kubelet", figures, notes);
process.exit(0);
