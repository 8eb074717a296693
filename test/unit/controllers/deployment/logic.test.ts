import { describe, expect, test } from "bun:test";
import type { Deployment, ReplicaSet } from "../../../../src/api/types/index.ts";
import { newReplicaSetAnnotations, rolledBackTo } from "../../../../src/controllers/deployment/annotations.ts";
import { replicaSetsToClean } from "../../../../src/controllers/deployment/cleanup.ts";
import { equalIgnoreHash, findActiveOrLatest, findNewReplicaSet, lastRevision } from "../../../../src/controllers/deployment/replicasets.ts";
import { proportionalSizes } from "../../../../src/controllers/deployment/scale.ts";
import { maxSurge, maxUnavailable, resolveFenceposts } from "../../../../src/controllers/deployment/spec.ts";
import { calculateStatus, deploymentTimedOut, rolloutStatus } from "../../../../src/controllers/deployment/status.ts";
import { deployment } from "./fake.ts";

function rs(name: string, replicas: number, o: { available?: number; created?: number; revision?: string; maxReplicas?: number; image?: string; generation?: number; observed?: number; statusReplicas?: number } = {}): ReplicaSet {
  const annotations: Record<string, string> = {};
  if (o.revision) annotations["deployment.kubernetes.io/revision"] = o.revision;
  if (o.maxReplicas !== undefined) annotations["deployment.kubernetes.io/max-replicas"] = String(o.maxReplicas);
  return {
    metadata: { name, namespace: "ns", uid: `uid-${name}`, creationTimestamp: new Date(Date.parse("2026-01-01T00:00:00Z") + (o.created ?? 0) * 1000).toISOString(), annotations, generation: o.generation ?? 1 },
    spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web", "pod-template-hash": name } }, spec: { containers: [{ name: "c", image: o.image ?? name }] } } },
    status: { replicas: o.statusReplicas ?? replicas, availableReplicas: o.available ?? replicas, readyReplicas: o.available ?? replicas, observedGeneration: o.observed ?? 1 },
  };
}

describe("fenceposts", () => {
  const cases: { surge: number | string; unavail: number | string; desired: number; want: [number, number] }[] = [
    { surge: "25%", unavail: "25%", desired: 10, want: [3, 2] },
    { surge: "25%", unavail: "25%", desired: 1, want: [1, 0] },
    { surge: 0, unavail: 0, desired: 5, want: [0, 1] },
    { surge: "0%", unavail: "0%", desired: 5, want: [0, 1] },
    { surge: 2, unavail: "50%", desired: 3, want: [2, 1] },
    { surge: "100%", unavail: 0, desired: 1000, want: [1000, 0] },
  ];
  for (const c of cases) test(`${c.surge}/${c.unavail} of ${c.desired}`, () => expect(resolveFenceposts(c.surge, c.unavail, c.desired)).toEqual(c.want));
  test("maxUnavailable is capped by replicas and zero for Recreate", () => {
    expect(maxUnavailable(deployment({ replicas: 2, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 5 } } }))).toBe(2);
    expect(maxUnavailable(deployment({ replicas: 2, strategy: { type: "Recreate" } }))).toBe(0);
    expect(maxSurge(deployment({ replicas: 2, strategy: { type: "Recreate" } }))).toBe(0);
    expect(maxSurge(deployment({ replicas: 4 }))).toBe(1);
  });
});

describe("proportional scaling", () => {
  const cases: { name: string; replicas: number; sets: ReplicaSet[]; statusReplicas?: number; want: Record<string, number> }[] = [
    {
      name: "scale up 10 -> 12 with surge 3 spreads by size",
      replicas: 12,
      sets: [rs("new", 5, { created: 10, maxReplicas: 13 }), rs("old", 8, { maxReplicas: 13 })],
      want: { old: 9, new: 6 },
    },
    {
      name: "scale down 10 -> 5 with surge 3",
      replicas: 5,
      sets: [rs("new", 5, { created: 10, maxReplicas: 13 }), rs("old", 8, { maxReplicas: 13 })],
      want: { old: 5, new: 3 },
    },
    {
      name: "scale to zero empties every set",
      replicas: 0,
      sets: [rs("new", 5, { created: 10, maxReplicas: 13 }), rs("old", 8, { maxReplicas: 13 })],
      want: { old: 0, new: 0 },
    },
    {
      name: "missing annotation falls back to status.replicas",
      replicas: 20,
      statusReplicas: 10,
      sets: [rs("new", 5, { created: 10 }), rs("old", 5)],
      want: { new: 12, old: 11 },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const d: Deployment = { ...deployment({ replicas: c.replicas, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: 0 } } }), ...(c.statusReplicas ? { status: { replicas: c.statusReplicas } } : {}) };
      const { sets, sizes } = proportionalSizes(d, c.sets);
      const got: Record<string, number> = {};
      sets.forEach((s, i) => (got[s.metadata.name!] = sizes[i]!));
      expect(got).toEqual(c.want);
      const total = sizes.reduce((a, b) => a + b, 0);
      expect(total).toBe(c.replicas === 0 ? 0 : c.replicas + 3);
    });
  }
});

