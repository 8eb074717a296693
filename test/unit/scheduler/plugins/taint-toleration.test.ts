import { describe, expect, test } from "bun:test";
import type { Taint, Toleration } from "../../../../src/scheduler/api-types.ts";
import { toleratesTaint } from "../../../../src/scheduler/plugins/helper/taints.ts";
import { TaintToleration } from "../../../../src/scheduler/plugins/tainttoleration/taint-toleration.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";
import { runFilter, runScore } from "../harness.ts";

describe("toleratesTaint", () => {
  const taint: Taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const cases: [string, Toleration, boolean][] = [
    ["Equal with same value", { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }, true],
    ["operator defaults to Equal", { key: "dedicated", value: "gpu" }, true],
    ["Equal with other value", { key: "dedicated", operator: "Equal", value: "cpu" }, false],
    ["Exists with the key", { key: "dedicated", operator: "Exists" }, true],
    ["Exists without key tolerates everything", { operator: "Exists" }, true],
    ["other effect", { key: "dedicated", operator: "Exists", effect: "NoExecute" }, false],
    ["other key", { key: "other", operator: "Exists" }, false],
  ];
  for (const [name, tol, want] of cases) test(name, () => expect(toleratesTaint(tol, taint)).toBe(want));
});

describe("TaintToleration filter", () => {
  const cases: { name: string; taints: Taint[]; tolerations?: Toleration[]; want: string }[] = [
    { name: "no taints", taints: [], want: "ok" },
    {
      name: "untolerated NoSchedule taint",
      taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
      want: "UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
    },
    { name: "untolerated NoExecute taint", taints: [{ key: "k", value: "v", effect: "NoExecute" }], want: "UnschedulableAndUnresolvable: node(s) had untolerated taint {k: v}" },
    { name: "PreferNoSchedule does not filter", taints: [{ key: "k", value: "v", effect: "PreferNoSchedule" }], want: "ok" },
    { name: "tolerated taint", taints: [{ key: "k", value: "v", effect: "NoSchedule" }], tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }], want: "ok" },
    {
      name: "first untolerated taint is reported",
      taints: [
        { key: "a", value: "1", effect: "NoSchedule" },
        { key: "b", value: "2", effect: "NoSchedule" },
      ],
      tolerations: [{ key: "a", operator: "Exists" }],
      want: "UnschedulableAndUnresolvable: node(s) had untolerated taint {b: 2}",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const pod = makePod("p", c.tolerations ? { tolerations: c.tolerations } : {});
      expect(runFilter(new TaintToleration(), pod, [nodeInfo(makeNode("n1", { taints: c.taints }))]).get("n1")).toBe(c.want);
    });
  }
});

describe("TaintToleration score", () => {
  const prefer = (key: string): Taint => ({ key, value: "x", effect: "PreferNoSchedule" });
  test("fewer untolerated PreferNoSchedule taints score higher", () => {
    const nodes = [nodeInfo(makeNode("n0")), nodeInfo(makeNode("n1", { taints: [prefer("a")] })), nodeInfo(makeNode("n2", { taints: [prefer("a"), prefer("b")] }))];
    expect(runScore(new TaintToleration(), makePod("p"), nodes)).toEqual([100, 50, 0]);
  });
  test("tolerations with effect PreferNoSchedule or empty count", () => {
    const nodes = [nodeInfo(makeNode("n0", { taints: [prefer("a")] })), nodeInfo(makeNode("n1", { taints: [prefer("b")] }))];
    const pod = makePod("p", { tolerations: [{ key: "a", operator: "Exists", effect: "PreferNoSchedule" }] });
    expect(runScore(new TaintToleration(), pod, nodes)).toEqual([100, 0]);
    const pod2 = makePod("p", { tolerations: [{ key: "a", operator: "Exists", effect: "NoSchedule" }] });
    // A NoSchedule toleration does not count: both nodes keep one untolerated taint.
    expect(runScore(new TaintToleration(), pod2, nodes)).toEqual([0, 0]);
  });
  test("no taints anywhere: all nodes get the maximum", () => {
    expect(runScore(new TaintToleration(), makePod("p"), [nodeInfo(makeNode("a")), nodeInfo(makeNode("b"))])).toEqual([100, 100]);
  });
});
