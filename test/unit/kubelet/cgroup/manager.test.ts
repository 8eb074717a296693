import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseMountinfo } from "../../../../src/kubelet/platform/cgroup/detect.ts";
import { FakeCgroupFs } from "../../../../src/kubelet/platform/cgroup/fake-fs.ts";
import { CgroupV2Manager } from "../../../../src/kubelet/platform/cgroup/manager.ts";
import { NullCgroupManager } from "../../../../src/kubelet/platform/cgroup/null.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kubun-cg-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(controllers: Array<"cpu" | "memory" | "pids" | "io" | "hugetlb">, hasKill = true) {
  const fs = new FakeCgroupFs(join(dir, "cg"), { controllers, hasKill });
  return { fs, m: CgroupV2Manager.open({ root: fs.root, fs }) };
}

describe("CgroupV2Manager", () => {
  test("enables only the required controllers, all the way down", async () => {
    const { fs, m } = open(["cpu", "memory", "pids", "io", "hugetlb"]);
    expect([...m.available].sort()).toEqual(["cpu", "memory", "pids"]);
    expect(m.report().unenforceable).toEqual([]);
    await m.ensure("kubepods/burstable/podx/c1");
    expect(readFileSync(join(fs.root, "cgroup.subtree_control"), "utf8").trim().split(" ").sort()).toEqual(["cpu", "memory", "pids"]);
    expect(readFileSync(join(fs.root, "kubepods/burstable/podx/cgroup.subtree_control"), "utf8").trim().split(" ").sort()).toEqual([
      "cpu",
      "memory",
      "pids",
    ]);
    expect(readFileSync(join(fs.root, "kubepods/burstable/podx/c1/cgroup.controllers"), "utf8").trim().split(" ").sort()).toEqual([
      "cpu",
      "memory",
      "pids",
    ]);
  });

  test("writes and reads back limits", async () => {
    const { m } = open(["cpu", "memory", "pids"]);
    await m.ensure("a/b", { cpuQuota: 20000, cpuPeriod: 100000, cpuWeight: 39, memoryMax: 32 << 20, pidsMax: 64, oomGroup: true });
    expect(await m.getLimits("a/b")).toEqual({ cpuQuota: 20000, cpuPeriod: 100000, cpuWeight: 39, memoryMax: 32 << 20, pidsMax: 64, oomGroup: true });
    await m.setLimits("a/b", { cpuQuota: null, memoryMax: null, pidsMax: null, oomGroup: false });
    expect(await m.getLimits("a/b")).toEqual({ cpuQuota: null, cpuPeriod: 100000, cpuWeight: 39, memoryMax: null, pidsMax: null, oomGroup: false });
  });

  test("a host without controllers reports every limit kind it cannot enforce", async () => {
    const { fs, m } = open([]);
    const r = m.report();
    expect(r.missing).toEqual(["cpu", "memory", "pids"]);
    expect(r.unenforceable).toHaveLength(3);
    expect(r.unenforceable[1]).toContain("memory.max");
    await m.ensure("k/p", { memoryMax: 1024, cpuQuota: 1000, pidsMax: 5 });
    expect(await m.getLimits("k/p")).toEqual({});
    expect(fs.writes.some((w) => w.path.endsWith("memory.max"))).toBe(false);
  });

  test("partially available controllers", () => {
    const { m } = open(["memory"]);
    expect(m.report().missing).toEqual(["cpu", "pids"]);
  });

  test("stats: cpu.stat, memory.events oom_kill, pids", async () => {
    const { fs, m } = open(["cpu", "memory", "pids"]);
    const d = await m.ensure("k/p");
    fs.setFile(d, "cpu.stat", "usage_usec 500\nuser_usec 300\nsystem_usec 200\nnr_periods 10\nnr_throttled 4\nthrottled_usec 9000\n");
    fs.setFile(d, "memory.events", "low 0\nhigh 0\nmax 7\noom 2\noom_kill 1\noom_group_kill 0\n");
    fs.setFile(d, "memory.current", "4096\n");
    fs.setFile(d, "pids.current", "3\n");
    expect(await m.stats("k/p")).toEqual({
      cpu: { usageUsec: 500, userUsec: 300, systemUsec: 200, nrPeriods: 10, nrThrottled: 4, throttledUsec: 9000 },
      memoryCurrent: 4096,
      memoryEvents: { low: 0, high: 0, max: 7, oom: 2, oomKill: 1 },
      pidsCurrent: 3,
    });
  });

  for (const hasKill of [true, false]) {
    test(`remove kills processes then removes the subtree (cgroup.kill ${hasKill ? "present" : "absent"})`, async () => {
      const { fs, m } = open(["cpu", "memory", "pids"], hasKill);
      const c1 = await m.ensure("k/p/c1");
      await m.ensure("k/p/c2");
      // A pid that cannot exist, so the fallback's kill() fails harmlessly; the fake empties on cgroup.kill.
      fs.addProc(c1, 2 ** 22 + 1);
      expect(await m.allProcs("k/p")).toEqual([2 ** 22 + 1]);
      if (hasKill) {
        await m.remove("k/p");
        expect(await m.exists("k/p")).toBe(false);
        expect(await m.exists("k")).toBe(true);
      } else {
        // Without cgroup.kill the fake cannot see the signal: the process "survives" and remove times out.
        await expect(m.remove("k/p", 100)).rejects.toThrow(/still has processes/);
      }
    });
  }

  test("refuses path escapes and the root", async () => {
    const { m } = open(["cpu"]);
    await expect(m.ensure("a/../../etc")).rejects.toThrow(/invalid/);
    await expect(m.remove("")).rejects.toThrow(/root/);
  });

  test("removing a missing cgroup is not an error", async () => {
    const { m } = open(["cpu"]);
    await m.remove("nope/nothing");
  });
});

describe("NullCgroupManager", () => {
  test("claims nothing", async () => {
    const n = new NullCgroupManager();
    expect(n.report().mode).toBe("none");
    expect(n.report().unenforceable[0]).toMatch(/cannot enforce any resource limits/);
    expect(n.dir()).toBe("");
  });
});

describe("parseMountinfo", () => {
  test("hybrid host", () => {
    const text = [
      "30 25 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755",
      "31 30 0:27 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
      "32 30 0:28 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
    ].join("\n");
    expect(parseMountinfo(text)).toEqual({ v2: "/sys/fs/cgroup/unified", hasV1: true });
  });
  test("pure v2", () => {
    expect(parseMountinfo("31 25 0:27 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n")).toEqual({
      v2: "/sys/fs/cgroup",
      hasV1: false,
    });
  });
  test("none", () => expect(parseMountinfo("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n")).toEqual({ v2: null, hasV1: false }));
});
