import { describe, expect, test } from "bun:test";
import type { Pod } from "../../../../src/scheduler/api-types.ts";
import { podRequests } from "../../../../src/scheduler/framework/resource.ts";
import { BalancedAllocation } from "../../../../src/scheduler/plugins/noderesources/balanced-allocation.ts";
import { Fit, type NodeResourcesFitArgs } from "../../../../src/scheduler/plugins/noderesources/fit.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";
import { runFilter, runScore } from "../harness.ts";

describe("pod requests", () => {
  const withInit = (init: { cpu: string; sidecar?: boolean }[], containers: string[]): Pod => {
    const p = makePod("p");
    p.spec.containers = containers.map((cpu, i) => ({ name: `c${i}`, resources: { requests: { cpu } } }));
    p.spec.initContainers = init.map((c, i) => ({ name: `i${i}`, resources: { requests: { cpu: c.cpu } }, ...(c.sidecar ? { restartPolicy: "Always" } : {}) }));
    return p;
  };
  const cases: [string, Pod, number][] = [
    ["sum of containers", withInit([], ["100m", "200m"]), 300],
    ["larger init container wins", withInit([{ cpu: "1" }], ["100m", "200m"]), 1000],
    ["smaller init container loses", withInit([{ cpu: "50m" }], ["100m", "200m"]), 300],
    ["sidecars add up and count for later init containers", withInit([{ cpu: "200m", sidecar: true }, { cpu: "500m" }], ["100m"]), 700],
  ];
  for (const [name, pod, want] of cases) test(name, () => expect(podRequests(pod).milliCPU).toBe(want));
  test("overhead is added", () => {
    const p = withInit([], ["100m"]);
    p.spec.overhead = { cpu: "50m" };
    expect(podRequests(p).milliCPU).toBe(150);
  });
  test("non-zero defaults for scoring: 100m cpu and 200Mi memory per container", () => {
    const p = withInit([], ["100m"]);
    p.spec.containers.push({ name: "empty" });
    const r = podRequests(p, true);
    expect(r.milliCPU).toBe(200);
    expect(r.memory).toBe(2 * 200 * 1024 * 1024);
  });
});

describe("NodeResourcesFit filter", () => {
  const node = () => makeNode("n1", { cpu: "2", memory: "2Gi", pods: "2", ephemeral: "10Gi", scalar: { "example.com/gpu": "1" } });
  const cases: { name: string; existing: Pod[]; pod: Pod; want: string; args?: NodeResourcesFitArgs }[] = [
    { name: "fits", existing: [], pod: makePod("p", { cpu: "1", memory: "1Gi" }), want: "ok" },
    { name: "insufficient cpu", existing: [makePod("a", { cpu: "1500m" })], pod: makePod("p", { cpu: "1" }), want: "Unschedulable: Insufficient cpu" },
    { name: "insufficient memory", existing: [makePod("a", { memory: "1500Mi" })], pod: makePod("p", { memory: "1Gi" }), want: "Unschedulable: Insufficient memory" },
    {
      name: "several reasons, upstream order",
      existing: [makePod("a", { cpu: "2", memory: "2Gi" }), makePod("b")],
      pod: makePod("p", { cpu: "1", memory: "1Gi" }),
      want: "Unschedulable: Too many pods, Insufficient cpu, Insufficient memory",
    },
    { name: "too many pods even without requests", existing: [makePod("a"), makePod("b")], pod: makePod("p"), want: "Unschedulable: Too many pods" },
    { name: "ephemeral storage", existing: [], pod: makePod("p", { ephemeral: "20Gi" }), want: "Unschedulable: Insufficient ephemeral-storage" },
    { name: "extended resource", existing: [], pod: makePod("p", { scalar: { "example.com/gpu": "2" } }), want: "Unschedulable: Insufficient example.com/gpu" },
    { name: "unknown extended resource", existing: [], pod: makePod("p", { scalar: { "example.com/fpga": "1" } }), want: "Unschedulable: Insufficient example.com/fpga" },
    {
      name: "ignored extended resource",
      existing: [],
      pod: makePod("p", { scalar: { "example.com/fpga": "1" } }),
      want: "ok",
      args: { ignoredResources: ["example.com/fpga"] },
    },
    { name: "ignored resource group", existing: [], pod: makePod("p", { scalar: { "example.com/fpga": "1" } }), want: "ok", args: { ignoredResourceGroups: ["example.com"] } },
  ];
  for (const c of cases) {
    test(c.name, () => expect(runFilter(new Fit(c.args), c.pod, [nodeInfo(node(), c.existing)]).get("n1")).toBe(c.want));
  }
});