describe("replica set queries", () => {
  test("findNewReplicaSet ignores the hash label and picks the oldest match", () => {
    const d = deployment({ image: "nginx:1" });
    const a = rs("a", 1, { created: 5, image: "nginx:1" });
    const b = rs("b", 1, { created: 1, image: "nginx:1" });
    const c = rs("c", 1, { image: "nginx:2" });
    expect(findNewReplicaSet(d, [a, b, c])?.metadata.name).toBe("b");
    expect(equalIgnoreHash(a.spec!.template, c.spec!.template)).toBe(false);
  });
  test("templates differing only in a free-form map key named __proto__ differ", () => {
    // CSI volumeAttributes take any key; JSON.parse makes "__proto__" an own member, as the API decodes bodies
    const withAttrs = (attrs: string) => JSON.parse(`{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}],"volumes":[{"name":"v","csi":{"driver":"d","volumeAttributes":${attrs}}}]}}`);
    expect(equalIgnoreHash(withAttrs(`{"__proto__":"a"}`), withAttrs(`{"__proto__":"b"}`))).toBe(false);
    expect(equalIgnoreHash(withAttrs(`{"__proto__":"a"}`), withAttrs(`{"k":"v"}`))).toBe(false);
    expect(equalIgnoreHash(withAttrs(`{"__proto__":"a"}`), withAttrs(`{"__proto__":"a"}`))).toBe(true);
    const d = deployment({ image: "i" });
    d.spec!.template = withAttrs(`{"__proto__":"new"}`);
    const old = rs("old", 1);
    old.spec!.template = withAttrs(`{"__proto__":"old"}`);
    expect(findNewReplicaSet(d, [old])).toBeUndefined();
  });
  test("findActiveOrLatest", () => {
    expect(findActiveOrLatest(undefined, [])).toBeUndefined();
    expect(findActiveOrLatest(rs("n", 0, { created: 9 }), [rs("o", 0)])?.metadata.name).toBe("n");
    expect(findActiveOrLatest(undefined, [rs("o1", 0), rs("o2", 0, { created: 5 })])?.metadata.name).toBe("o2");
    expect(findActiveOrLatest(rs("n", 0), [rs("o", 2)])?.metadata.name).toBe("o");
    expect(findActiveOrLatest(rs("n", 1), [rs("o", 2)])).toBeUndefined();
  });
  test("lastRevision is the second highest", () => {
    expect(lastRevision([rs("a", 0, { revision: "3" }), rs("b", 0, { revision: "7" }), rs("c", 0, { revision: "5" })])).toBe(5);
    expect(lastRevision([rs("a", 0, { revision: "1" })])).toBe(0);
  });
  test("cleanup deletes the oldest revisions beyond the limit, only when settled at zero", () => {
    const sets = [rs("r1", 0, { revision: "1" }), rs("r2", 0, { revision: "2", generation: 3, observed: 2 }), rs("r3", 0, { revision: "3" }), rs("r4", 1, { revision: "4" })];
    expect(replicaSetsToClean(sets, 1).map((r) => r.metadata.name)).toEqual(["r1", "r3"]);
    expect(replicaSetsToClean(sets, 4)).toEqual([]);
  });
});

