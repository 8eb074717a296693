import { describe, expect, test } from "bun:test";
import type { Pod } from "../../../../src/scheduler/api-types.ts";
import { ClusterStores } from "../../../../src/scheduler/core/stores.ts";
import { CycleState } from "../../../../src/scheduler/framework/cycle-state.ts";
import { NodeToStatus } from "../../../../src/scheduler/framework/interfaces.ts";
import type { NodeInfo } from "../../../../src/scheduler/framework/node-info.ts";
import { PodInfo } from "../../../../src/scheduler/framework/pod-info.ts";
import { Code, Status } from "../../../../src/scheduler/framework/status.ts";
import { DefaultPreemption } from "../../../../src/scheduler/plugins/defaultpreemption/default-preemption.ts";
import { filterPodsWithPDBViolation, pickOneNodeForPreemption, selectVictimsOnNode, type Victims } from "../../../../src/scheduler/plugins/defaultpreemption/victims.ts";
import { FakeSource } from "../../../../src/scheduler/testing/fake-source.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";
import { frameworkFor } from "../harness.ts";

const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-01-01T01:00:00Z";

function victimsOn(infos: NodeInfo[], preemptor: Pod, node: number, stores = new ClusterStores()) {
  const fwk = frameworkFor(infos, { stores });
  const state = new CycleState();
  fwk.runPreFilterPlugins(state, preemptor, infos);
  return selectVictimsOnNode(fwk, state, preemptor, infos[node]!.clone(), [...stores.podDisruptionBudgets()], (v) => (v.pod.spec.priority ?? 0) < (preemptor.spec.priority ?? 0));
}

describe("selectVictimsOnNode", () => {
  test("removes the fewest, least important pods that make room", () => {
    const infos = [nodeInfo(makeNode("n1", { cpu: "3" }), [
      makePod("low1", { cpu: "1", priority: 1, startTime: T0 }),
      makePod("low2", { cpu: "1", priority: 2, startTime: T0 }),
      makePod("high", { cpu: "1", priority: 100 }),
    ])];
    const r = victimsOn(infos, makePod("p", { cpu: "1", priority: 50 }), 0);
    expect(r.status).toBeNull();
    expect(r.victims.map((v) => v.metadata.name)).toEqual(["low1"]);
  });
  test("takes several victims when needed, most important first in the result", () => {
    const infos = [nodeInfo(makeNode("n1", { cpu: "3" }), [
      makePod("low1", { cpu: "1", priority: 1 }),
      makePod("low2", { cpu: "1", priority: 2 }),
      makePod("high", { cpu: "1", priority: 100 }),
    ])];
    const r = victimsOn(infos, makePod("p", { cpu: "2", priority: 50 }), 0);
    expect(r.victims.map((v) => v.metadata.name)).toEqual(["low2", "low1"]);
  });
  test("no lower-priority pods: no victims", () => {
    const infos = [nodeInfo(makeNode("n1", { cpu: "1" }), [makePod("high", { cpu: "1", priority: 100 })])];
    const r = victimsOn(infos, makePod("p", { cpu: "1", priority: 50 }), 0);
    expect(r.status?.message()).toBe("No preemption victims found for incoming pod");
    expect(r.status?.code).toBe(Code.UnschedulableAndUnresolvable);
  });
  test("even without every victim the pod does not fit", () => {
    const infos = [nodeInfo(makeNode("n1", { cpu: "2" }), [makePod("low", { cpu: "1", priority: 1 }), makePod("high", { cpu: "1", priority: 100 })])];
    const r = victimsOn(infos, makePod("p", { cpu: "2", priority: 50 }), 0);
    expect(r.status?.message()).toBe("Insufficient cpu");
  });
  test("PDB-protected pods are reprieved first when possible", () => {
    const stores = new ClusterStores();
    stores.pdbs.handlers().add({ metadata: { name: "pdb", namespace: "default" }, spec: { selector: { matchLabels: { app: "db" } } }, status: { disruptionsAllowed: 0 } });
    const infos = [nodeInfo(makeNode("n1", { cpu: "2" }), [
      makePod("db", { cpu: "1", priority: 1, labels: { app: "db" } }),
      makePod("web", { cpu: "1", priority: 2, labels: { app: "web" } }),
    ])];
    const r = victimsOn(infos, makePod("p", { cpu: "1", priority: 50 }), 0, stores);
    expect(r.victims.map((v) => v.metadata.name)).toEqual(["web"]);
    expect(r.numViolating).toBe(0);
    const r2 = victimsOn(infos, makePod("p", { cpu: "2", priority: 50 }), 0, stores);
    expect(r2.victims.map((v) => v.metadata.name).sort()).toEqual(["db", "web"]);
    expect(r2.numViolating).toBe(1);
  });
});

