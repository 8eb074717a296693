import { describe, expect, test } from "bun:test";
import { numFeasibleNodesToFind } from "../../../../src/scheduler/config/defaults.ts";
import { completeConfig, mergePluginSet, parseConfig } from "../../../../src/scheduler/config/load.ts";
import { Framework } from "../../../../src/scheduler/framework/framework.ts";
import type { PluginFactory } from "../../../../src/scheduler/framework/interfaces.ts";
import { mergeRegistries, newRegistry, register } from "../../../../src/scheduler/framework/registry.ts";
import { inTreeRegistry } from "../../../../src/scheduler/plugins/registry.ts";
import { frameworkFor } from "../harness.ts";

describe("numFeasibleNodesToFind", () => {
  const cases: [number | undefined, number, number][] = [
    [undefined, 10, 10],
    [undefined, 99, 99],
    [undefined, 100, 100],
    [undefined, 1000, 420], // 50 - 1000/125 = 42%
    [undefined, 5000, 500], // 50 - 40 = 10%
    [undefined, 6000, 300], // 50 - 48 = 2% -> min 5%
    [undefined, 1500, 570], // 50 - 12 = 38%
    [undefined, 150, 100], // 49% of 150 = 73 -> at least 100
    [30, 1000, 300],
    [100, 5000, 5000],
    [1, 1000, 100],
  ];
  for (const [pct, n, want] of cases) test(`${pct ?? "adaptive"}% of ${n}`, () => expect(numFeasibleNodesToFind(pct, n)).toBe(want));
});

describe("registry", () => {
  test("registering a name twice throws", () => {
    const f: PluginFactory = () => ({ name: "X" });
    const m = new Map<string, PluginFactory>();
    register(m, "X", f);
    expect(() => register(m, "X", f)).toThrow("a plugin named X already exists");
    expect(() => mergeRegistries(inTreeRegistry(), newRegistry({ NodeName: f }))).toThrow("a plugin named NodeName already exists");
  });
});

describe("mergePluginSet", () => {
  const defaults = { enabled: [{ name: "A" }, { name: "B", weight: 1 }, { name: "C" }] };
  const cases: [string, Parameters<typeof mergePluginSet>[1], string[]][] = [
    ["no custom set keeps defaults", undefined, ["A", "B:1", "C"]],
    ["disable one", { disabled: [{ name: "B" }] }, ["A", "C"]],
    ["disable all and add", { disabled: [{ name: "*" }], enabled: [{ name: "X" }] }, ["X"]],
    ["re-enabling a default keeps its place with the new weight", { enabled: [{ name: "B", weight: 7 }] }, ["A", "B:7", "C"]],
    ["custom plugins come after the defaults", { enabled: [{ name: "X" }] }, ["A", "B:1", "C", "X"]],
  ];
  for (const [name, custom, want] of cases) {
    test(name, () => {
      const got = mergePluginSet(defaults, custom).enabled!.map((p) => (p.weight ? `${p.name}:${p.weight}` : p.name));
      expect(got).toEqual(want);
    });
  }
});

describe("profiles from a KubeSchedulerConfiguration", () => {
  test("default profile: upstream filter and score order and weights", () => {
    const fwk = frameworkFor([]);
    expect(fwk.filter.map((p) => p.name)).toEqual([
      "NodeUnschedulable",
      "NodeName",
      "TaintToleration",
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
      "PodTopologySpread",
      "InterPodAffinity",
    ]);
    expect(fwk.score.map((p, i) => `${p.name}=${fwk.scoreWeights[i]}`)).toEqual([
      "TaintToleration=3",
      "NodeAffinity=2",
      "NodeResourcesFit=1",
      "PodTopologySpread=2",
      "InterPodAffinity=2",
      "NodeResourcesBalancedAllocation=1",
      "ImageLocality=1",
    ]);
    expect(fwk.queueSort.name).toBe("PrioritySort");
    expect(fwk.postFilter.map((p) => p.name)).toEqual(["DefaultPreemption"]);
    expect(fwk.bind.map((p) => p.name)).toEqual(["DefaultBinder"]);
    expect(fwk.preEnqueue.map((p) => p.name)).toEqual(["SchedulingGates"]);
  });

  test("YAML with two profiles, disabled plugins, weights and args", () => {
    const cfg = parseConfig(`
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 30
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packer
  percentageOfNodesToScore: 100
  plugins:
    score:
      disabled:
      - name: NodeResourcesBalancedAllocation
      - name: ImageLocality
      enabled:
      - name: NodeResourcesFit
        weight: 5
    filter:
      disabled:
      - name: NodePorts
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
`);
    const done = completeConfig(cfg);
    expect(done.percentageOfNodesToScore).toBe(30);
    expect(done.profiles.map((p) => p.schedulerName)).toEqual(["default-scheduler", "bin-packer"]);
    const p = done.profiles[1]!;
    expect(p.percentageOfNodesToScore).toBe(100);
    const fwk = new Framework(inTreeRegistry(), p, frameworkDeps());
    expect(fwk.filter.map((x) => x.name)).not.toContain("NodePorts");
    expect(fwk.score.map((x) => x.name)).toEqual(["NodeResourcesFit", "TaintToleration", "NodeAffinity", "PodTopologySpread", "InterPodAffinity"]);
    expect(fwk.scoreWeights[0]).toBe(5);
    const fit = fwk.plugins.get("NodeResourcesFit") as unknown as { scorer: { strategy: number } };
    expect(fit.scorer.strategy).toBe(1);
  });

  test("JSON config and multiPoint disable", () => {
    const cfg = parseConfig(JSON.stringify({ profiles: [{ plugins: { multiPoint: { disabled: [{ name: "DefaultPreemption" }, { name: "ImageLocality" }] } } }] }));
    const fwk = new Framework(inTreeRegistry(), completeConfig(cfg).profiles[0]!, frameworkDeps());
    expect(fwk.postFilter).toEqual([]);
    expect(fwk.score.map((x) => x.name)).not.toContain("ImageLocality");
  });

  const bad: [string, string, RegExp][] = [
    ["unknown plugin", `{"profiles":[{"plugins":{"filter":{"enabled":[{"name":"Nope"}]}}}]}`, /plugin "Nope" does not exist/],
    ["duplicate scheduler names", `{"profiles":[{"schedulerName":"a"},{"schedulerName":"a"}]}`, /Duplicate value: "a"/],
    ["bad percentage", `{"percentageOfNodesToScore":120}`, /not in valid range/],
    ["wrong kind", `{"kind":"Pod"}`, /not KubeSchedulerConfiguration/],
    ["wrong apiVersion", `{"apiVersion":"kubescheduler.config.k8s.io/v1beta3"}`, /not supported/],
    ["plugin at a point it does not extend", `{"profiles":[{"plugins":{"bind":{"enabled":[{"name":"NodeName"}]}}}]}`, /does not extend bind plugin/],
    ["bad plugin args", `{"profiles":[{"pluginConfig":[{"name":"NodeResourcesFit","args":{"scoringStrategy":{"type":"Nope"}}}]}]}`, /Unsupported value/],
  ];
  for (const [name, text, re] of bad) {
    test(`rejects ${name}`, () => {
      expect(() => new Framework(inTreeRegistry(), completeConfig(parseConfig(text)).profiles[0]!, frameworkDeps())).toThrow(re);
    });
  }
});

function frameworkDeps() {
  const f = frameworkFor([]);
  return { client: f.client, listers: f.listers, nominator: f.nominator, snapshot: f.snapshot };
}