describe("revision annotations", () => {
  test("a new ReplicaSet gets the revision and replica annotations, not the skipped ones", () => {
    const d = deployment({ annotations: { team: "a", "kubectl.kubernetes.io/last-applied-configuration": "{}", "deployment.kubernetes.io/revision": "4" } });
    const { annotations, changed } = newReplicaSetAnnotations(d, undefined, 5, false, 3, 4);
    expect(changed).toBe(true);
    expect(annotations).toEqual({ team: "a", "deployment.kubernetes.io/revision": "5", "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4" });
  });
  test("an old template brought back gets a new revision and remembers the old one", () => {
    const d = deployment();
    const r1 = newReplicaSetAnnotations(d, { "deployment.kubernetes.io/revision": "1" }, 3, true, 3, 4);
    expect(r1.annotations).toEqual({ "deployment.kubernetes.io/revision": "3", "deployment.kubernetes.io/revision-history": "1" });
    const r2 = newReplicaSetAnnotations(d, r1.annotations, 5, true, 3, 4);
    expect(r2.annotations["deployment.kubernetes.io/revision-history"]).toBe("1,3");
    const same = newReplicaSetAnnotations(d, r2.annotations, 5, true, 3, 4);
    expect(same.changed).toBe(false);
  });
  test("history is trimmed from the front to the length limit", () => {
    const r = newReplicaSetAnnotations(deployment(), { "deployment.kubernetes.io/revision": "40", "deployment.kubernetes.io/revision-history": "10,20,30" }, 50, true, 3, 4, 8);
    expect(r.annotations["deployment.kubernetes.io/revision-history"]).toBe("20,30,40");
  });
  test("rolledBackTo copies the template without the hash label and the ReplicaSet's annotations", () => {
    const d = deployment({ annotations: { "deployment.kubernetes.io/revision": "3", "deprecated.deployment.rollback.to": "1", mine: "x" } });
    const old = rs("old", 0, { image: "nginx:0" });
    const back = rolledBackTo(d, { ...old, metadata: { ...old.metadata, annotations: { "deployment.kubernetes.io/revision": "1", theirs: "y" } } });
    expect(back.spec!.template.metadata!.labels).toEqual({ app: "web" });
    expect(back.spec!.template.spec!.containers[0]!.image).toBe("nginx:0");
    expect(back.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "3", theirs: "y" });
  });
});

describe("status and conditions", () => {
  const NOW = Date.parse("2026-01-01T00:10:00Z");
  test("counts and Available", () => {
    const d = deployment({ replicas: 4 });
    const s = calculateStatus([rs("old", 1, { available: 1 }), rs("new", 3, { available: 1 })], rs("new", 3, { available: 1 }), d, NOW);
    expect(s).toMatchObject({ observedGeneration: 1, replicas: 4, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2 });
    expect(s.conditions?.[0]).toMatchObject({ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." });
    const ok = calculateStatus([rs("new", 4)], rs("new", 4), d, NOW);
    expect(ok.conditions?.[0]).toMatchObject({ type: "Available", status: "True", reason: "MinimumReplicasAvailable" });
  });
  test("a complete rollout reports NewReplicaSetAvailable", () => {
    const d = deployment({ replicas: 2 });
    const newRS = rs("web-abc", 2);
    const r = rolloutStatus([newRS], newRS, { ...d, status: { conditions: [{ type: "Progressing", status: "True", reason: "ReplicaSetUpdated", lastUpdateTime: "2026-01-01T00:00:00Z", lastTransitionTime: "2026-01-01T00:00:00Z" }] } }, NOW);
    const p = r.status.conditions?.find((c) => c.type === "Progressing");
    expect(p).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: 'ReplicaSet "web-abc" has successfully progressed.', lastTransitionTime: "2026-01-01T00:00:00Z" });
  });
  test("no progress past the deadline reports ProgressDeadlineExceeded", () => {
    const base = deployment({ replicas: 2, progressDeadlineSeconds: 60 });
    const newRS = rs("web-abc", 2, { available: 0 });
    const status = { replicas: 2, updatedReplicas: 2, availableReplicas: 0, readyReplicas: 0, unavailableReplicas: 2, observedGeneration: 1, conditions: [{ type: "Progressing", status: "True", reason: "ReplicaSetUpdated", lastUpdateTime: "2026-01-01T00:00:00Z", lastTransitionTime: "2026-01-01T00:00:00Z" }] };
    const d = { ...base, status };
    expect(deploymentTimedOut(d, status, Date.parse("2026-01-01T00:00:59Z"))).toBe(false);
    const early = rolloutStatus([newRS], newRS, d, Date.parse("2026-01-01T00:00:30Z"));
    expect(early.changed).toBe(true);
    const settled = rolloutStatus([newRS], newRS, { ...d, status: early.status }, Date.parse("2026-01-01T00:00:30Z"));
    expect(settled.changed).toBe(false);
    expect(settled.requeue).toBe(31_000);
    expect(rolloutStatus([newRS], newRS, { ...d, status: early.status }, Date.parse("2026-01-01T00:00:59.500Z")).requeue).toBe("now");
    const r = rolloutStatus([newRS], newRS, d, NOW);
    expect(r.status.conditions?.find((c) => c.type === "Progressing")).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "web-abc" has timed out progressing.' });
  });
  test("ReplicaFailure is copied from the ReplicaSet", () => {
    const newRS = rs("web-abc", 2, { available: 0 });
    const failing = { ...newRS, status: { ...newRS.status!, conditions: [{ type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: "quota", lastTransitionTime: "2026-01-01T00:00:00Z" }] } };
    const r = rolloutStatus([failing], failing, deployment({ replicas: 2 }), NOW);
    expect(r.status.conditions?.find((c) => c.type === "ReplicaFailure")).toMatchObject({ status: "True", reason: "FailedCreate", message: "quota" });
  });
});
