import { describe, expect, test } from "bun:test";
import type { Pod, PodDisruptionBudget, ResourceQuota } from "../../../../src/api/types/index.ts";
import { pdbStatus } from "../../../../src/controllers/disruption/decide.ts";
import { podResources, quotaUsage } from "../../../../src/api/quota/usage.ts";

const NOW = Date.parse("2026-01-01T00:00:00Z");
const pod = (name: string, ready = true, extra: Partial<Pod> = {}): Pod => ({ metadata: { name }, spec: { containers: [] }, status: { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] }, ...extra });

describe("PodDisruptionBudget status", () => {
  const pdb = (spec: NonNullable<PodDisruptionBudget["spec"]>): PodDisruptionBudget => ({ metadata: { name: "b", generation: 3 }, spec });
  const pods = [pod("a"), pod("b"), pod("c", false)];
  const cases: { name: string; spec: NonNullable<PodDisruptionBudget["spec"]>; scale?: number; want: Record<string, unknown> }[] = [
    { name: "minAvailable 1", spec: { minAvailable: 1 }, want: { expectedPods: 3, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 } },
    { name: "minAvailable 2: none allowed", spec: { minAvailable: 2 }, want: { desiredHealthy: 2, disruptionsAllowed: 0 } },
    { name: "minAvailable 50% of the controllers' 4", spec: { minAvailable: "50%" }, scale: 4, want: { expectedPods: 4, desiredHealthy: 2, disruptionsAllowed: 0 } },
    { name: "maxUnavailable 1 of 3", spec: { maxUnavailable: 1 }, scale: 3, want: { expectedPods: 3, desiredHealthy: 2, disruptionsAllowed: 0 } },
    { name: "maxUnavailable 34% of 3 rounds up", spec: { maxUnavailable: "34%" }, scale: 3, want: { desiredHealthy: 1, disruptionsAllowed: 1 } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const s = pdbStatus(pdb(c.spec), pods, c.scale, NOW);
      expect(s).toMatchObject({ ...c.want, observedGeneration: 3 });
      const cond = s.conditions?.[0];
      expect(cond).toMatchObject((s.disruptionsAllowed ?? 0) > 0 ? { type: "DisruptionAllowed", status: "True", reason: "SufficientPods" } : { type: "DisruptionAllowed", status: "False", reason: "InsufficientPods" });
    });
  }
  test("maxUnavailable without known controllers fails the sync", () => {
    expect(pdbStatus(pdb({ maxUnavailable: 1 }), pods, undefined, NOW).conditions?.[0]).toMatchObject({ status: "False", reason: "SyncFailed" });
  });
  test("disrupted pods do not count as healthy until their entry times out", () => {
    const s = pdbStatus({ ...pdb({ minAvailable: 1 }), status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptedPods: { a: "2025-12-31T23:59:30Z" } } }, pods, undefined, NOW);
    expect(s.currentHealthy).toBe(1);
    expect(s.disruptedPods).toEqual({ a: "2025-12-31T23:59:30Z" });
  });
});

describe("quota usage", () => {
  const withRes = (name: string, req: Record<string, string>, lim: Record<string, string>, init?: Record<string, string>): Pod => ({
    metadata: { name },
    spec: { containers: [{ name: "a", resources: { requests: req, limits: lim } }, { name: "b", resources: { requests: req } }], ...(init ? { initContainers: [{ name: "i", resources: { requests: init } }] } : {}) },
    status: { phase: "Running" },
  });
  test("pod resources: sum of containers, at least the largest init container", () => {
    const r = podResources(withRes("p", { cpu: "100m", memory: "64Mi" }, {}, { cpu: "500m" }), "requests");
    expect(r.get("cpu")?.toString()).toBe("500m");
    expect(r.get("memory")?.toString()).toBe("128Mi");
  });
  test("used for every hard resource", () => {
    const quota: ResourceQuota = { metadata: { name: "q" }, spec: { hard: { pods: "10", "requests.cpu": "2", "limits.memory": "1Gi", "count/deployments.apps": "5", configmaps: "3", services: "2", "services.nodeports": "1", "requests.storage": "10Gi" } } };
    const pods = [withRes("a", { cpu: "100m" }, { memory: "128Mi" }), withRes("b", { cpu: "250m" }, { memory: "64Mi" }), { ...withRes("done", { cpu: "1" }, {}), status: { phase: "Succeeded" as const } }];
    const used = quotaUsage(quota, {
      pods,
      services: [{ metadata: { name: "s" }, spec: { type: "NodePort", ports: [{ port: 80 }] } }],
      claims: [{ metadata: { name: "c" }, spec: { resources: { requests: { storage: "1Gi" } } } }],
      count: (r) => ({ "deployments.apps": 2, configmaps: 1 })[r],
    }, NOW);
    expect(used).toEqual({ pods: "2", "requests.cpu": "700m", "limits.memory": "192Mi", "count/deployments.apps": "2", configmaps: "1", services: "1", "services.nodeports": "1", "requests.storage": "1Gi" });
  });
});
