import { describe, expect, test } from "bun:test";
import type { NodeSelectorRequirement } from "../../../../src/scheduler/api-types.ts";
import { NodeAffinity } from "../../../../src/scheduler/plugins/nodeaffinity/node-affinity.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";
import { runFilter, runScore } from "../harness.ts";

const NO_MATCH = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";
const req = (key: string, operator: NodeSelectorRequirement["operator"], values?: string[]): NodeSelectorRequirement => ({ key, operator, ...(values ? { values } : {}) });
const required = (...terms: { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }[]) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
});

describe("NodeAffinity filter", () => {
  const node = nodeInfo(makeNode("n1", { labels: { zone: "a", disk: "ssd", gen: "5" } }));
  const cases: { name: string; pod: ReturnType<typeof makePod>; want: string }[] = [
    { name: "nothing to check skips", pod: makePod("p"), want: "skip" },
    { name: "nodeSelector matches", pod: makePod("p", { nodeSelector: { zone: "a" } }), want: "ok" },
    { name: "nodeSelector value differs", pod: makePod("p", { nodeSelector: { zone: "b" } }), want: NO_MATCH },
    { name: "nodeSelector label missing", pod: makePod("p", { nodeSelector: { rack: "1" } }), want: NO_MATCH },
    { name: "In", pod: makePod("p", { affinity: required({ matchExpressions: [req("zone", "In", ["a", "b"])] }) }), want: "ok" },
    { name: "NotIn", pod: makePod("p", { affinity: required({ matchExpressions: [req("zone", "NotIn", ["a"])] }) }), want: NO_MATCH },
    { name: "NotIn on a missing label matches", pod: makePod("p", { affinity: required({ matchExpressions: [req("rack", "NotIn", ["1"])] }) }), want: "ok" },
    { name: "Exists", pod: makePod("p", { affinity: required({ matchExpressions: [req("disk", "Exists")] }) }), want: "ok" },
    { name: "DoesNotExist", pod: makePod("p", { affinity: required({ matchExpressions: [req("disk", "DoesNotExist")] }) }), want: NO_MATCH },
    { name: "Gt", pod: makePod("p", { affinity: required({ matchExpressions: [req("gen", "Gt", ["4"])] }) }), want: "ok" },
    { name: "Lt", pod: makePod("p", { affinity: required({ matchExpressions: [req("gen", "Lt", ["4"])] }) }), want: NO_MATCH },
    { name: "Gt on a non-integer", pod: makePod("p", { affinity: required({ matchExpressions: [req("zone", "Gt", ["1"])] }) }), want: NO_MATCH },
    {
      name: "requirements within a term are ANDed",
      pod: makePod("p", { affinity: required({ matchExpressions: [req("zone", "In", ["a"]), req("disk", "In", ["hdd"])] }) }),
      want: NO_MATCH,
    },
    {
      name: "terms are ORed",
      pod: makePod("p", { affinity: required({ matchExpressions: [req("zone", "In", ["b"])] }, { matchExpressions: [req("disk", "In", ["ssd"])] }) }),
      want: "ok",
    },
    { name: "an empty term matches nothing", pod: makePod("p", { affinity: required({}) }), want: NO_MATCH },
    {
      name: "nodeSelector and affinity must both match",
      pod: makePod("p", { nodeSelector: { zone: "b" }, affinity: required({ matchExpressions: [req("disk", "Exists")] }) }),
      want: NO_MATCH,
    },
    { name: "matchFields metadata.name", pod: makePod("p", { affinity: required({ matchFields: [req("metadata.name", "In", ["n1"])] }) }), want: "ok" },
  ];
  for (const c of cases) test(c.name, () => expect(runFilter(new NodeAffinity(), c.pod, [node]).get("n1")).toBe(c.want));

  test("PreFilter narrows to the nodes named by metadata.name", () => {
    const nodes = ["n1", "n2", "n3"].map((n) => nodeInfo(makeNode(n)));
    const pod = makePod("p", { affinity: required({ matchFields: [req("metadata.name", "In", ["n2"])] }) });
    const out = runFilter(new NodeAffinity(), pod, nodes);
    expect([...out.values()]).toEqual(["not evaluated", "ok", "not evaluated"]);
  });
  test("conflicting metadata.name terms make the pod unresolvable", () => {
    const pod = makePod("p", { affinity: required({ matchFields: [req("metadata.name", "In", ["n1"]), req("metadata.name", "In", ["n2"])] }) });
    expect(runFilter(new NodeAffinity(), pod, [node]).get("n1")).toBe("prefilter UnschedulableAndUnresolvable: pod affinity terms conflict");
  });
  test("addedAffinity from the plugin args applies to every pod", () => {
    const pl = new NodeAffinity({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [req("zone", "In", ["b"])] }] } } });
    expect(runFilter(pl, makePod("p"), [node]).get("n1")).toBe("UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity");
  });
});

describe("NodeAffinity score", () => {
  const nodes = [
    nodeInfo(makeNode("n1", { labels: { zone: "a" } })),
    nodeInfo(makeNode("n2", { labels: { zone: "a", disk: "ssd" } })),
    nodeInfo(makeNode("n3", { labels: { zone: "b" } })),
  ];
  test("sums matching preferred weights, normalized to the maximum", () => {
    const pod = makePod("p", {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 2, preference: { matchExpressions: [req("zone", "In", ["a"])] } },
            { weight: 5, preference: { matchExpressions: [req("disk", "In", ["ssd"])] } },
          ],
        },
      },
    });
    expect(runScore(new NodeAffinity(), pod, nodes)).toEqual([28, 100, 0]);
  });
  test("no preferred terms skips scoring", () => {
    expect(runScore(new NodeAffinity(), makePod("p"), nodes)).toBeNull();
  });
});
