import { afterEach, describe, expect, test } from "bun:test";
import type { Pod } from "../../../src/scheduler/api-types.ts";
import { Scheduler, type SchedulerOptions } from "../../../src/scheduler/core/scheduler.ts";
import { FakeSource } from "../../../src/scheduler/testing/fake-source.ts";
import { setLogSink } from "../../../src/util/log.ts";
import { makeNode, makePod } from "./builders.ts";

setLogSink("silent");

const running: Scheduler[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

async function start(src: FakeSource, opts: Partial<SchedulerOptions> = {}): Promise<Scheduler> {
  const s = new Scheduler({ source: src, ...opts });
  running.push(s);
  await s.start();
  return s;
}

/** Lets events, the loop and binding cycles run until nothing changes. */
async function settle(s: Scheduler): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Bun.sleep(5);
    await s.waitIdle();
  }
}

const nodeOf = (src: FakeSource, name: string) => src.getPod("default", name)?.spec.nodeName;
const condition = (p: Pod | undefined) => p?.status?.conditions?.find((c) => c.type === "PodScheduled");

describe("Scheduler", () => {
  test("spreads pods over equal nodes and records Scheduled events", async () => {
    const src = new FakeSource();
    for (const n of ["a", "b", "c"]) src.createNode(makeNode(n, { cpu: "2" }));
    const s = await start(src);
    for (let i = 0; i < 3; i++) src.createPod(makePod(`p${i}`, { cpu: "1" }));
    await settle(s);
    expect(new Set([0, 1, 2].map((i) => nodeOf(src, `p${i}`)))).toEqual(new Set(["a", "b", "c"]));
    expect(src.events.filter((e) => e.reason === "Scheduled").map((e) => e.note).sort()[0]).toMatch(/^Successfully assigned default\/p0 to [abc]$/);
  });

  test("an unschedulable pod is scheduled when a fitting node appears", async () => {
    const src = new FakeSource();
    src.createNode(makeNode("small", { cpu: "1" }));
    const s = await start(src);
    src.createPod(makePod("big", { cpu: "3" }));
    await settle(s);
    expect(nodeOf(src, "big")).toBeUndefined();
    expect(condition(src.getPod("default", "big"))?.reason).toBe("Unschedulable");
    expect(s.queue.has(makePod("big"))).toBe("unschedulable");
    src.createNode(makeNode("large", { cpu: "4" }));
    await Bun.sleep(1100); // the pod is still backing off (1 s) after its first attempt
    s.queue.flushBackoffQCompleted();
    await settle(s);
    expect(nodeOf(src, "big")).toBe("large");
  });

  test("a failed bind forgets the assumed pod, reports the error and retries with backoff", async () => {
    const src = new FakeSource();
    src.createNode(makeNode("n1", { cpu: "1" }));
    let fail = true;
    src.bindHook = () => (fail ? new Error("etcdserver: request timed out") : null);
    const s = await start(src);
    src.createPod(makePod("p", { cpu: "1" }));
    await settle(s);
    expect(nodeOf(src, "p")).toBeUndefined();
    expect(s.metrics.bindFailures).toBe(1);
    expect(s.cache.podCount()).toBe(0);
    const ev = src.events.find((e) => e.reason === "FailedScheduling");
    expect(ev?.note).toBe('Binding rejected: running Bind plugin "DefaultBinder": etcdserver: request timed out');
    expect(condition(src.getPod("default", "p"))?.reason).toBe("SchedulerError");
    expect(s.queue.has(makePod("p"))).toBe("backoff");
    fail = false;
    await Bun.sleep(1100);
    s.queue.flushBackoffQCompleted();
    await settle(s);
    expect(nodeOf(src, "p")).toBe("n1");
  });

  test("preemption evicts a lower-priority pod, nominates the node, then binds there", async () => {
    const src = new FakeSource();
    src.createNode(makeNode("n1", { cpu: "1" }));
    src.createPod(makePod("victim", { cpu: "1", priority: 1, nodeName: "n1" }));
    const s = await start(src);
    src.createPod(makePod("vip", { cpu: "1", priority: 1000 }));
    await settle(s);
    expect(src.deleted).toEqual(["default/victim"]);
    const vip = src.getPod("default", "vip");
    expect(vip?.status?.nominatedNodeName).toBe("n1");
    await Bun.sleep(1100);
    s.queue.flushBackoffQCompleted();
    await settle(s);
    expect(nodeOf(src, "vip")).toBe("n1");
  });

  test("pods are scheduled by the profile named in spec.schedulerName; others are ignored", async () => {
    const src = new FakeSource();
    src.createNode(makeNode("n1"));
    const s = await start(src, {
      config: {
        profiles: [
          { schedulerName: "default-scheduler" },
          {
            schedulerName: "bin-packer",
            plugins: { score: { disabled: [{ name: "NodeResourcesBalancedAllocation" }] } },
            pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated" } } }],
          },
        ],
      },
    });
    src.createNode(makeNode("n2"));
    src.createPod(makePod("filler", { cpu: "2", nodeName: "n2" }));
    src.createPod(makePod("mine", { cpu: "1" }));
    await settle(s);
    src.createPod(makePod("packed", { cpu: "1", schedulerName: "bin-packer" }));
    src.createPod(makePod("foreign", { schedulerName: "someone-else" }));
    await settle(s);
    expect(nodeOf(src, "mine")).toBe("n1");
    expect(nodeOf(src, "packed")).toBe("n2");
    expect(nodeOf(src, "foreign")).toBeUndefined();
    expect(s.queue.has(makePod("foreign"))).toBeNull();
  });

  test("percentageOfNodesToScore bounds the nodes evaluated and the start index rotates", async () => {
    const src = new FakeSource();
    for (let i = 0; i < 200; i++) src.createNode(makeNode(`n${String(i).padStart(3, "0")}`));
    const s = await start(src, { config: { percentageOfNodesToScore: 50 } });
    src.createPod(makePod("p1"));
    await settle(s);
    expect(s.nextStartNodeIndex).toBe(100);
    src.createPod(makePod("p2"));
    await settle(s);
    expect(s.nextStartNodeIndex).toBe(0);
  });

  test("a pod deleted while unschedulable leaves the queue", async () => {
    const src = new FakeSource();
    src.createNode(makeNode("n1", { cpu: "1" }));
    const s = await start(src);
    src.createPod(makePod("p", { cpu: "5" }));
    await settle(s);
    expect(s.queue.has(makePod("p"))).toBe("unschedulable");
    src.removePod(makePod("p"));
    await settle(s);
    expect(s.queue.has(makePod("p"))).toBeNull();
  });

  test("no nodes: the pod fails with an error and waits in backoff", async () => {
    const src = new FakeSource();
    const s = await start(src);
    src.createPod(makePod("p"));
    await settle(s);
    expect(src.events.find((e) => e.reason === "FailedScheduling")?.note).toBe("no nodes available to schedule pods");
  });

  test("assigned pods reduce capacity and their deletion frees it", async () => {
    const src = new FakeSource();
    src.createNode(makeNode("n1", { cpu: "1" }));
    src.createPod(makePod("running", { cpu: "1", nodeName: "n1" }));
    const s = await start(src);
    src.createPod(makePod("p", { cpu: "1", priority: 0 }));
    await settle(s);
    expect(nodeOf(src, "p")).toBeUndefined();
    src.removePod(makePod("running"));
    await Bun.sleep(1100);
    s.queue.flushBackoffQCompleted();
    await settle(s);
    expect(nodeOf(src, "p")).toBe("n1");
  });
});
