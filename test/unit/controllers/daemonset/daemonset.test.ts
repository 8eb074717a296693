import { describe, expect, test } from "bun:test";
import type { DaemonSet, Node, Pod } from "../../../../src/api/types/index.ts";
import { daemonStatus, planDaemonSet, targetNode } from "../../../../src/controllers/daemonset/decide.ts";
import { daemonPod } from "../../../../src/controllers/daemonset/pod.ts";
import { nodeShouldRunDaemonPod } from "../../../../src/controllers/daemonset/predicates.ts";

const NOW = Date.parse("2026-01-01T00:00:00Z");
function node(name: string, o: { labels?: Record<string, string>; taints?: NonNullable<Node["spec"]>["taints"] } = {}): Node {
  return { metadata: { name, labels: { "kubernetes.io/hostname": name, ...(o.labels ?? {}) } }, spec: { ...(o.taints ? { taints: o.taints } : {}) } };
}
function ds(o: { nodeSelector?: Record<string, string>; tolerations?: NonNullable<NonNullable<DaemonSet["spec"]>["template"]["spec"]>["tolerations"]; maxUnavailable?: number | string } = {}): DaemonSet {
  return {
    metadata: { name: "agent", namespace: "kube-system", uid: "ds-uid", generation: 1 },
    spec: {
      selector: { matchLabels: { app: "agent" } },
      template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "c", image: "i" }], ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}), ...(o.tolerations ? { tolerations: o.tolerations } : {}) } },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: o.maxUnavailable ?? 1 } },
    },
  };
}
function pod(n: string, o: { hash?: string; ready?: boolean; phase?: "Running" | "Failed"; created?: number } = {}): Pod {
  return {
    metadata: { name: `agent-${n}-${o.created ?? 0}`, labels: { app: "agent", "controller-revision-hash": o.hash ?? "h1" }, creationTimestamp: new Date(NOW - 100_000 + (o.created ?? 0) * 1000).toISOString() },
    spec: { nodeName: n, containers: [] },
    status: { phase: o.phase ?? "Running", ...(o.ready !== false ? { conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2025-12-31T00:00:00Z" }] } : {}) },
  };
}

describe("which nodes run a daemon pod", () => {
  const cases: { name: string; ds: DaemonSet; node: Node; want: [boolean, boolean] }[] = [
    { name: "plain node", ds: ds(), node: node("a"), want: [true, true] },
    { name: "node selector mismatch", ds: ds({ nodeSelector: { disk: "ssd" } }), node: node("a"), want: [false, false] },
    { name: "node selector match", ds: ds({ nodeSelector: { disk: "ssd" } }), node: node("a", { labels: { disk: "ssd" } }), want: [true, true] },
    { name: "untolerated NoSchedule: no new pod, existing one stays", ds: ds(), node: node("a", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }), want: [false, true] },
    { name: "untolerated NoExecute: neither", ds: ds(), node: node("a", { taints: [{ key: "dedicated", effect: "NoExecute" }] }), want: [false, false] },
    { name: "tolerated taint", ds: ds({ tolerations: [{ key: "dedicated", operator: "Exists" }] }), node: node("a", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }), want: [true, true] },
    { name: "not-ready and unschedulable taints are tolerated by default", ds: ds(), node: node("a", { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] }), want: [true, true] },
  ];
  for (const c of cases) test(c.name, () => {
    const fit = nodeShouldRunDaemonPod(c.ds, c.node);
    expect([fit.shouldRun, fit.shouldContinueRunning]).toEqual(c.want);
  });

  test("label keys named like Object.prototype members exist only where the node has them", () => {
    const affinity = (key: string, operator: "Exists" | "DoesNotExist") => {
      const d = ds();
      d.spec!.template.spec!.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator }] }] } } };
      return d;
    };
    for (const key of ["constructor", "toString", "hasOwnProperty", "valueOf"]) {
      expect(nodeShouldRunDaemonPod(affinity(key, "Exists"), node("a")).shouldRun).toBe(false);
      expect(nodeShouldRunDaemonPod(affinity(key, "DoesNotExist"), node("a")).shouldRun).toBe(true);
      expect(nodeShouldRunDaemonPod(affinity(key, "Exists"), node("a", { labels: { [key]: "" } })).shouldRun).toBe(true);
      expect(nodeShouldRunDaemonPod(affinity(key, "DoesNotExist"), node("a", { labels: { [key]: "" } })).shouldRun).toBe(false);
      expect(nodeShouldRunDaemonPod(ds({ nodeSelector: { [key]: "x" } }), node("a", { labels: { [key]: "x" } })).shouldRun).toBe(true);
    }
  });
});

describe("daemon set planning", () => {
  const show = (p: ReturnType<typeof planDaemonSet>) => ({ create: p.createOn, delete: p.delete.map((d) => `${d.pod.metadata.name} ${d.reason}`) });
  test("creates on nodes without a pod, removes failed, duplicate and misscheduled pods", () => {
    const nodes = [node("a"), node("b"), node("c", { labels: { skip: "1" } })];
    const d = ds({ nodeSelector: { "kubernetes.io/os": "linux" } });
    const linux = nodes.map((n) => (n.metadata.name === "c" ? n : { ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, "kubernetes.io/os": "linux" } } }));
    const plan = planDaemonSet(d, linux, [pod("b", { phase: "Failed" }), pod("c"), pod("a", { created: 1 }), pod("a", { created: 2 })], "h1", NOW);
    expect(show(plan)).toEqual({ create: [], delete: ["agent-a-2 duplicate", "agent-b-0 failed", "agent-c-0 misscheduled"] });
  });
  test("rolling update replaces old pods within maxUnavailable, unavailable old ones at once", () => {
    const nodes = [node("a"), node("b"), node("c"), node("d")];
    const pods = [pod("a"), pod("b"), pod("c", { ready: false }), pod("d", { hash: "h2" })];
    expect(show(planDaemonSet(ds(), nodes, pods, "h2", NOW)).delete).toEqual(["agent-c-0 update"]);
    expect(show(planDaemonSet(ds({ maxUnavailable: 3 }), nodes, pods, "h2", NOW)).delete).toEqual(["agent-c-0 update", "agent-a-0 update", "agent-b-0 update"]);
    expect(show(planDaemonSet(ds({ maxUnavailable: 2 }), nodes, [pod("a"), pod("b"), pod("c"), pod("d", { hash: "h2" })], "h2", NOW)).delete).toEqual(["agent-a-0 update", "agent-b-0 update"]);
  });
  test("status", () => {
    const s = daemonStatus(ds(), [node("a"), node("b"), node("c", { taints: [{ key: "x", effect: "NoSchedule" }] })], [pod("a"), pod("b", { ready: false, hash: "h2" }), pod("c")], "h2", NOW);
    expect(s).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 1, numberReady: 1, numberAvailable: 1, numberUnavailable: 1, updatedNumberScheduled: 1, observedGeneration: 1 });
  });
  test("daemon pods are pinned to their node by affinity and tolerate node conditions", () => {
    const p = daemonPod(ds(), "node-1", "abc");
    expect(targetNode(p)).toBe("node-1");
    expect(p.metadata.labels).toEqual({ app: "agent", "controller-revision-hash": "abc" });
    expect(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node-1"] }] }]);
    expect(p.spec?.tolerations?.map((t) => `${t.key}:${t.effect}`)).toContain("node.kubernetes.io/not-ready:NoExecute");
  });
});
