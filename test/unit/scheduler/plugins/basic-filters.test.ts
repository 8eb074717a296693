import { describe, expect, test } from "bun:test";
import type { Pod } from "../../../../src/scheduler/api-types.ts";
import type { QueuedPodInfo } from "../../../../src/scheduler/framework/interfaces.ts";
import { PodInfo } from "../../../../src/scheduler/framework/pod-info.ts";
import { NodeName } from "../../../../src/scheduler/plugins/nodename/node-name.ts";
import { NodeUnschedulable } from "../../../../src/scheduler/plugins/nodeunschedulable/node-unschedulable.ts";
import { NodePorts } from "../../../../src/scheduler/plugins/nodeports/node-ports.ts";
import { PrioritySort } from "../../../../src/scheduler/plugins/queuesort/priority-sort.ts";
import { SchedulingGates } from "../../../../src/scheduler/plugins/schedulinggates/scheduling-gates.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";
import { runFilter } from "../harness.ts";

function qpi(pod: Pod, timestamp: number): QueuedPodInfo {
  return { podInfo: new PodInfo(pod), timestamp, initialAttemptTimestamp: null, attempts: 0, unschedulablePlugins: new Set(), pendingPlugins: new Set(), gated: false, gatingPlugin: "" };
}

describe("PrioritySort", () => {
  const cases: [string, number | undefined, number, number | undefined, number, boolean][] = [
    ["higher priority first", 10, 2, 5, 1, true],
    ["lower priority later", 5, 1, 10, 2, false],
    ["equal priority: earlier timestamp first", 5, 1, 5, 2, true],
    ["equal priority: later timestamp later", 5, 3, 5, 2, false],
    ["missing priority counts as 0", undefined, 1, -1, 0, true],
  ];
  for (const [name, p1, t1, p2, t2, want] of cases) {
    test(name, () => {
      const a = qpi(makePod("a", p1 === undefined ? {} : { priority: p1 }), t1);
      const b = qpi(makePod("b", p2 === undefined ? {} : { priority: p2 }), t2);
      expect(new PrioritySort().less(a, b)).toBe(want);
    });
  }
});

describe("NodeUnschedulable", () => {
  const cases: { name: string; unschedulable: boolean; pod: Pod; want: string }[] = [
    { name: "schedulable node", unschedulable: false, pod: makePod("p"), want: "ok" },
    { name: "unschedulable node", unschedulable: true, pod: makePod("p"), want: "UnschedulableAndUnresolvable: node(s) were unschedulable" },
    {
      name: "tolerates the unschedulable taint",
      unschedulable: true,
      pod: makePod("p", { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] }),
      want: "ok",
    },
    {
      name: "toleration with another effect does not help",
      unschedulable: true,
      pod: makePod("p", { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoExecute" }] }),
      want: "UnschedulableAndUnresolvable: node(s) were unschedulable",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const out = runFilter(new NodeUnschedulable(), c.pod, [nodeInfo(makeNode("n1", { unschedulable: c.unschedulable }))]);
      expect(out.get("n1")).toBe(c.want);
    });
  }
});

describe("NodeName", () => {
  const cases: [string, string | undefined, string][] = [
    ["no node name", undefined, "ok"],
    ["matching node name", "n1", "ok"],
    ["other node name", "n2", "UnschedulableAndUnresolvable: node(s) didn't match the requested node name"],
  ];
  for (const [name, nodeName, want] of cases) {
    test(name, () => {
      const pod = makePod("p", nodeName ? { nodeName } : {});
      expect(runFilter(new NodeName(), pod, [nodeInfo(makeNode("n1"))]).get("n1")).toBe(want);
    });
  }
});

describe("NodePorts", () => {
  const port = (hostPort: number, protocol = "TCP", hostIP?: string) => ({ containerPort: 80, hostPort, protocol, ...(hostIP ? { hostIP } : {}) });
  const conflict = "Unschedulable: node(s) didn't have free ports for the requested pod ports";
  const cases: { name: string; existing: ReturnType<typeof port>[]; want: ReturnType<typeof port>[]; result: string }[] = [
    { name: "no host ports skips", existing: [port(8080)], want: [], result: "skip" },
    { name: "free port", existing: [port(8080)], want: [port(8081)], result: "ok" },
    { name: "same port and protocol", existing: [port(8080)], want: [port(8080)], result: conflict },
    { name: "same port, other protocol", existing: [port(8080, "UDP")], want: [port(8080, "TCP")], result: "ok" },
    { name: "specific ip against 0.0.0.0", existing: [port(8080, "TCP")], want: [port(8080, "TCP", "127.0.0.1")], result: conflict },
    { name: "0.0.0.0 against a specific ip", existing: [port(8080, "TCP", "10.0.0.1")], want: [port(8080, "TCP")], result: conflict },
    { name: "two different specific ips", existing: [port(8080, "TCP", "10.0.0.1")], want: [port(8080, "TCP", "10.0.0.2")], result: "ok" },
    { name: "protocol defaults to TCP", existing: [{ containerPort: 1, hostPort: 9000 } as ReturnType<typeof port>], want: [port(9000, "TCP")], result: conflict },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const ni = nodeInfo(makeNode("n1"), [makePod("old", { ports: c.existing })]);
      expect(runFilter(new NodePorts(), makePod("p", { ports: c.want }), [ni]).get("n1")).toBe(c.result);
    });
  }
  test("a removed pod frees its ports", () => {
    const old = makePod("old", { ports: [port(8080)] });
    const ni = nodeInfo(makeNode("n1"), [old]);
    ni.removePod(old);
    expect(runFilter(new NodePorts(), makePod("p", { ports: [port(8080)] }), [ni]).get("n1")).toBe("ok");
  });
});

describe("SchedulingGates", () => {
  test.each([
    [[], null],
    [["a"], "waiting for scheduling gates: [a]"],
    [["a", "b"], "waiting for scheduling gates: [a b]"],
  ] as [string[], string | null][])("gates %p", (gates, want) => {
    const s = new SchedulingGates().preEnqueue(makePod("p", { gates }));
    expect(s === null ? null : s.message()).toBe(want);
    if (s) expect(s.code).toBe(3);
  });
  test("hint queues the pod once its gates are gone", () => {
    const pl = new SchedulingGates();
    const hint = pl.eventsToRegister()[0]!.hint!;
    const pod = makePod("p", { gates: ["a"] });
    expect(hint(pod, pod, makePod("p", { gates: [] }))).toBe(1);
    expect(hint(pod, pod, makePod("p", { gates: ["b"] }))).toBe(0);
  });
});
