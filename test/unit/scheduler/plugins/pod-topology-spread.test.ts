import { describe, expect, test } from "bun:test";
import type { Pod, TopologySpreadConstraint } from "../../../../src/scheduler/api-types.ts";
import { ClusterStores } from "../../../../src/scheduler/core/stores.ts";
import { CycleState } from "../../../../src/scheduler/framework/cycle-state.ts";
import type { NodeInfo } from "../../../../src/scheduler/framework/node-info.ts";
import { PodInfo } from "../../../../src/scheduler/framework/pod-info.ts";
import { PodTopologySpread } from "../../../../src/scheduler/plugins/podtopologyspread/pod-topology-spread.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";
import { handleFor, runFilter, runScore } from "../harness.ts";

const SKEW = "Unschedulable: node(s) didn't match pod topology spread constraints";
const MISSING = "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";
const web = (name: string) => makePod(name, { labels: { app: "web" } });
const spread = (topologyKey: string, maxSkew: number, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  topologyKey,
  maxSkew,
  whenUnsatisfiable: "DoNotSchedule",
  labelSelector: { matchLabels: { app: "web" } },
  ...extra,
});

/** zone a: n1, n2; zone b: n3; n4 without zone label. */
function cluster(podsOn: Record<string, Pod[]>, extraLabels: Record<string, Record<string, string>> = {}): NodeInfo[] {
  const zones: Record<string, Record<string, string>> = { n1: { zone: "a" }, n2: { zone: "a" }, n3: { zone: "b" }, n4: {} };
  return Object.entries(zones).map(([n, l]) => nodeInfo(makeNode(n, { labels: { ...l, ...extraLabels[n] } }), podsOn[n] ?? []));
}

function filter(pod: Pod, infos: NodeInfo[], stores?: ClusterStores): string[] {
  return [...runFilter(new PodTopologySpread(handleFor(infos, stores ? { stores } : {})), pod, infos).values()];
}

describe("PodTopologySpread filter", () => {
  const cases: { name: string; pod: Pod; podsOn: Record<string, Pod[]>; want: string[] }[] = [
    { name: "no constraints skips", pod: makePod("p", { labels: { app: "web" } }), podsOn: {}, want: ["skip", "skip", "skip", "skip"] },
    {
      name: "zone spread, maxSkew 1: the emptier zone only",
      pod: makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1)] }),
      podsOn: { n1: [web("a")] },
      want: [SKEW, SKEW, "ok", MISSING],
    },
    {
      name: "balanced zones accept both",
      pod: makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1)] }),
      podsOn: { n1: [web("a")], n3: [web("b")] },
      want: ["ok", "ok", "ok", MISSING],
    },
    {
      name: "maxSkew 2 tolerates a difference of one more",
      pod: makePod("p", { labels: { app: "web" }, spread: [spread("zone", 2)] }),
      podsOn: { n1: [web("a")] },
      want: ["ok", "ok", "ok", MISSING],
    },
    {
      name: "a pod not matching its own selector does not count itself",
      pod: makePod("p", { labels: { app: "other" }, spread: [spread("zone", 1)] }),
      podsOn: { n1: [web("a")] },
      want: ["ok", "ok", "ok", MISSING],
    },
    {
      name: "hostname spread",
      pod: makePod("p", { labels: { app: "web" }, spread: [spread("kubernetes.io/hostname", 1)] }),
      podsOn: { n1: [web("a")], n2: [web("b")], n3: [web("c")] },
      want: [SKEW, SKEW, SKEW, "ok"],
    },
    {
      name: "minDomains above the domain count makes the global minimum 0",
      pod: makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1, { minDomains: 3 })] }),
      podsOn: { n1: [web("a")], n3: [web("b")] },
      want: [SKEW, SKEW, SKEW, MISSING],
    },
    {
      name: "terminating and other-namespace pods do not count",
      pod: makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1)] }),
      podsOn: { n1: [{ ...web("t"), metadata: { ...web("t").metadata, deletionTimestamp: "2024-01-01T00:00:00Z" } }, makePod("o", { labels: { app: "web" }, namespace: "x" })] },
      want: ["ok", "ok", "ok", MISSING],
    },
    {
      name: "ScheduleAnyway constraints do not filter",
      pod: makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1, { whenUnsatisfiable: "ScheduleAnyway" })] }),
      podsOn: { n1: [web("a")] },
      want: ["skip", "skip", "skip", "skip"],
    },
  ];
  for (const c of cases) test(c.name, () => expect(filter(c.pod, cluster(c.podsOn))).toEqual(c.want));

  test("nodeAffinityPolicy Honor ignores domains the pod cannot go to; Ignore counts them", () => {
    const podsOn = { n3: [web("b1"), web("b2")] };
    const infos = cluster(podsOn, { n1: { pool: "x" }, n2: { pool: "x" } });
    const honor = makePod("p", { labels: { app: "web" }, nodeSelector: { pool: "x" }, spread: [spread("zone", 1)] });
    // Only zone a is eligible: min is zone a's 0 -> zone a fits.
    expect(filter(honor, infos).slice(0, 2)).toEqual(["ok", "ok"]);
    const ignore = makePod("p", { labels: { app: "web" }, nodeSelector: { pool: "x" }, spread: [spread("zone", 1, { nodeAffinityPolicy: "Ignore" })] });
    expect(filter(ignore, infos).slice(0, 2)).toEqual(["ok", "ok"]);
    // With Ignore, zone b (2 pods) counts, and the pod would exceed skew there.
    expect(filter(ignore, infos)[2]).toBe(SKEW);
  });

  test("nodeTaintsPolicy Honor skips tainted nodes when counting", () => {
    const infos = [
      nodeInfo(makeNode("n1", { labels: { zone: "a" } }), [web("a1")]),
      nodeInfo(makeNode("n2", { labels: { zone: "b" }, taints: [{ key: "k", effect: "NoSchedule" }] })),
    ];
    const honor = makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1, { nodeTaintsPolicy: "Honor" })] });
    // zone b does not count as a domain, so zone a (1 pod) is the minimum.
    expect(filter(honor, infos)[0]).toBe("ok");
    const ignore = makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1)] });
    expect(filter(ignore, infos)[0]).toBe(SKEW);
  });

  test("AddPod/RemovePod keep the counts for preemption", () => {
    const infos = cluster({ n1: [web("a")] });
    const pl = new PodTopologySpread(handleFor(infos));
    const pod = makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1)] });
    const state = new CycleState();
    expect(pl.preFilter(state, pod, infos)).toBeNull();
    expect(pl.filter(state, pod, infos[0]!)?.message()).toBe("node(s) didn't match pod topology spread constraints");
    pl.removePod(state, pod, infos[0]!.pods[0]!, infos[0]!);
    expect(pl.filter(state, pod, infos[0]!)).toBeNull();
    pl.addPod(state, pod, new PodInfo(web("x")), infos[2]!);
    pl.addPod(state, pod, new PodInfo(web("y")), infos[2]!);
    expect(pl.filter(state, pod, infos[2]!)?.message()).toBe("node(s) didn't match pod topology spread constraints");
  });
});

