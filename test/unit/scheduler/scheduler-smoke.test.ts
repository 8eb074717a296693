import { describe, expect, test } from "bun:test";
import { Scheduler } from "../../../src/scheduler/core/scheduler.ts";
import { FakeSource } from "../../../src/scheduler/testing/fake-source.ts";
import { setLogSink } from "../../../src/util/log.ts";
import { makeNode, makePod } from "./builders.ts";

setLogSink("silent");

describe("scheduler end to end on a fake source", () => {
  test("binds pods and reports unschedulable ones like upstream", async () => {
    const src = new FakeSource();
    for (let i = 0; i < 3; i++) src.createNode(makeNode(`n${i}`, { cpu: "1" }));
    src.createNode(makeNode("cp", { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }));
    const s = new Scheduler({ source: src });
    await s.start();
    for (let i = 0; i < 3; i++) src.createPod(makePod(`p${i}`, { cpu: "600m" }));
    src.createPod(makePod("big", { cpu: "2" }));
    await Bun.sleep(50);
    await s.waitIdle();
    await s.stop();
    expect(src.bindings.length).toBe(3);
    expect(new Set(src.bindings.map((b) => b.node)).size).toBe(3);
    const failed = src.events.find((e) => e.reason === "FailedScheduling" && e.regarding.metadata.name === "big");
    expect(failed?.note).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. " +
        "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
    );
    const big = src.getPod("default", "big")!;
    const cond = big.status?.conditions?.find((c) => c.type === "PodScheduled");
    expect(cond?.status).toBe("False");
    expect(cond?.reason).toBe("Unschedulable");
  });
});
