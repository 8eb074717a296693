import { describe, expect, test } from "bun:test";
import type { Pod } from "../../../../src/scheduler/api-types.ts";
import { ActionType, Events } from "../../../../src/scheduler/framework/events.ts";
import { KeyedHeap } from "../../../../src/scheduler/queue/heap.ts";
import { type RegisteredHint, SchedulingQueue } from "../../../../src/scheduler/queue/scheduling-queue.ts";
import { makeNode, makePod } from "../builders.ts";
import { frameworkFor } from "../harness.ts";

function newQueue() {
  let now = 1_000_000;
  const fwk = frameworkFor([]);
  const hints: RegisteredHint[] = [];
  for (const [plugin, evs] of fwk.eventsToRegister()) for (const e of evs) hints.push({ plugin, event: e.event, hint: e.hint });
  const q = new SchedulingQueue({
    less: (a, b) => fwk.queueSort.less(a, b),
    profileFor: () => ({ preEnqueue: (p: Pod) => fwk.runPreEnqueuePlugins(p), hints }),
    now: () => now,
  });
  return { q, tick: (ms: number) => (now += ms), now: () => now };
}

/** Pops a pod and fails it as if `plugins` rejected it. */
function failWith(q: SchedulingQueue, ...plugins: string[]) {
  const qpi = q.tryPop()!;
  qpi.unschedulablePlugins = new Set(plugins);
  q.addUnschedulableIfNotPresent(qpi, q.schedulingCycle);
  return qpi;
}

describe("KeyedHeap", () => {
  test("orders, updates and deletes by key", () => {
    const h = new KeyedHeap<{ k: string; v: number }>((x) => x.k, (a, b) => a.v < b.v);
    for (const [k, v] of [["a", 5], ["b", 1], ["c", 3], ["d", 4]] as const) h.upsert({ k, v });
    h.upsert({ k: "a", v: 0 });
    h.delete("c");
    expect([h.pop()!.k, h.pop()!.k, h.pop()!.k, h.pop()]).toEqual(["a", "b", "d", undefined]);
  });
});