describe("filterPodsWithPDBViolation", () => {
  test("counts budget per PDB, ignores other namespaces and disrupted pods", () => {
    const pdb = (allowed: number, disrupted: Record<string, string> = {}) => ({
      metadata: { name: "b", namespace: "default" },
      spec: { selector: { matchLabels: { app: "a" } } },
      status: { disruptionsAllowed: allowed, disruptedPods: disrupted },
    });
    const pods = ["p1", "p2", "p3"].map((n) => new PodInfo(makePod(n, { labels: { app: "a" } })));
    const names = (x: PodInfo[]) => x.map((p) => p.pod.metadata.name);
    let [v, nv] = filterPodsWithPDBViolation(pods, [pdb(1)]);
    expect([names(v), names(nv)]).toEqual([["p2", "p3"], ["p1"]]);
    [v, nv] = filterPodsWithPDBViolation(pods, [pdb(1, { p1: T0 })]);
    expect([names(v), names(nv)]).toEqual([["p3"], ["p1", "p2"]]);
    [v, nv] = filterPodsWithPDBViolation([new PodInfo(makePod("x", { labels: { app: "a" }, namespace: "o" }))], [pdb(0)]);
    expect([names(v), names(nv)]).toEqual([[], ["x"]]);
  });
});

describe("pickOneNodeForPreemption", () => {
  const v = (pods: Pod[], pdb = 0): Victims => ({ pods, numPDBViolations: pdb });
  const p = (prio: number, start = T0) => makePod(`p${prio}`, { priority: prio, startTime: start });
  const cases: [string, Record<string, Victims>, string][] = [
    ["fewest PDB violations", { a: v([p(1)], 1), b: v([p(5)], 0) }, "b"],
    ["lowest highest-priority victim", { a: v([p(5)]), b: v([p(3), p(1)]) }, "b"],
    ["smallest priority sum", { a: v([p(3), p(2)]), b: v([p(3), p(1)]) }, "b"],
    ["fewest victims", { a: v([p(3), p(-5), p(-5)]), b: v([p(3), p(-2)]) }, "b"],
    ["latest start of the top victims", { a: v([p(3, T0)]), b: v([p(3, T1)]) }, "b"],
    ["first on a full tie", { a: v([p(3)]), b: v([p(3)]) }, "a"],
  ];
  for (const [name, m, want] of cases) test(name, () => expect(pickOneNodeForPreemption(new Map(Object.entries(m)), Date.now())).toBe(want));
});

describe("DefaultPreemption PostFilter", () => {
  function setup(preemptor: Pod) {
    const src = new FakeSource({ sync: true });
    const stores = new ClusterStores();
    const infos = [
      nodeInfo(makeNode("n1", { cpu: "1" }), [makePod("low", { cpu: "1", priority: 1 })]),
      nodeInfo(makeNode("n2", { cpu: "1" }), [makePod("high", { cpu: "1", priority: 100 })]),
    ];
    for (const ni of infos) for (const pi of ni.pods) src.createPod(pi.pod);
    const fwk = frameworkFor(infos, { stores, source: src });
    const pl = fwk.plugins.get("DefaultPreemption") as DefaultPreemption;
    const statuses = new NodeToStatus();
    for (const ni of infos) statuses.set(ni.name, new Status(Code.Unschedulable, ["Insufficient cpu"]));
    const state = new CycleState();
    fwk.runPreFilterPlugins(state, preemptor, infos);
    return { src, pl, statuses, state };
  }
  test("evicts the victims and nominates the node", async () => {
    const preemptor = makePod("p", { cpu: "1", priority: 50 });
    const { src, pl, statuses, state } = setup(preemptor);
    const out = await pl.postFilter(state, preemptor, statuses);
    expect(out.status).toBeNull();
    expect(out.result?.nominatedNodeName).toBe("n1");
    expect(src.deleted).toEqual(["default/low"]);
    const ev = src.events.find((e) => e.reason === "Preempted");
    expect(ev?.note).toBe("Preempted by pod uid-p on node n1");
  });
  test("preemptionPolicy Never", async () => {
    const preemptor = makePod("p", { cpu: "1", priority: 50, preemptionPolicy: "Never" });
    const { pl, statuses, state } = setup(preemptor);
    const out = await pl.postFilter(state, preemptor, statuses);
    expect(out.status?.message()).toBe("preemption: not eligible due to preemptionPolicy=Never.");
  });
  test("no candidates: the FitError of preemption explains why", async () => {
    const preemptor = makePod("p", { cpu: "1", priority: 0 });
    const { pl, statuses, state } = setup(preemptor);
    const out = await pl.postFilter(state, preemptor, statuses);
    expect(out.status?.message()).toBe("preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    expect(out.result?.nominatedNodeName).toBe("");
  });
  test("unresolvable nodes are not candidates", async () => {
    const preemptor = makePod("p", { cpu: "1", priority: 50 });
    const { pl, state } = setup(preemptor);
    const statuses = new NodeToStatus();
    statuses.set("n1", new Status(Code.UnschedulableAndUnresolvable, ["node(s) had untolerated taint {a: b}"]));
    statuses.set("n2", new Status(Code.UnschedulableAndUnresolvable, ["node(s) had untolerated taint {a: b}"]));
    const out = await pl.postFilter(state, preemptor, statuses);
    expect(out.status?.message()).toBe("preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  });
});
