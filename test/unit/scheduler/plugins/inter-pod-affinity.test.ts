import { describe, expect, test } from "bun:test";
import type { Affinity, PodAffinityTerm } from "../../../../src/scheduler/api-types.ts";
import { ClusterStores } from "../../../../src/scheduler/core/stores.ts";
import { CycleState } from "../../../../src/scheduler/framework/cycle-state.ts";
import { InterPodAffinity } from "../../../../src/scheduler/plugins/interpodaffinity/inter-pod-affinity.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";
import { handleFor, runFilter, runScore } from "../harness.ts";

const term = (labels: Record<string, string>, topologyKey = "zone", extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});
const affinity = (...terms: PodAffinityTerm[]): Affinity => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });
const anti = (...terms: PodAffinityTerm[]): Affinity => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });

const AFFINITY = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
const ANTI = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const EXISTING = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

/** Zones: n1, n2 in zone a; n3 in zone b; n4 has no zone label. */
function cluster(podsOn: Record<string, ReturnType<typeof makePod>[]>) {
  const labels: Record<string, Record<string, string>> = { n1: { zone: "a" }, n2: { zone: "a" }, n3: { zone: "b" }, n4: {} };
  return Object.entries(labels).map(([n, l]) => nodeInfo(makeNode(n, { labels: l }), podsOn[n] ?? []));
}

function filter(pod: ReturnType<typeof makePod>, podsOn: Record<string, ReturnType<typeof makePod>[]>, stores?: ClusterStores): string[] {
  const infos = cluster(podsOn);
  const pl = new InterPodAffinity(handleFor(infos, stores ? { stores } : {}));
  return [...runFilter(pl, pod, infos).values()];
}

