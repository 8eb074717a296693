import { describe, expect, test } from "bun:test";
import type { Pod, ReplicaSet } from "../../../../src/api/types/index.ts";
import { activePods, decideReplicas, planClaims } from "../../../../src/controllers/replicaset/decide.ts";
import { calculateStatus, statusChanged } from "../../../../src/controllers/replicaset/status.ts";

const NOW = Date.parse("2026-01-01T00:00:00Z");
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

function rs(replicas: number, extra: { minReadySeconds?: number; generation?: number; deleting?: boolean } = {}): ReplicaSet {
  return {
    metadata: { name: "web", namespace: "ns", uid: "rs-uid", generation: extra.generation ?? 1, ...(extra.deleting ? { deletionTimestamp: iso(0) } : {}) },
    spec: { replicas, selector: { matchLabels: { app: "web" } }, minReadySeconds: extra.minReadySeconds ?? 0, template: { metadata: { labels: { app: "web", tier: "fe" } }, spec: { containers: [{ name: "c" }] } } },
  };
}

interface P {
  name: string;
  labels?: Record<string, string>;
  owner?: string;
  phase?: "Pending" | "Running" | "Succeeded" | "Failed";
  readyMsAgo?: number;
  deleting?: boolean;
  node?: string;
}
function pod(p: P): Pod {
  return {
    metadata: {
      name: p.name,
      namespace: "ns",
      uid: `uid-${p.name}`,
      labels: p.labels ?? { app: "web", tier: "fe" },
      creationTimestamp: iso(60_000),
      ...(p.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "x", uid: p.owner, controller: true }] } : {}),
      ...(p.deleting ? { deletionTimestamp: iso(0) } : {}),
    },
    spec: { containers: [{ name: "c" }], ...(p.node ? { nodeName: p.node } : {}) },
    status: {
      phase: p.phase ?? "Running",
      ...(p.readyMsAgo !== undefined ? { conditions: [{ type: "Ready", status: "True", lastTransitionTime: iso(p.readyMsAgo) }] } : {}),
    },
  };
}
const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe("planClaims", () => {
  test("keeps, adopts, releases and ignores by controller ref and selector", () => {
    const pods = [
      pod({ name: "mine", owner: "rs-uid" }),
      pod({ name: "mine-unmatched", owner: "rs-uid", labels: { app: "other" } }),
      pod({ name: "orphan" }),
      pod({ name: "orphan-unmatched", labels: { app: "other" } }),
      pod({ name: "theirs", owner: "other-uid" }),
      pod({ name: "orphan-deleting", deleting: true }),
    ];
    const plan = planClaims(rs(3), pods, (p) => p.metadata.labels?.app === "web");
    expect(names(plan.owned)).toEqual(["mine"]);
    expect(names(plan.adopt)).toEqual(["orphan"]);
    expect(names(plan.release)).toEqual(["mine-unmatched"]);
  });
});

describe("decideReplicas", () => {
  const running = (n: number) => Array.from({ length: n }, (_, i) => pod({ name: `p${i}`, node: "n1", readyMsAgo: 1000 }));
  const cases: { name: string; replicas: number; pods: Pod[]; burst?: number; want: { kind: string; count?: number; deleted?: string[] } }[] = [
    { name: "steady", replicas: 3, pods: running(3), want: { kind: "none" } },
    { name: "scale up from zero", replicas: 3, pods: [], want: { kind: "create", count: 3 } },
    { name: "create is capped by burst", replicas: 1000, pods: [], burst: 500, want: { kind: "create", count: 500 } },
    { name: "delete the not-ready and pending first", replicas: 2, pods: [...running(2), pod({ name: "pending", phase: "Pending" }), pod({ name: "notready", node: "n1" })], want: { kind: "delete", deleted: ["pending", "notready"] } },
    { name: "scale to zero deletes all", replicas: 0, pods: running(2), want: { kind: "delete", deleted: ["p0", "p1"] } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = decideReplicas(rs(c.replicas), c.pods, c.pods, NOW, c.burst);
      expect(got.kind).toBe(c.want.kind as never);
      if (got.kind === "create") expect(got.count).toBe(c.want.count!);
      if (got.kind === "delete") expect(names(got.pods)).toEqual(c.want.deleted!);
    });
  }
  test("activePods drops finished and terminating pods", () => {
    const pods = [pod({ name: "a" }), pod({ name: "b", phase: "Succeeded" }), pod({ name: "c", phase: "Failed" }), pod({ name: "d", deleting: true })];
    expect(names(activePods(pods))).toEqual(["a"]);
  });
});

describe("calculateStatus", () => {
  test("counts replicas, fully labeled, ready and available (minReadySeconds)", () => {
    const pods = [
      pod({ name: "a", readyMsAgo: 20_000 }),
      pod({ name: "b", readyMsAgo: 5_000 }),
      pod({ name: "c" }),
      pod({ name: "d", labels: { app: "web" }, readyMsAgo: 60_000 }),
    ];
    const st = calculateStatus(rs(4, { minReadySeconds: 10, generation: 7 }), pods, undefined, NOW);
    expect(st).toEqual({ replicas: 4, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 2, observedGeneration: 7 });
  });
  test("a failed create adds ReplicaFailure/FailedCreate once; success removes it", () => {
    const set = rs(3);
    const st = calculateStatus(set, [], new Error("quota exceeded"), NOW);
    expect(st.conditions).toEqual([{ type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: "quota exceeded", lastTransitionTime: "2026-01-01T00:00:00Z" }]);
    const withFailure: ReplicaSet = { ...set, status: st };
    const again = calculateStatus(withFailure, [], new Error("other"), NOW + 5000);
    expect(again.conditions?.[0]?.message).toBe("quota exceeded");
    const ok = calculateStatus(withFailure, [], undefined, NOW);
    expect(ok.conditions).toBeUndefined();
    expect(statusChanged(withFailure.status, ok)).toBe(true);
    expect(statusChanged(ok, ok)).toBe(false);
  });
  test("a failed delete says FailedDelete", () => {
    const st = calculateStatus(rs(0), [pod({ name: "a" })], new Error("nope"), NOW);
    expect(st.conditions?.[0]?.reason).toBe("FailedDelete");
  });
});
