import { describe, expect, test } from "bun:test";
import type { Node, Pod } from "../../../../src/api/types/index.ts";
import { observe, reconcileTaints, unknownConditions, wantedTaints } from "../../../../src/controllers/nodelifecycle/health.ts";
import { evictionTime } from "../../../../src/controllers/taintevict/decide.ts";
import { selectControllers } from "../../../../src/controllers/manager/registry.ts";

const NOW = Date.parse("2026-01-01T00:10:00Z");
function node(ready: "True" | "False" | "Unknown" | undefined, o: { taints?: NonNullable<Node["spec"]>["taints"]; memory?: boolean; unschedulable?: boolean; hb?: string } = {}): Node {
  const conditions = [];
  if (ready) conditions.push({ type: "Ready", status: ready, lastHeartbeatTime: o.hb ?? "2026-01-01T00:00:00Z", lastTransitionTime: "2026-01-01T00:00:00Z", reason: "KubeletReady" });
  if (o.memory !== undefined) conditions.push({ type: "MemoryPressure", status: o.memory ? "True" : "False" });
  return { metadata: { name: "n1", creationTimestamp: "2025-12-31T00:00:00Z" }, spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) }, status: { conditions } };
}

describe("node health", () => {
  test("observations move only when the heartbeat or the lease renewal changes", () => {
    const o1 = observe(undefined, node("True"), "2026-01-01T00:00:00.000000Z", NOW);
    expect(o1.probeTime).toBe(NOW);
    expect(observe(o1, node("True"), "2026-01-01T00:00:00.000000Z", NOW + 30_000)).toBe(o1);
    expect(observe(o1, node("True"), "2026-01-01T00:00:10.000000Z", NOW + 30_000).probeTime).toBe(NOW + 30_000);
    expect(observe(o1, node("True", { hb: "2026-01-01T00:00:20Z" }), "2026-01-01T00:00:00.000000Z", NOW + 5).probeTime).toBe(NOW + 5);
  });
  test("silent nodes get Unknown conditions with upstream reasons", () => {
    const c = unknownConditions(node("True", { memory: false }), NOW)!;
    expect(c.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ["Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
      ["MemoryPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
      ["DiskPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."],
      ["PIDPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."],
    ]);
    expect(unknownConditions({ ...node("True"), status: { conditions: c } }, NOW)).toBeUndefined();
  });
  test("taints follow the conditions and keep foreign taints", () => {
    expect(wantedTaints(node("False"))).toEqual([
      { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" },
      { key: "node.kubernetes.io/not-ready", effect: "NoExecute" },
    ]);
    expect(wantedTaints(node("Unknown", { memory: true, unschedulable: true })).map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/unreachable:NoSchedule",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
    ]);
    const tainted = reconcileTaints(node("Unknown", { taints: [{ key: "mine", effect: "NoSchedule" }] }), NOW)!;
    expect(tainted).toEqual([
      { key: "mine", effect: "NoSchedule" },
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule" },
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: "2026-01-01T00:10:00Z" },
    ]);
    expect(reconcileTaints(node("Unknown", { taints: tainted }), NOW)).toBeUndefined();
    expect(reconcileTaints(node("True", { taints: tainted }), NOW)).toEqual([{ key: "mine", effect: "NoSchedule" }]);
  });
  test("custom condition types named like Object.prototype members call for no taint", () => {
    const n = node("True");
    for (const type of ["constructor", "toString", "__proto__", "hasOwnProperty"]) n.status!.conditions!.push({ type, status: "True" });
    expect(wantedTaints(n)).toEqual([]);
    expect(reconcileTaints(n, NOW)).toBeUndefined();
  });
});

describe("taint eviction", () => {
  const pod = (tolerations: NonNullable<Pod["spec"]>["tolerations"] = []): Pod => ({ metadata: { name: "p" }, spec: { containers: [], tolerations } });
  const taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" as const, timeAdded: "2026-01-01T00:09:00Z" };
  const cases: { name: string; pod: Pod; taints: NonNullable<Node["spec"]>["taints"]; want: unknown }[] = [
    { name: "no NoExecute taint", pod: pod(), taints: [{ key: "x", effect: "NoSchedule" }], want: { at: "never" } },
    { name: "not tolerated: now", pod: pod(), taints: [taint], want: { at: "now" } },
    { name: "tolerated forever", pod: pod([{ key: taint.key, operator: "Exists", effect: "NoExecute" }]), taints: [taint], want: { at: "never" } },
    { name: "tolerated 300 s from timeAdded", pod: pod([{ key: taint.key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }]), taints: [taint], want: { at: Date.parse("2026-01-01T00:14:00Z") } },
    { name: "tolerated 30 s, already past", pod: pod([{ key: taint.key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 }]), taints: [taint], want: { at: "now" } },
  ];
  for (const c of cases) test(c.name, () => expect(evictionTime(c.pod, c.taints!, NOW)).toEqual(c.want as never));
  test("--controllers accepts the -controller spelling", () => {
    expect(selectControllers(["taint-eviction-controller"]).map((d) => d.name)).toEqual(["taint-eviction"]);
  });
});