describe("SchedulingQueue", () => {
  test("activeQ pops by priority, then by arrival", () => {
    const { q, tick } = newQueue();
    q.add(makePod("low", { priority: 1 }));
    tick(1);
    q.add(makePod("high", { priority: 10 }));
    tick(1);
    q.add(makePod("low2", { priority: 1 }));
    expect([q.tryPop()!, q.tryPop()!, q.tryPop()!].map((x) => x.podInfo.pod.metadata.name)).toEqual(["high", "low", "low2"]);
  });

  test("backoff doubles from 1s to at most 10s", () => {
    const { q } = newQueue();
    q.add(makePod("p"));
    const qpi = q.tryPop()!;
    const got: number[] = [];
    for (let attempts = 1; attempts <= 6; attempts++) {
      qpi.attempts = attempts;
      got.push(q.backoffDuration(qpi));
    }
    expect(got).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  test("an unschedulable pod moves only on events its rejecting plugin registered", () => {
    const { q, tick } = newQueue();
    q.add(makePod("p", { cpu: "1" }));
    failWith(q, "NodeResourcesFit");
    expect(q.has(makePod("p"))).toBe("unschedulable");
    // A label change on a node is not an event NodeResourcesFit registered.
    q.moveAllToActiveOrBackoffQueue({ resource: "Node", actionType: ActionType.UpdateNodeLabel }, makeNode("n"), makeNode("n"));
    expect(q.has(makePod("p"))).toBe("unschedulable");
    // A deleted assigned pod frees resources: the pod moves (to backoff while backing off).
    q.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete, makePod("other", { nodeName: "n" }), null);
    expect(q.has(makePod("p"))).toBe("backoff");
    tick(1001);
    q.flushBackoffQCompleted();
    expect(q.has(makePod("p"))).toBe("active");
  });

  test("queueing hints: a node that cannot fit the pod does not move it", () => {
    const { q, tick } = newQueue();
    q.add(makePod("p", { cpu: "8" }));
    failWith(q, "NodeResourcesFit");
    tick(5000);
    q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, null, makeNode("small", { cpu: "2" }));
    expect(q.has(makePod("p"))).toBe("unschedulable");
    q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, null, makeNode("big", { cpu: "16" }));
    expect(q.has(makePod("p"))).toBe("active");
  });

  test("taint hint: only a node whose taints the pod tolerates moves it", () => {
    const { q, tick } = newQueue();
    q.add(makePod("p"));
    failWith(q, "TaintToleration");
    tick(5000);
    q.moveAllToActiveOrBackoffQueue({ resource: "Node", actionType: ActionType.UpdateNodeTaint }, null, makeNode("n", { taints: [{ key: "k", effect: "NoSchedule" }] }));
    expect(q.has(makePod("p"))).toBe("unschedulable");
    q.moveAllToActiveOrBackoffQueue({ resource: "Node", actionType: ActionType.UpdateNodeTaint }, null, makeNode("n"));
    expect(q.has(makePod("p"))).toBe("active");
  });

  test("unschedulable pods are flushed after 5 minutes", () => {
    const { q, tick } = newQueue();
    q.add(makePod("p"));
    failWith(q, "NodeAffinity");
    tick(60_000);
    q.flushUnschedulablePodsLeftover();
    expect(q.has(makePod("p"))).toBe("unschedulable");
    tick(5 * 60_000);
    q.flushUnschedulablePodsLeftover();
    expect(q.has(makePod("p"))).toBe("active");
  });

  test("a move request during the pod's cycle sends it to backoff, not the unschedulable pool", () => {
    const { q } = newQueue();
    q.add(makePod("p"));
    const qpi = q.tryPop()!;
    const cycle = q.schedulingCycle;
    q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, null, makeNode("n"));
    qpi.unschedulablePlugins = new Set(["NodeAffinity"]);
    q.addUnschedulableIfNotPresent(qpi, cycle);
    expect(q.has(makePod("p"))).toBe("backoff");
  });

  test("a failure without rejecting plugins (an error) goes to backoff", () => {
    const { q } = newQueue();
    q.add(makePod("p"));
    failWith(q);
    expect(q.has(makePod("p"))).toBe("backoff");
  });

  test("gated pods wait until the gates are removed", () => {
    const { q } = newQueue();
    const gated = makePod("g", { gates: ["example.com/wait"] });
    q.add(gated);
    expect(q.has(gated)).toBe("unschedulable");
    expect(q.tryPop()).toBeNull();
    q.update(gated, makePod("g", { gates: [] }));
    expect(q.has(gated)).toBe("active");
  });

  test("updates of unschedulable pods requeue only when they may help", () => {
    const { q, tick } = newQueue();
    const p = makePod("p", { labels: { a: "1" } });
    q.add(p);
    failWith(q, "NodeResourcesFit");
    tick(5000);
    q.update(p, makePod("p", { labels: { a: "2" } }));
    expect(q.has(p)).toBe("unschedulable");
    q.update(p, makePod("p", { tolerations: [{ operator: "Exists" }] }));
    expect(q.has(p)).toBe("unschedulable");
    const q2 = newQueue();
    q2.q.add(p);
    failWith(q2.q, "TaintToleration");
    q2.tick(5000);
    q2.q.update(p, makePod("p", { tolerations: [{ operator: "Exists" }] }));
    expect(q2.q.has(p)).toBe("active");
  });

  test("pods deleted while in flight are not requeued", () => {
    const { q } = newQueue();
    q.add(makePod("p"));
    const qpi = q.tryPop()!;
    q.delete(makePod("p"));
    expect(q.deletedInFlight(qpi.podInfo.uid)).toBe(true);
    q.addUnschedulableIfNotPresent(qpi, q.schedulingCycle);
    expect(q.has(makePod("p"))).toBeNull();
  });

  test("pop waits for a pod and wakes with the highest priority of those added together", async () => {
    const { q } = newQueue();
    const popped = q.pop();
    q.add(makePod("low", { priority: 1 }));
    q.add(makePod("high", { priority: 9 }));
    expect((await popped)!.podInfo.pod.metadata.name).toBe("high");
    q.close();
    expect(await q.pop()).toBeNull();
  });
});
