import { describe, expect, test } from "bun:test";
import type { Pod } from "../../../../src/api/types/index.ts";
import { deleteBefore, deletionCost, podsToDelete, rankByRelatedOnSameNode } from "../../../../src/controllers/helper/ranking.ts";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

interface P {
  name: string;
  node?: string;
  phase?: "Pending" | "Running" | "Unknown";
  ready?: number; // seconds since ready
  cost?: string;
  restarts?: number;
  created?: number; // seconds ago
  uid?: string;
}
function pod(p: P): Pod {
  return {
    metadata: {
      name: p.name,
      uid: p.uid ?? p.name,
      creationTimestamp: ago(p.created ?? 1000),
      ...(p.cost !== undefined ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": p.cost } } : {}),
    },
    spec: { containers: [{ name: "c" }], ...(p.node ? { nodeName: p.node } : {}) },
    status: {
      ...(p.phase ? { phase: p.phase } : {}),
      ...(p.ready !== undefined ? { conditions: [{ type: "Ready", status: "True", lastTransitionTime: ago(p.ready) }] } : {}),
      ...(p.restarts !== undefined ? { containerStatuses: [{ name: "c", restartCount: p.restarts, ready: true, image: "i", imageID: "" }] } : {}),
    },
  };
}

describe("deleteBefore", () => {
  const cases: { name: string; a: P; b: P; rankA?: number; rankB?: number; want: boolean }[] = [
    { name: "unassigned before assigned", a: { name: "a" }, b: { name: "b", node: "n1" }, want: true },
    { name: "assigned after unassigned", a: { name: "a", node: "n1" }, b: { name: "b" }, want: false },
    { name: "pending before running", a: { name: "a", node: "n", phase: "Pending" }, b: { name: "b", node: "n", phase: "Running" }, want: true },
    { name: "unknown before running", a: { name: "a", node: "n", phase: "Unknown" }, b: { name: "b", node: "n", phase: "Running" }, want: true },
    { name: "not ready before ready", a: { name: "a", node: "n", phase: "Running" }, b: { name: "b", node: "n", phase: "Running", ready: 10 }, want: true },
    { name: "lower deletion cost first", a: { name: "a", node: "n", cost: "-5", ready: 10 }, b: { name: "b", node: "n", ready: 10 }, want: true },
    { name: "higher deletion cost later", a: { name: "a", node: "n", cost: "100" }, b: { name: "b", node: "n" }, want: false },
    { name: "doubled up first", a: { name: "a", node: "n" }, b: { name: "b", node: "m" }, rankA: 3, rankB: 1, want: true },
    { name: "ready for less time first (different log buckets)", a: { name: "a", node: "n", ready: 5 }, b: { name: "b", node: "n", ready: 5000 }, want: true },
    { name: "ready times in one bucket fall back to uid", a: { name: "b", node: "n", ready: 100 }, b: { name: "a", node: "n", ready: 101 }, want: false },
    { name: "more restarts first", a: { name: "a", node: "n", restarts: 4 }, b: { name: "b", node: "n", restarts: 1 }, want: true },
    { name: "newer first", a: { name: "a", node: "n", created: 10 }, b: { name: "b", node: "n", created: 100_000 }, want: true },
    { name: "older later", a: { name: "a", node: "n", created: 100_000 }, b: { name: "b", node: "n", created: 10 }, want: false },
    { name: "equal pods: neither first", a: { name: "a", node: "n", uid: "x" }, b: { name: "b", node: "n", uid: "x" }, want: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      expect(deleteBefore({ pod: pod(c.a), rank: c.rankA ?? 0 }, { pod: pod(c.b), rank: c.rankB ?? 0 }, NOW)).toBe(c.want);
    });
  }
});

describe("deletionCost", () => {
  const cases: [string | undefined, number][] = [[undefined, 0], ["7", 7], ["-3", -3], ["abc", 0], ["99999999999", 0], ["1.5", 0]];
  for (const [v, want] of cases) {
    test(`${v} -> ${want}`, () => {
      const p: Pod = { metadata: v === undefined ? {} : { annotations: { "controller.kubernetes.io/pod-deletion-cost": v } } };
      expect(deletionCost(p)).toBe(want);
    });
  }
});

describe("podsToDelete", () => {
  test("ranks by related pods on the same node and picks the first n", () => {
    const pods = [pod({ name: "p1", node: "n1", phase: "Running", ready: 100 }), pod({ name: "p2", node: "n2", phase: "Running", ready: 100 }), pod({ name: "p3", node: "n2", phase: "Running", ready: 100 }), pod({ name: "p4", phase: "Pending" })];
    const ranked = rankByRelatedOnSameNode(pods, pods);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 2, 0]);
    expect(podsToDelete(pods, pods, 1, NOW).map((p) => p.metadata.name)).toEqual(["p4"]);
    const two = podsToDelete(pods, pods, 2, NOW).map((p) => p.metadata.name);
    expect(two[0]).toBe("p4");
    expect(["p2", "p3"]).toContain(two[1]!);
  });
  test("returns every pod when asked for as many and none for zero", () => {
    const pods = [pod({ name: "a" }), pod({ name: "b" })];
    expect(podsToDelete(pods, pods, 5, NOW)).toHaveLength(2);
    expect(podsToDelete(pods, pods, 0, NOW)).toHaveLength(0);
  });
});
