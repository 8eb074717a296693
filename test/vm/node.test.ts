/**
 * Issue 8's test/vm criteria on a real cgroup v2 node: the compiled binary as server
 * plus agent in the VM, the real kubectl against it, a busybox image auto-imported from
 * <data-dir>/agent/images, and then: a pod with a 32Mi memory limit that allocates more
 * is OOMKilled (status says so); a pod with a 200m cpu limit is throttled to about a
 * fifth of a core (from cpu.stat); pids.max stops a fork bomb; cgroups are gone after
 * the pods are deleted. One boot; guest/node.sh reports figures, the tests judge them.
 *
 * Needs from kubun: `kubun server --kubelet-arg=pod-max-pids=64` (upstream's
 * --pod-max-pids, passed k3s-style) so the node sets pids.max on every pod cgroup.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/binary.ts";
import { buildBusyboxImage } from "../integration/kubelet/fixtures/busybox-image.ts";
import { describeRun, runVm, type VmResult } from "./vm.ts";

const TOOLS = join(REPO_ROOT, ".cache", "tools");
const MI = 1024 * 1024;

let run: VmResult;
let v: Record<string, string> = {};
let work = "";

const num = (k: string): number => {
  const s = v[k];
  if (s === undefined || s === "" || !Number.isFinite(Number(s))) throw new Error(`guest reported no number for ${k}\n${describeRun(run)}`);
  return Number(s);
};

describe("kubun server with its agent on a cgroup v2 node in a VM", () => {
  beforeAll(async () => {
    if (!existsSync(join(TOOLS, "kubectl"))) {
      const p = Bun.spawn(["bash", join(REPO_ROOT, "scripts", "tools.sh")], { stdout: "inherit", stderr: "inherit" });
      if ((await p.exited) !== 0) throw new Error("scripts/tools.sh failed to provide kubectl");
    }
    work = mkdtempSync(join(tmpdir(), "kubun-vm-node-"));
    const archive = join(work, "busybox.tar");
    const img = await buildBusyboxImage(archive, { name: "kubun.test/busybox:1.35" });
    expect(img.name).toBe("kubun.test/busybox:1.35");
    run = await runVm({
      script: readFileSync(join(import.meta.dir, "guest", "node.sh"), "utf8"),
      files: { "/var/lib/kubun/agent/images/busybox.tar": archive },
      shares: { "/opt/tools": TOOLS },
      memMb: 3072,
      timeoutSec: 540,
    });
    v = run.values;
    console.log(`vm: node test took ${run.seconds}s (apiserver ready ${v["readyz_seconds"]}s, node Ready ${v["node_ready_seconds"]}s)`);
    if (run.code !== 0) throw new Error(describeRun(run));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("the node registers, becomes Ready and lists the imported image", () => {
    expect(v["node"]).toBe("kubun-vm");
    expect(v["image_listed"]).toBe("yes");
  });

  test("a pod with a 32Mi memory limit that allocates 64 MiB is OOMKilled", () => {
    expect(v["mem_pod_memory_max"]).toBe(String(32 * MI));
    expect(v["mem_phase"]).toBe("Failed");
    expect(v["mem_reason"]).toBe("OOMKilled");
    expect(num("mem_exit_code")).toBe(137);
  });

  test("a pod with a 200m cpu limit is throttled to about a fifth of a core", () => {
    expect(v["cpu_pod_cpu_max"]).toBe("20000 100000");
    const share = num("cpu_usage_usec") / num("cpu_wall_usec");
    console.log(`vm: 200m pod used ${share.toFixed(3)} of a core; throttled ${v["cpu_nr_throttled"]} periods`);
    expect(share).toBeLessThanOrEqual(0.25);
    expect(share).toBeGreaterThanOrEqual(0.1);
    expect(num("cpu_nr_throttled")).toBeGreaterThanOrEqual(10);
    expect(num("cpu_throttled_usec")).toBeGreaterThan(0);
  });

  test("pids.max stops a fork bomb in a pod and the node stays responsive", () => {
    expect(num("bomb_pids_max")).toBe(64);
    expect(num("bomb_pids_peak")).toBeLessThanOrEqual(64);
    expect(num("bomb_pids_peak")).toBeGreaterThanOrEqual(32);
    expect(num("bomb_pids_max_events")).toBeGreaterThan(0);
    expect(v["node_responsive"]).toBe(v["node"]!);
  });

  test("deleting the pods removes their cgroups", () => {
    expect(num("pods_left")).toBe(0);
    expect(v["cgroups_gone"]).toBe("1");
    expect(num("pod_cgroups_left")).toBe(0);
  });
});
