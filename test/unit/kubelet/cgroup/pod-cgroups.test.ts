import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pod } from "../../../../src/kubelet/api/types.ts";
import { PodCgroups } from "../../../../src/kubelet/cm/pod-cgroups.ts";
import { CgroupV2Manager } from "../../../../src/kubelet/platform/cgroup/manager.ts";
import { FakeCgroupFs } from "../../../../src/kubelet/platform/cgroup/fake-fs.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kubun-podcg-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function mkPod(uid: string, resources?: { requests?: Record<string, string>; limits?: Record<string, string> }, n = 1): Pod {
  return {
    metadata: { name: uid, namespace: "default", uid },
    spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, ...(resources ? { resources } : {}) })) },
  };
}

describe("PodCgroups", () => {
  test("places pods by QoS class and writes pod-level limits", async () => {
    const fs = new FakeCgroupFs(join(dir, "cg"), { controllers: ["cpu", "memory", "pids", "io"] });
    const m = CgroupV2Manager.open({ root: fs.root, fs });
    const pc = new PodCgroups(m, { base: "kubepods", podPidsLimit: 100 });
    await pc.init({ cpuMilli: 2000, memory: 1 << 30 });
    expect(await m.getLimits("kubepods")).toMatchObject({ memoryMax: 1 << 30, cpuWeight: 79 });

    const g = mkPod("g", { limits: { cpu: "200m", memory: "32Mi" } }, 2);
    const b = mkPod("b", { requests: { cpu: "100m" }, limits: { memory: "64Mi" } });
    const be = mkPod("be");
    expect(await pc.ensurePod(g)).toBe("kubepods/podg");
    expect(await pc.ensurePod(b)).toBe("kubepods/burstable/podb");
    expect(await pc.ensurePod(be)).toBe("kubepods/besteffort/podbe");

    expect(await m.getLimits("kubepods/podg")).toEqual({ cpuQuota: 40000, cpuPeriod: 100000, cpuWeight: 16, memoryMax: 64 << 20, pidsMax: 100, oomGroup: false });
    // Burstable without a cpu limit on every container: no cpu.max; memory limit declared everywhere: memory.max set.
    expect(await m.getLimits("kubepods/burstable/podb")).toEqual({ cpuQuota: null, cpuPeriod: 100000, cpuWeight: 4, memoryMax: 64 << 20, pidsMax: 100, oomGroup: false });
    expect(await m.getLimits("kubepods/besteffort/podbe")).toEqual({ cpuQuota: null, cpuPeriod: 100000, cpuWeight: 1, memoryMax: null, pidsMax: 100, oomGroup: false });

    await pc.updateQOS([g, b, be]);
    expect((await m.getLimits("kubepods/burstable")).cpuWeight).toBe(4);
    expect([...(await pc.listPods()).keys()].sort()).toEqual(["b", "be", "g"]);

    await pc.removePod("b");
    expect(await m.exists("kubepods/burstable/podb")).toBe(false);
  });

  test("container limits: quota from limit, weight from request", () => {
    const fs = new FakeCgroupFs(join(dir, "cg"), { controllers: ["cpu", "memory", "pids"] });
    const pc = new PodCgroups(CgroupV2Manager.open({ root: fs.root, fs }));
    expect(pc.containerLimits({ name: "a", resources: { requests: { cpu: "250m" }, limits: { cpu: "1", memory: "1Gi" } } })).toEqual({
      cpuWeight: 10,
      cpuQuota: 100000,
      cpuPeriod: 100000,
      memoryMax: 1 << 30,
      oomGroup: true,
    });
    expect(pc.containerLimits({ name: "b" })).toEqual({ cpuWeight: 1, cpuQuota: null, cpuPeriod: 100000, memoryMax: null, oomGroup: true });
    const noQuota = new PodCgroups(CgroupV2Manager.open({ root: fs.root, fs }), { enforceCpuLimits: false });
    expect(noQuota.containerLimits({ name: "c", resources: { limits: { cpu: "1" } } }).cpuQuota).toBeNull();
  });

  test("without controllers nothing is written but the hierarchy exists", async () => {
    const fs = new FakeCgroupFs(join(dir, "cg"), { controllers: [] });
    const m = CgroupV2Manager.open({ root: fs.root, fs });
    const pc = new PodCgroups(m);
    await pc.init();
    await pc.ensurePod(mkPod("g", { limits: { cpu: "1", memory: "1Gi" } }));
    expect(await m.exists("kubepods/podg")).toBe(true);
    expect(await m.getLimits("kubepods/podg")).toEqual({});
    expect(fs.writes.filter((w) => !w.path.endsWith("cgroup.subtree_control"))).toEqual([]);
  });
});
