import { describe, expect, test } from "bun:test";
import type { Pod, StatefulSet } from "../../../../src/api/types/index.ts";
import { planStatefulSet, statefulStatus } from "../../../../src/controllers/statefulset/decide.ts";
import { claimsFor, newStatefulPod, ordinalOf } from "../../../../src/controllers/statefulset/identity.ts";

const NOW = Date.parse("2026-01-01T00:00:00Z");
function set(o: { replicas?: number; parallel?: boolean; partition?: number; onDelete?: boolean } = {}): StatefulSet {
  return {
    metadata: { name: "web", namespace: "ns", uid: "sts-uid", generation: 2 },
    spec: {
      replicas: o.replicas ?? 3,
      serviceName: "web",
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "i" }] } },
      volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      ...(o.parallel ? { podManagementPolicy: "Parallel" as const } : {}),
      updateStrategy: o.onDelete ? { type: "OnDelete" } : { type: "RollingUpdate", ...(o.partition !== undefined ? { rollingUpdate: { partition: o.partition } } : {}) },
    },
  };
}
function pod(ordinal: number, o: { ready?: boolean; rev?: string; phase?: "Pending" | "Running" | "Failed"; deleting?: boolean } = {}): Pod {
  return {
    metadata: { name: `web-${ordinal}`, uid: `u${ordinal}`, labels: { app: "web", "controller-revision-hash": o.rev ?? "web-v1" }, ...(o.deleting ? { deletionTimestamp: "x" } : {}) },
    spec: { containers: [] },
    status: { phase: o.phase ?? (o.ready === false ? "Pending" : "Running"), ...(o.ready !== false ? { conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2025-12-31T00:00:00Z" }] } : {}) },
  };
}
const show = (a: ReturnType<typeof planStatefulSet>) => a.map((x) => (x.kind === "create" ? `create ${x.ordinal} ${x.revision}` : `delete ${x.pod.metadata.name} ${x.reason}`));
const plan = (s: StatefulSet, pods: Pod[], update = "web-v1", current = "web-v1") => show(planStatefulSet({ set: s, pods, currentRevision: current, updateRevision: update, now: NOW }));

describe("StatefulSet planning", () => {
  const cases: { name: string; set: StatefulSet; pods: Pod[]; update?: string; current?: string; want: string[] }[] = [
    { name: "OrderedReady creates ordinal 0 first", set: set(), pods: [], want: ["create 0 update"] },
    { name: "OrderedReady waits for 0 to be ready", set: set(), pods: [pod(0, { ready: false })], want: [] },
    { name: "then creates 1", set: set(), pods: [pod(0)], want: ["create 1 update"] },
    { name: "Parallel creates all at once", set: set({ parallel: true }), pods: [], want: ["create 0 update", "create 1 update", "create 2 update"] },
    { name: "a failed pod is deleted to be recreated", set: set(), pods: [pod(0, { phase: "Failed" })], want: ["delete web-0 failed"] },
    { name: "scale down removes the highest ordinal first, one at a time", set: set({ replicas: 1 }), pods: [pod(0), pod(1), pod(2)], want: ["delete web-2 condemned"] },
    { name: "scale down waits for a terminating condemned pod", set: set({ replicas: 1 }), pods: [pod(0), pod(1), pod(2, { deleting: true })], want: [] },
    { name: "scale down waits while a kept pod is unhealthy", set: set({ replicas: 1 }), pods: [pod(0, { ready: false }), pod(1)], want: [] },
    { name: "rolling update starts at the highest ordinal", set: set(), pods: [pod(0), pod(1), pod(2)], update: "web-v2", want: ["delete web-2 update"] },
    { name: "rolling update continues below once the updated pod is ready", set: set(), pods: [pod(0), pod(1), pod(2, { rev: "web-v2" })], update: "web-v2", want: ["delete web-1 update"] },
    { name: "partition stops the update", set: set({ partition: 2 }), pods: [pod(0), pod(1), pod(2, { rev: "web-v2" })], update: "web-v2", want: [] },
    { name: "pods below the partition are recreated at the current revision", set: set({ partition: 2 }), pods: [pod(1), pod(2)], update: "web-v2", want: ["create 0 current"] },
    { name: "OnDelete never deletes for an update", set: set({ onDelete: true }), pods: [pod(0), pod(1), pod(2)], update: "web-v2", want: [] },
  ];
  for (const c of cases) test(c.name, () => expect(plan(c.set, c.pods, c.update, c.current)).toEqual(c.want));

  test("status counts and the end of a rolling update", () => {
    const mid = statefulStatus(set(), [pod(0), pod(1), pod(2, { rev: "web-v2" })], "web-v1", "web-v2", NOW);
    expect(mid).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 2, updatedReplicas: 1, currentRevision: "web-v1", updateRevision: "web-v2", observedGeneration: 2 });
    const done = statefulStatus(set(), [pod(0, { rev: "web-v2" }), pod(1, { rev: "web-v2" }), pod(2, { rev: "web-v2" })], "web-v1", "web-v2", NOW);
    expect(done).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, currentRevision: "web-v2" });
  });
});

describe("StatefulSet identity", () => {
  test("pod names, labels, hostname, subdomain and claims", () => {
    const s = set();
    const p = newStatefulPod(s, s.spec!.template, 1, "web-abc");
    expect(p.metadata.name).toBe("web-1");
    expect(p.metadata.generateName).toBeUndefined();
    expect(p.metadata.labels).toEqual({ app: "web", "statefulset.kubernetes.io/pod-name": "web-1", "apps.kubernetes.io/pod-index": "1", "controller-revision-hash": "web-abc" });
    expect(p.spec).toMatchObject({ hostname: "web-1", subdomain: "web", volumes: [{ name: "www", persistentVolumeClaim: { claimName: "www-web-1" } }] });
    expect(claimsFor(s, 1).map((c) => [c.metadata.name, c.metadata.labels])).toEqual([["www-web-1", { app: "web" }]]);
    expect(ordinalOf(s, p)).toBe(1);
    expect(ordinalOf(s, { metadata: { name: "web-01" } })).toBeUndefined();
    expect(ordinalOf(s, { metadata: { name: "webby-1" } })).toBeUndefined();
  });
});
