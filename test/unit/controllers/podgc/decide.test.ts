import { describe, expect, test } from "bun:test";
import type { Pod } from "../../../../src/api/types/index.ts";
import { orphanedPods, terminatedToDelete, unscheduledTerminating } from "../../../../src/controllers/podgc/decide.ts";

function pod(name: string, o: { phase?: "Running" | "Succeeded" | "Failed"; node?: string; created?: number; deleting?: boolean } = {}): Pod {
  return {
    metadata: { name, creationTimestamp: new Date(Date.parse("2026-01-01T00:00:00Z") + (o.created ?? 0) * 1000).toISOString(), ...(o.deleting ? { deletionTimestamp: "2026-01-01T01:00:00Z" } : {}) },
    spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
    status: { phase: o.phase ?? "Running" },
  };
}
const names = (ps: Pod[]) => ps.map((p) => p.metadata.name);

describe("pod gc", () => {
  test("terminated pods beyond the threshold, oldest first", () => {
    const pods = [pod("new", { phase: "Succeeded", created: 30 }), pod("old", { phase: "Failed", created: 10 }), pod("mid", { phase: "Succeeded", created: 20 }), pod("run", { created: 0 })];
    expect(names(terminatedToDelete(pods, 1))).toEqual(["old", "mid"]);
    expect(terminatedToDelete(pods, 3)).toEqual([]);
    expect(terminatedToDelete(pods, 0)).toEqual([]);
  });
  test("pods on missing nodes only after the quarantine", () => {
    const pods = [pod("a", { node: "gone" }), pod("b", { node: "here" }), pod("c")];
    const exists = (n: string) => n === "here";
    const suspects = new Map<string, number>();
    expect(orphanedPods(pods, exists, suspects, 0, 40_000).pods).toEqual([]);
    expect(orphanedPods(pods, exists, suspects, 39_999, 40_000).pods).toEqual([]);
    const r = orphanedPods(pods, exists, suspects, 40_000, 40_000);
    expect(names(r.pods)).toEqual(["a"]);
    expect(r.suspects).toEqual(["gone"]);
    // the node came back: forgotten
    expect(orphanedPods(pods, () => true, suspects, 50_000, 40_000).pods).toEqual([]);
    expect(suspects.size).toBe(0);
  });
  test("unscheduled terminating pods", () => {
    expect(names(unscheduledTerminating([pod("a", { deleting: true }), pod("b", { deleting: true, node: "n" }), pod("c")]))).toEqual(["a"]);
  });
});
