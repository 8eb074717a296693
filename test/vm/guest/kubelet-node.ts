/**
 * Guest program for test/vm/kubelet-limits.test.ts, run inside the VM by the compiled
 * binary acting as Bun (`BUN_BE_BUN=1 kubun kubelet-node.ts`) from the repository
 * shared read-only at /opt/repo. It runs the real kubelet (process runtime, cgroup v2
 * with every controller) over an in-memory API and reports `@key=value` lines:
 * an OOMKilled pod, a cpu-throttled pod, a fork bomb held by pids.max, and that
 * deleting the pods removes their cgroups.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FakeKubeletApi } from "../../../src/kubelet/api/fake-api.ts";
import type { Pod } from "../../../src/kubelet/api/types.ts";
import { runKubelet } from "../../../src/kubelet/run.ts";
import { statsSummary } from "../../../src/kubelet/server/stats.ts";
import { buildBusyboxImage } from "../../integration/kubelet/fixtures/busybox-image.ts";

const kv = (k: string, v: unknown) => console.log(`@${k}=${v}`);
const IMAGE = "kubun.test/busybox:1.35";
const dataDir = "/var/lib/kubun-vm";

async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 90_000): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) {
      console.log(`timed out waiting for ${what}`);
      dump();
      return undefined;
    }
    await Bun.sleep(100);
  }
}

/** What the kubelet saw, for a failure report. */
function dump(): void {
  for (const p of api.pods.values()) console.log(`pod ${p.metadata.name}: ${JSON.stringify(p.status?.containerStatuses?.map((c) => c.state))}`);
  for (const e of api.events.slice(-15)) console.log(`event ${e.obj.name} ${e.type} ${e.reason}: ${e.message}`);
}

const t0 = Date.now();
mkdirSync(join(dataDir, "agent", "images"), { recursive: true });
await buildBusyboxImage(join(dataDir, "agent", "images", "busybox.tar"), { name: IMAGE });
const api = new FakeKubeletApi();
const h = await runKubelet({ api, dataDir, nodeName: "vm-node", nodeIP: "127.0.0.1", podPidsLimit: 64, server: null, podCIDR: "10.42.0.0/24" });
kv("kubelet_start_seconds", ((Date.now() - t0) / 1000).toFixed(1));
const node = (await api.getNode("vm-node"))!;
kv("limits_enforced", node.status?.conditions?.find((c) => c.type === "ResourceLimitsEnforced")?.status);


const put = (name: string, spec: Partial<Pod["spec"]>) =>
  api.putPod({ metadata: { name, namespace: "default" }, spec: { nodeName: "vm-node", terminationGracePeriodSeconds: 2, containers: [], ...spec } as Pod["spec"] });
const st = (name: string) => api.getPod("default", name)?.status;

// 1. memory: 32Mi limit, allocates 64 MiB (ash keeps a command substitution in memory).
put("oom", {
  restartPolicy: "Never",
  containers: [{ name: "hog", image: IMAGE, command: ["sh", "-c", 'x=$(head -c 67108864 /dev/zero | tr "\\0" a); echo "allocated ${#x}"'], resources: { limits: { memory: "32Mi" } } }],
});
// 2. cpu: 200m limit, a busy loop.
const cpuPod = put("cpu", { containers: [{ name: "spin", image: IMAGE, command: ["sh", "-c", "while :; do :; done"], resources: { limits: { cpu: "200m", memory: "64Mi" } } }] });
// 3. pids: a fork bomb under the node's pod pid limit (64).
const bombPod = put("bomb", { containers: [{ name: "bomb", image: IMAGE, command: ["sh", "-c", "bomb() { bomb | bomb & }; bomb; sleep 3600"] }] });

const oom = await waitFor("oom pod to fail", () => (st("oom")?.phase === "Failed" ? st("oom") : undefined));
const term = oom?.containerStatuses?.[0]?.state?.terminated;
kv("oom_phase", oom?.phase);
kv("oom_reason", term?.reason);
kv("oom_exit", term?.exitCode);

await waitFor("cpu pod running", () => st("cpu")?.phase === "Running");
const cpuPath = h.kubelet.podCgroups!.podPath(cpuPod);
const cg = h.kubelet.cgroupManager!;
await Bun.sleep(1000);
const s0 = await cg.stats(cpuPath);
const w0 = performance.now();
await Bun.sleep(4000);
const s1 = await cg.stats(cpuPath);
const wall = (performance.now() - w0) * 1000;
kv("cpu_pod_cpu_max", readFileSync(join(cg.dir(cpuPath), "cpu.max"), "utf8").trim());
kv("cpu_share", ((s1.cpu.usageUsec - s0.cpu.usageUsec) / wall).toFixed(3));
kv("cpu_nr_throttled", s1.cpu.nrThrottled);
kv("cpu_nr_periods", s1.cpu.nrPeriods);
// the Summary API (what metrics.k8s.io and kubectl top read) from the same cgroups: the
// busy container's CPU rate between two reads, and memory.current from the memory controller
type SummaryStats = { cpu?: { usageNanoCores?: number }; memory?: { workingSetBytes?: number } };
type SummaryPod = SummaryStats & { podRef: { name: string }; containers: Array<SummaryStats & { name: string }> };
await statsSummary(h.kubelet, cg);
await Bun.sleep(2000);
const summary = (await statsSummary(h.kubelet, cg)) as { pods: SummaryPod[] };
const cpuSummary = summary.pods.find((p) => p.podRef.name === "cpu");
const spin = cpuSummary?.containers.find((c) => c.name === "spin");
kv("summary_spin_nanocores", spin?.cpu?.usageNanoCores);
kv("summary_spin_memory", spin?.memory?.workingSetBytes);
kv("summary_pod_nanocores", cpuSummary?.cpu?.usageNanoCores);

await waitFor("bomb pod running", () => st("bomb")?.phase === "Running");
const bombPath = h.kubelet.podCgroups!.podPath(bombPod);
await Bun.sleep(3000);
kv("pids_pod_max", readFileSync(join(cg.dir(bombPath), "pids.max"), "utf8").trim());
kv("pids_current", (await cg.stats(bombPath)).pidsCurrent);
// The kernel counts a refused fork in the forking task's cgroup (the container's), so sum the subtree.
let maxEvents = 0;
for (const sub of ["", ...(await cg.children(bombPath)).map((c) => `/${c}`)]) {
  const ev = readFileSync(join(cg.dir(bombPath + sub), "pids.events"), "utf8");
  maxEvents += Number(/max (\d+)/.exec(ev)?.[1] ?? 0);
}
kv("pids_events_max", maxEvents);
kv("node_alive", Bun.spawnSync(["sh", "-c", "echo alive"]).stdout.toString().trim());

// 4. deletion removes every pod cgroup.
const paths = [h.kubelet.podCgroups!.podPath(api.getPod("default", "oom")!), cpuPath, bombPath];
for (const n of ["oom", "cpu", "bomb"]) api.deletePodGracefully("default", n, 2);
await waitFor("pods deleted", () => ["oom", "cpu", "bomb"].every((n) => !api.getPod("default", n)), 60_000);
kv("pods_deleted", ["oom", "cpu", "bomb"].filter((n) => !api.getPod("default", n)).length);
kv("pod_cgroups_left", (await Promise.all(paths.map((p) => cg.exists(p)))).filter(Boolean).length);
await h.stop({ killPods: true });
kv("total_seconds", ((Date.now() - t0) / 1000).toFixed(1));
process.exit(0);
