/**
 * Node health (upstream node_lifecycle_controller tryUpdateNodeHealth): a node is heard
 * from when its Ready condition's heartbeat or its kube-node-lease Lease renewal
 * changes; the controller's own clock times those observations, so clock skew between
 * kubelet and controller does not matter. Silent for longer than the grace period, its
 * conditions become Unknown. Taints follow the conditions (not-ready/unreachable
 * NoExecute; NoSchedule for conditions and unschedulable).
 */
import type { Node, NodeCondition, Taint } from "../../api/types/index.ts";
import { rfc3339 } from "../helper/conditions.ts";

/** The grace period the brief and upstream's long-standing default use. */
export const NODE_MONITOR_GRACE_MS = 40_000;
export const NODE_MONITOR_PERIOD_MS = 5_000;

export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
const CONDITION_TAINTS: Record<string, string> = {
  MemoryPressure: "node.kubernetes.io/memory-pressure",
  DiskPressure: "node.kubernetes.io/disk-pressure",
  PIDPressure: "node.kubernetes.io/pid-pressure",
  NetworkUnavailable: "node.kubernetes.io/network-unavailable",
};
export const TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
const MANAGED_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, ...Object.values(CONDITION_TAINTS)]);

export interface Observation {
  /** When this controller last saw a new heartbeat or lease renewal. */
  probeTime: number;
  heartbeat: string;
  renew: string;
}

/** Updates the observation for a node; returns it. */
export function observe(prev: Observation | undefined, node: Node, leaseRenewTime: string | undefined, now: number): Observation {
  const heartbeat = node.status?.conditions?.find((c) => c.type === "Ready")?.lastHeartbeatTime ?? "";
  const renew = leaseRenewTime ?? "";
  if (!prev) return { probeTime: now, heartbeat, renew };
  if (prev.heartbeat !== heartbeat || prev.renew !== renew) return { probeTime: now, heartbeat, renew };
  return prev;
}

const WATCHED = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

/**
 * The node's conditions once its kubelet is silent past the grace period: every watched
 * condition Unknown (those already Unknown untouched); undefined when nothing changes.
 */
export function unknownConditions(node: Node, now: number): NodeCondition[] | undefined {
  const t = rfc3339(now);
  const current = node.status?.conditions ?? [];
  const ready = current.find((c) => c.type === "Ready");
  let changed = false;
  const next: NodeCondition[] = current.map((c) => {
    if (!WATCHED.includes(c.type) || c.status === "Unknown") return c;
    changed = true;
    return { ...c, status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: t };
  });
  for (const type of WATCHED) {
    if (current.some((c) => c.type === type)) continue;
    changed = true;
    next.push({ type, status: "Unknown", reason: "NodeStatusNeverUpdated", message: "Kubelet never posted node status.", lastHeartbeatTime: ready?.lastHeartbeatTime ?? node.metadata.creationTimestamp ?? t, lastTransitionTime: t });
  }
  return changed ? next : undefined;
}

/** The taints this controller manages that the node's state calls for. */
export function wantedTaints(node: Node): Taint[] {
  const conds = node.status?.conditions ?? [];
  const ready = conds.find((c) => c.type === "Ready")?.status;
  const out: Taint[] = [];
  if (ready === "False") out.push({ key: TAINT_NOT_READY, effect: "NoSchedule" }, { key: TAINT_NOT_READY, effect: "NoExecute" });
  else if (ready === "Unknown") out.push({ key: TAINT_UNREACHABLE, effect: "NoSchedule" }, { key: TAINT_UNREACHABLE, effect: "NoExecute" });
  for (const c of conds) {
    const key = Object.hasOwn(CONDITION_TAINTS, c.type) ? CONDITION_TAINTS[c.type] : undefined;
    if (key && c.status === "True") out.push({ key, effect: "NoSchedule" });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: "NoSchedule" });
  return out;
}

/**
 * The node's taints with the managed ones brought in line (others untouched; NoExecute
 * taints get timeAdded); undefined when nothing changes.
 */
export function reconcileTaints(node: Node, now: number): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const want = wantedTaints(node);
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const keep = current.filter((t) => !MANAGED_KEYS.has(t.key) || want.some((w) => same(w, t)));
  const add = want.filter((w) => !current.some((t) => same(t, w))).map((w) => (w.effect === "NoExecute" ? { ...w, timeAdded: rfc3339(now) } : w));
  if (add.length === 0 && keep.length === current.length) return undefined;
  return [...keep, ...add];
}