describe("NodeResourcesFit score", () => {
  // upstream test values: node cpu 4000m / memory 10000, pod cpu 3000m / memory 5000 on an empty node.
  const empty = () => [nodeInfo(makeNode("n1", { cpu: "4", memory: "10000" })), nodeInfo(makeNode("n2", { cpu: "6", memory: "10000" }))];
  const pod = makePod("p", { cpu: "3", memory: "5000" });
  const cases: [string, NodeResourcesFitArgs, number[]][] = [
    ["LeastAllocated (default)", {}, [37, 50]],
    ["MostAllocated", { scoringStrategy: { type: "MostAllocated" } }, [62, 50]],
    [
      "RequestedToCapacityRatio, linear shape",
      { scoringStrategy: { type: "RequestedToCapacityRatio", requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } },
      [63, 50],
    ],
    [
      "RequestedToCapacityRatio, bin packing shape favouring emptiness",
      { scoringStrategy: { type: "RequestedToCapacityRatio", requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } } },
      [38, 50],
    ],
    ["weights", { scoringStrategy: { type: "LeastAllocated", resources: [{ name: "cpu", weight: 3 }, { name: "memory", weight: 1 }] } }, [31, 50]],
  ];
  for (const [name, args, want] of cases) test(name, () => expect(runScore(new Fit(args), pod, empty())).toEqual(want));

  test("pods without requests count as 100m cpu and 200Mi memory", () => {
    const n = [nodeInfo(makeNode("n1", { cpu: "1", memory: `${400 * 1024 * 1024}` }))];
    // cpu (1000-100)*100/1000 = 90, memory (400-200)*100/400 = 50 -> 70
    expect(runScore(new Fit(), makePod("p"), n)).toEqual([70]);
  });
  test("existing pods' non-zero requests count", () => {
    const n = [nodeInfo(makeNode("n1", { cpu: "1", memory: `${400 * 1024 * 1024}` }), [makePod("a")])];
    // cpu (1000-200)*100/1000 = 80, memory 0 -> 40
    expect(runScore(new Fit(), makePod("p"), n)).toEqual([40]);
  });
  test("invalid strategy args are rejected", () => {
    expect(() => new Fit({ scoringStrategy: { type: "RequestedToCapacityRatio" } })).toThrow(/shape/);
    expect(() => new Fit({ scoringStrategy: { resources: [{ name: "cpu", weight: 0 }] } })).toThrow(/weight/);
  });
});

describe("NodeResourcesBalancedAllocation", () => {
  test("upstream example: cpu 3/4, memory 5000/10000 -> 87", () => {
    const n = [nodeInfo(makeNode("n1", { cpu: "4", memory: "10000" }))];
    expect(runScore(new BalancedAllocation(), makePod("p", { cpu: "3", memory: "5000" }), n)).toEqual([87]);
  });
  test("equal fractions score 100, existing requests count", () => {
    const n = [nodeInfo(makeNode("n1", { cpu: "4", memory: "4Gi" }), [makePod("a", { cpu: "1", memory: "1Gi" })])];
    expect(runScore(new BalancedAllocation(), makePod("p", { cpu: "1", memory: "1Gi" }), n)).toEqual([100]);
  });
  test("fractions are capped at 1", () => {
    const n = [nodeInfo(makeNode("n1", { cpu: "1", memory: "10000" }))];
    // cpu 2/1 -> 1, memory 0 -> std .5 -> 50
    expect(runScore(new BalancedAllocation(), makePod("p", { cpu: "2" }), n)).toEqual([50]);
  });
  test("three resources use the standard deviation", () => {
    const pl = new BalancedAllocation({ resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "ephemeral-storage", weight: 1 }] });
    const n = [nodeInfo(makeNode("n1", { cpu: "4", memory: "4", ephemeral: "4" }))];
    // fractions .25 .5 .75: mean .5, std sqrt((.0625+0+.0625)/3) = .2041 -> 79
    expect(runScore(pl, makePod("p", { cpu: "1", memory: "2", ephemeral: "3" }), n)).toEqual([79]);
  });
  test("best-effort pods are skipped", () => {
    expect(runScore(new BalancedAllocation(), makePod("p"), [nodeInfo(makeNode("n1"))])).toBeNull();
  });
});
