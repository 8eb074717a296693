/**
 * The cgroup manager against the host kernel's cgroup2 (as root). On the hybrid build
 * machine no controller is available; in the VM all are (test/vm covers limits).
 */
import { describe, expect, test } from "bun:test";
import { detectCgroupMounts } from "../../../src/kubelet/platform/cgroup/detect.ts";
import { CgroupV2Manager } from "../../../src/kubelet/platform/cgroup/manager.ts";

const mounts = detectCgroupMounts();
const usable = mounts.v2 !== null && process.getuid?.() === 0;

describe.skipIf(!usable)("cgroup v2 on this kernel", () => {
  test("spawn into a cgroup, see it in cgroup.procs and cpu.stat, kill and remove", async () => {
    const m = CgroupV2Manager.open();
    const base = `kubun-test-${process.pid}-${Date.now()}`;
    const dir = await m.ensure(`${base}/pod1/c1`);
    const proc = Bun.spawn(["sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 30"], { cgroup: dir, stdout: "ignore" });
    try {
      await Bun.sleep(200);
      expect(await m.procs(`${base}/pod1/c1`)).toContain(proc.pid);
      expect(await m.allProcs(base)).toContain(proc.pid);
      expect((await m.stats(`${base}/pod1/c1`)).cpu.usageUsec).toBeGreaterThan(0);
      await m.remove(base);
      expect(await proc.exited).not.toBe(0);
      expect(proc.signalCode).toBe("SIGKILL");
      expect(await m.exists(base)).toBe(false);
    } finally {
      proc.kill(9);
      await m.remove(base).catch(() => {});
    }
  });

  test("report matches the kernel's cgroup.controllers", async () => {
    const m = CgroupV2Manager.open();
    const listed = (await Bun.file(`${m.root}/cgroup.controllers`).text()).trim().split(/\s+/);
    for (const c of ["cpu", "memory", "pids"] as const) expect(m.available.has(c)).toBe(listed.includes(c));
    expect(m.report().mode).toBe(mounts.hasV1 ? "hybrid" : "v2");
  });
});
