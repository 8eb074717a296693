/**
 * The VM route works: a real cgroup v2 node boots in qemu with the compiled kubun, the
 * binary runs there (LMDB and its worker pool), and the kernel enforces the limits the
 * kubelet relies on (memory.max OOM kills, cpu.max throttling, pids.max against a fork
 * bomb), with the overlayfs and namespaces the runtime uses. One boot; the tests judge
 * the figures the guest script (guest/cgroup-v2.sh) reports.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeRun, runVm, type VmResult } from "./vm.ts";

let run: VmResult;
let v: Record<string, string> = {};

const num = (k: string): number => {
  const s = v[k];
  if (s === undefined || s === "" || !Number.isFinite(Number(s))) throw new Error(`guest reported no number for ${k}\n${describeRun(run)}`);
  return Number(s);
};

describe("cgroup v2 node in a VM", () => {
  beforeAll(async () => {
    run = await runVm({ script: readFileSync(join(import.meta.dir, "guest", "cgroup-v2.sh"), "utf8"), timeoutSec: 240 });
    v = run.values;
    console.log(`vm: boot and guest script took ${run.seconds}s; kubun check ${v["check_seconds"]}s`);
    if (run.code !== 0) throw new Error(describeRun(run));
  }, 300_000);

  test("cgroup2 is mounted with every controller the kubelet uses, enabled for children", () => {
    expect(v["fstype"]).toBe("cgroup2");
    const want = ["cpuset", "cpu", "io", "memory", "hugetlb", "pids"];
    expect(v["controllers"]?.split(" ")).toEqual(expect.arrayContaining(want));
    expect(v["subtree_control"]?.split(" ")).toEqual(expect.arrayContaining(want));
    expect(num("cpus")).toBe(2);
  });

  test("kubun check opens LMDB and runs its worker pool in the VM", () => {
    expect(num("check_rc")).toBe(0);
    expect(run.output).toContain("lmdb: ok");
    expect(run.output).toContain("worker pool: ok");
  });

  test("memory.max=32M OOM-kills a process that allocates 64 MiB; 256M lets it finish", () => {
    expect(num("mem_max")).toBe(32 * 1024 * 1024);
    // The control: the same allocation under a roomy limit completes.
    expect(num("mem_free_exit")).toBe(0);
    expect(run.output).toContain("allocated 64 MiB");
    expect(num("mem_free_oom_kill")).toBe(0);
    // Under 32M the kernel kills it: SIGKILL (128 + 9) and counted in memory.events.
    expect(num("mem_exit")).toBe(137);
    expect(num("mem_oom_kill")).toBeGreaterThanOrEqual(1);
    expect(num("mem_oom")).toBeGreaterThanOrEqual(1);
    expect(num("mem_peak")).toBeLessThanOrEqual(32 * 1024 * 1024);
  });

  test('cpu.max "20000 100000" throttles a busy loop to about a fifth of a core', () => {
    expect(v["cpu_max"]).toBe("20000 100000");
    const wall = num("cpu_wall_usec");
    const share = num("cpu_usage_usec") / wall;
    const freeShare = num("cpu_free_usage_usec") / wall;
    console.log(`vm: cpu.max 20% loop used ${share.toFixed(3)} of a core, the unlimited one ${freeShare.toFixed(3)}; throttled ${v["cpu_nr_throttled"]}/${v["cpu_nr_periods"]} periods`);
    expect(share).toBeLessThanOrEqual(0.25);
    expect(share).toBeGreaterThanOrEqual(0.1);
    // The unlimited loop beside it gets far more: the limit, not the machine, holds it.
    expect(freeShare).toBeGreaterThan(2 * share);
    expect(num("cpu_nr_throttled")).toBeGreaterThanOrEqual(10);
    expect(num("cpu_throttled_usec")).toBeGreaterThan(0);
    expect(num("cpu_free_nr_throttled")).toBe(0);
  });

  test("pids.max=20 stops a fork bomb and cgroup.kill ends it", () => {
    expect(num("pids_peak")).toBeLessThanOrEqual(20);
    expect(num("pids_peak")).toBeGreaterThanOrEqual(10);
    expect(num("pids_max_events")).toBeGreaterThan(0);
    expect(v["pids_system_ok"]).toBe("alive");
    expect(num("pids_after_kill")).toBe(0);
  });

  test("the test cgroups are removed afterwards", () => {
    expect(v["cgroups_removed"]).toBe("1");
  });

  test("overlayfs mounts with an upper layer, and unshare starts a pid namespace", () => {
    expect(v["overlay"]).toBe("lower/upper");
    expect(v["unshare_pid"]).toBe("1");
  });
});