describe("PodTopologySpread score", () => {
  test("ScheduleAnyway prefers the zone with fewer matching pods", () => {
    const infos = cluster({ n1: [web("a1"), web("a2")] }).slice(0, 3);
    const pod = makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1, { whenUnsatisfiable: "ScheduleAnyway" })] });
    // raw: zone a 2*ln(4) = 2.77 -> 3, zone b 0 -> 0; normalized 100*(3+0-s)/3
    expect(runScore(new PodTopologySpread(handleFor(infos)), pod, infos)).toEqual([0, 0, 100]);
  });
  test("nodes missing the topology key are ignored (score 0)", () => {
    const infos = cluster({ n1: [web("a1")] });
    const pod = makePod("p", { labels: { app: "web" }, spread: [spread("zone", 1, { whenUnsatisfiable: "ScheduleAnyway" })] });
    expect(runScore(new PodTopologySpread(handleFor(infos)), pod, infos)).toEqual([0, 0, 100, 0]);
  });
  test("cluster default constraints use the selector of the pod's service", () => {
    const infos = cluster({ n1: [web("a1"), web("a2"), web("a3")] }).slice(0, 3);
    const stores = new ClusterStores();
    stores.servicesStore.handlers().add({ metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } });
    const pod = makePod("p", { labels: { app: "web" } });
    const scores = runScore(new PodTopologySpread(handleFor(infos, { stores })), pod, infos)!;
    expect(scores[2]).toBe(100);
    expect(scores[0]!).toBeLessThan(scores[1]!);
    // Without a service or owner there is nothing to spread.
    expect(runScore(new PodTopologySpread(handleFor(infos)), pod, infos)).toBeNull();
  });
  test("cluster default constraints use the owning ReplicaSet's selector", () => {
    const infos = cluster({ n1: [web("a1")] }).slice(0, 3);
    const stores = new ClusterStores();
    stores.replicaSets.handlers().add({ metadata: { name: "rs", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } } } });
    const pod = makePod("p", { labels: { app: "web" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u", controller: true }] });
    const scores = runScore(new PodTopologySpread(handleFor(infos, { stores })), pod, infos)!;
    expect(scores[0]).toBeLessThan(scores[2]!);
  });
  test("List defaulting with explicit default constraints", () => {
    expect(() => new PodTopologySpread(handleFor([]), { defaultingType: "System", defaultConstraints: [spread("zone", 1)] })).toThrow();
    const stores = new ClusterStores();
    stores.servicesStore.handlers().add({ metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } });
    const infos = cluster({ n1: [web("a1")] }).slice(0, 3);
    const pl2 = new PodTopologySpread(handleFor(infos, { stores }), {
      defaultingType: "List",
      defaultConstraints: [{ topologyKey: "zone", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }],
    });
    expect([...runFilter(pl2, makePod("p", { labels: { app: "web" } }), infos).values()]).toEqual([SKEW, SKEW, "ok"]);
  });
});