describe("InterPodAffinity filter", () => {
  const web = makePod("web", { labels: { app: "web" } });
  const cases: { name: string; pod: ReturnType<typeof makePod>; podsOn: Record<string, ReturnType<typeof makePod>[]>; want: string[] }[] = [
    { name: "no affinity anywhere skips", pod: makePod("p"), podsOn: { n1: [web] }, want: ["skip", "skip", "skip", "skip"] },
    { name: "affinity to a zone with a matching pod", pod: makePod("p", { affinity: affinity(term({ app: "web" })) }), podsOn: { n1: [web] }, want: ["ok", "ok", AFFINITY, AFFINITY] },
    {
      name: "affinity with no matching pod anywhere fails",
      pod: makePod("p", { affinity: affinity(term({ app: "db" })) }),
      podsOn: { n1: [web] },
      want: [AFFINITY, AFFINITY, AFFINITY, AFFINITY],
    },
    {
      name: "first pod of a self-affine group may go to any node with the topology",
      pod: makePod("p", { labels: { app: "db" }, affinity: affinity(term({ app: "db" })) }),
      podsOn: { n1: [web] },
      want: ["ok", "ok", "ok", AFFINITY],
    },
    { name: "anti-affinity against a zone", pod: makePod("p", { affinity: anti(term({ app: "web" })) }), podsOn: { n1: [web] }, want: [ANTI, ANTI, "ok", "ok"] },
    {
      name: "anti-affinity per host",
      pod: makePod("p", { affinity: anti(term({ app: "web" }, "kubernetes.io/hostname")) }),
      podsOn: { n1: [web] },
      want: [ANTI, "ok", "ok", "ok"],
    },
    {
      name: "existing pod's anti-affinity rejects the incoming pod",
      pod: makePod("p", { labels: { app: "db" } }),
      podsOn: { n3: [makePod("guard", { affinity: anti(term({ app: "db" })) })] },
      want: ["ok", "ok", EXISTING, "ok"],
    },
    {
      name: "anti-affinity only looks at the pod's namespace by default",
      pod: makePod("p", { affinity: anti(term({ app: "web" })) }),
      podsOn: { n1: [makePod("web", { labels: { app: "web" }, namespace: "other" })] },
      want: ["ok", "ok", "ok", "ok"],
    },
    {
      name: "explicit namespaces",
      pod: makePod("p", { affinity: anti(term({ app: "web" }, "zone", { namespaces: ["other"] })) }),
      podsOn: { n1: [makePod("web", { labels: { app: "web" }, namespace: "other" })] },
      want: [ANTI, ANTI, "ok", "ok"],
    },
  ];
  for (const c of cases) test(c.name, () => expect(filter(c.pod, c.podsOn)).toEqual(c.want));

  test("namespaceSelector selects namespaces by their labels", () => {
    const stores = new ClusterStores();
    const h = stores.namespacesStore.handlers();
    h.add({ metadata: { name: "team-a", labels: { team: "a" } } });
    h.add({ metadata: { name: "team-b", labels: { team: "b" } } });
    const pod = makePod("p", { affinity: anti(term({ app: "web" }, "zone", { namespaceSelector: { matchLabels: { team: "a" } } })) });
    expect(filter(pod, { n1: [makePod("w", { labels: { app: "web" }, namespace: "team-a" })] }, stores)).toEqual([ANTI, ANTI, "ok", "ok"]);
    expect(filter(pod, { n1: [makePod("w", { labels: { app: "web" }, namespace: "team-b" })] }, stores)).toEqual(["ok", "ok", "ok", "ok"]);
    const all = makePod("p", { affinity: anti(term({ app: "web" }, "zone", { namespaceSelector: {} })) });
    expect(filter(all, { n3: [makePod("w", { labels: { app: "web" }, namespace: "team-b" })] }, stores)).toEqual(["ok", "ok", ANTI, "ok"]);
  });

  test("AddPod and RemovePod update the PreFilter state (preemption)", () => {
    const infos = cluster({ n1: [web] });
    const pl = new InterPodAffinity(handleFor(infos));
    const pod = makePod("p", { affinity: anti(term({ app: "web" })) });
    const state = new CycleState();
    expect(pl.preFilter(state, pod, infos)).toBeNull();
    const pi = infos[0]!.pods[0]!;
    expect(pl.filter(state, pod, infos[1]!)?.message()).toBe("node(s) didn't match pod anti-affinity rules");
    pl.removePod(state, pod, pi, infos[0]!);
    expect(pl.filter(state, pod, infos[1]!)).toBeNull();
    pl.addPod(state, pod, pi, infos[0]!);
    expect(pl.filter(state, pod, infos[1]!)?.message()).toBe("node(s) didn't match pod anti-affinity rules");
  });
});

describe("InterPodAffinity score", () => {
  const weighted = (weight: number, t: PodAffinityTerm) => ({ weight, podAffinityTerm: t });
  test("preferred affinity favours zones with matching pods; anti-affinity the others", () => {
    const infos = cluster({ n1: [makePod("web", { labels: { app: "web" } })], n3: [makePod("db", { labels: { app: "db" } })] });
    const pl = new InterPodAffinity(handleFor(infos));
    const pod = makePod("p", {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(10, term({ app: "web" }))] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term({ app: "db" }))] },
      },
    });
    // raw: zone a +10, zone b -5, no zone 0 -> normalized between min -5 and max 10
    expect(runScore(pl, pod, infos)).toEqual([100, 100, 0, 33]);
  });
  test("existing pods' required affinity counts with hardPodAffinityWeight", () => {
    const infos = cluster({ n3: [makePod("e", { affinity: affinity(term({ app: "web" })) })] });
    const pod = makePod("p", { labels: { app: "web" } });
    expect(runScore(new InterPodAffinity(handleFor(infos)), pod, infos)).toEqual([0, 0, 100, 0]);
    expect(runScore(new InterPodAffinity(handleFor(infos), { hardPodAffinityWeight: 0 }), pod, infos)).toBeNull();
  });
  test("nothing to score skips", () => {
    const infos = cluster({});
    expect(runScore(new InterPodAffinity(handleFor(infos)), makePod("p"), infos)).toBeNull();
  });
});
