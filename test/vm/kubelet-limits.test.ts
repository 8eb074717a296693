/**
 * The kubelet on a real cgroup v2 node (qemu, see scripts/vm): a pod with a 32Mi memory
 * limit that allocates more is OOMKilled, a 200m cpu limit throttles a busy loop to about
 * a fifth of a core (and the Summary API behind kubectl top reports that rate), the pod pid
 * limit holds a fork bomb, and deleting pods removes their cgroups. The guest runs
 * src/kubelet from the repository with the compiled binary as Bun.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/binary.ts";
import { describeRun, runVm, type VmResult } from "./vm.ts";

let run: VmResult;
let v: Record<string, string> = {};
const num = (k: string): number => {
  const s = v[k];
  if (s === undefined || s === "" || !Number.isFinite(Number(s))) throw new Error(`guest reported no number for ${k}\n${describeRun(run)}`);
  return Number(s);
};

describe("kubelet on a cgroup v2 node in a VM", () => {
  beforeAll(async () => {
    run = await runVm({ script: readFileSync(join(import.meta.dir, "guest", "kubelet-node.sh"), "utf8"), shares: { "/opt/repo": REPO_ROOT }, timeoutSec: 420, memMb: 2048 });
    v = run.values;
    console.log(`vm: kubelet run took ${run.seconds}s (kubelet start ${v["kubelet_start_seconds"]}s, program ${v["total_seconds"]}s)`);
    if (run.code !== 0) throw new Error(describeRun(run));
  }, 480_000);

  test("the node reports that it enforces limits", () => {
    expect(v["limits_enforced"]).toBe("True");
  });

  test("a 32Mi pod allocating 64 MiB is OOMKilled with exit code 137", () => {
    expect(v["oom_phase"]).toBe("Failed");
    expect(v["oom_reason"]).toBe("OOMKilled");
    expect(num("oom_exit")).toBe(137);
  });

  test("a 200m cpu limit holds a busy loop near a fifth of a core", () => {
    expect(v["cpu_pod_cpu_max"]).toBe("20000 100000");
    const share = num("cpu_share");
    console.log(`vm: 200m pod used ${share} of a core, throttled ${v["cpu_nr_throttled"]}/${v["cpu_nr_periods"]} periods`);
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.26);
    expect(num("cpu_nr_throttled")).toBeGreaterThan(10);
  });

  test("the Summary API reports the throttled container's CPU rate and its cgroup memory", () => {
    const spin = num("summary_spin_nanocores");
    console.log(`vm: summary says the 200m container used ${spin} nanocores, pod ${v["summary_pod_nanocores"]}`);
    expect(spin).toBeGreaterThan(0.1e9);
    expect(spin).toBeLessThan(0.26e9);
    expect(num("summary_pod_nanocores")).toBeGreaterThanOrEqual(spin * 0.9);
    expect(num("summary_spin_memory")).toBeGreaterThan(0);
  });

  test("pids.max stops a fork bomb and the node stays usable", () => {
    expect(num("pids_pod_max")).toBe(64);
    expect(num("pids_current")).toBeLessThanOrEqual(64);
    expect(num("pids_events_max")).toBeGreaterThan(0);
    expect(v["node_alive"]).toBe("alive");
  });

  test("deleted pods leave no cgroups behind", () => {
    expect(num("pods_deleted")).toBe(3);
    expect(num("pod_cgroups_left")).toBe(0);
  });
});
