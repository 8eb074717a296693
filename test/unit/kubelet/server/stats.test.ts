/**
 * The kubelet's /stats/summary over a simulated cgroup v2 tree: per-container CPU and
 * working set (memory.current, or the processes' resident memory without the memory
 * controller), CPU rates in nanocores, machine-wide node CPU; and that what it reports is
 * what the apiserver's resource metrics accept.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeSummary, type Summary } from "../../../../src/apiserver/resourcemetrics/summary.ts";
import type { Pod } from "../../../../src/kubelet/api/types.ts";
import { PodCgroups } from "../../../../src/kubelet/cm/pod-cgroups.ts";
import type { Kubelet } from "../../../../src/kubelet/kubelet.ts";
import { FakeCgroupFs } from "../../../../src/kubelet/platform/cgroup/fake-fs.ts";
import { CgroupV2Manager } from "../../../../src/kubelet/platform/cgroup/manager.ts";
import { statsSummary } from "../../../../src/kubelet/server/stats.ts";
import type { Controller } from "../../../../src/kubelet/platform/cgroup.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kubun-stats-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const pod: Pod = { metadata: { name: "web", namespace: "default", uid: "u1" }, spec: { containers: [{ name: "app" }, { name: "side" }] } };

async function setup(controllers: Controller[]) {
  const fs = new FakeCgroupFs(join(dir, "cg"), { controllers });
  const cg = CgroupV2Manager.open({ root: fs.root, fs });
  const pc = new PodCgroups(cg);
  await pc.init();
  await pc.ensurePod(pod);
  await cg.ensure(pc.containerPath(pod, "c-app"));
  const kubelet = {
    nodeFacts: () => ({ nodeName: "n1" }),
    podCgroups: pc,
    workers: new Map([
      [
        "u1",
        {
          pod,
          lastStatus: {
            startTime: "2025-03-01T09:00:00Z",
            containerStatuses: [
              { name: "app", containerID: "kubun://c-app", state: { running: { startedAt: "2025-03-01T09:00:01Z" } } },
              { name: "side", containerID: "kubun://c-gone", state: { terminated: { exitCode: 0 } } },
            ],
          },
        },
      ],
    ]),
  } as unknown as Kubelet;
  const cpu = (usec: number) => fs.setFile(cg.dir(pc.containerPath(pod, "c-app")), "cpu.stat", `usage_usec ${usec}\nuser_usec ${usec}\nsystem_usec 0\n`);
  return { fs, cg, pc, kubelet, cpu };
}

type Container = { name: string; startTime: string; cpu?: { usageCoreNanoSeconds: number; usageNanoCores?: number }; memory?: { workingSetBytes: number } };
const containersOf = (s: Record<string, unknown>) => ((s["pods"] as { containers: Container[] }[])[0]!.containers);

describe("statsSummary", () => {
  test("running containers carry their cgroup's CPU and memory.current; rates are nanocores", async () => {
    const { fs, cg, pc, kubelet, cpu } = await setup(["cpu", "memory", "pids"]);
    fs.setFile(cg.dir(pc.containerPath(pod, "c-app")), "memory.current", `${3 * 1024 * 1024}\n`);
    cpu(1_000_000);
    const first = await statsSummary(kubelet, cg);
    const [c] = containersOf(first);
    expect(containersOf(first)).toHaveLength(1);
    expect(c).toMatchObject({ name: "app", startTime: "2025-03-01T09:00:01Z", cpu: { usageCoreNanoSeconds: 1e9 }, memory: { workingSetBytes: 3 * 1024 * 1024 } });
    expect(c!.cpu!.usageNanoCores).toBeUndefined();
    const node = first["node"] as { nodeName: string; cpu: { usageCoreNanoSeconds: number }; memory: { workingSetBytes: number } };
    expect(node.nodeName).toBe("n1");
    expect(node.cpu.usageCoreNanoSeconds).toBeGreaterThan(0);
    expect(node.memory.workingSetBytes).toBeGreaterThan(0);

    // 50 ms of CPU in about 100 ms: about half a core
    await Bun.sleep(100);
    cpu(1_050_000);
    const [again] = containersOf(await statsSummary(kubelet, cg));
    expect(again!.cpu!.usageNanoCores).toBeGreaterThan(0.2e9);
    expect(again!.cpu!.usageNanoCores).toBeLessThan(0.6e9);
  });

  test("without the memory controller the working set is the processes' resident memory", async () => {
    const { fs, cg, pc, kubelet, cpu } = await setup(["cpu", "pids"]);
    cpu(2_000_000);
    fs.addProc(cg.dir(pc.containerPath(pod, "c-app")), 4242);
    let asked: readonly number[] = [];
    const summary = await statsSummary(kubelet, cg, async (pids) => {
      asked = pids;
      return 8 * 1024 * 1024;
    });
    expect(asked).toEqual([4242]);
    expect(containersOf(summary)[0]).toMatchObject({ memory: { workingSetBytes: 8 * 1024 * 1024 } });

    // what the apiserver's resource metrics take from it
    const batch = decodeSummary("n1", summary as Summary);
    expect(batch.nodes.has("n1")).toBe(true);
    expect(batch.pods.get("default/web")?.get("app")).toMatchObject({ cumulativeCpu: 2e9, memory: 8 * 1024 * 1024 });
  });

  test("without cgroups containers carry no usage", async () => {
    const { kubelet } = await setup(["cpu"]);
    const summary = await statsSummary({ ...kubelet, podCgroups: null } as unknown as Kubelet, null);
    expect(containersOf(summary)).toEqual([{ name: "app", startTime: "2025-03-01T09:00:01Z" }]);
  });
});
