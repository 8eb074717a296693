/**
 * PodDisruptionBudget status (upstream disruption controller): how many covered pods
 * are expected, how many must stay healthy, how many are, and so how many disruptions
 * the eviction API may allow now; the DisruptionAllowed condition says which.
 */
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from "../../api/types/index.ts";
import { rfc3339 } from "../helper/conditions.ts";
import { scaledValue } from "../helper/int-or-percent.ts";
import { isPodReady } from "../helper/pods.ts";

/** How long a pod stays in disruptedPods waiting for its deletion (upstream DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface Counts {
  expectedCount: number;
  desiredHealthy: number;
}

/**
 * Expected and desired healthy counts. scale is the sum of the covered pods'
 * controllers' replicas (needed for maxUnavailable and percentage minAvailable);
 * undefined when some controller's scale is unknown.
 */
export function counts(pdb: PodDisruptionBudget, pods: readonly Pod[], scale: number | undefined): Counts | { error: string } {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined) {
    if (scale === undefined) return { error: "found no controllers for pods covered by the budget" };
    const maxUnavailable = scaledValue(spec.maxUnavailable, scale, true);
    return { expectedCount: scale, desiredHealthy: Math.max(0, scale - maxUnavailable) };
  }
  const min = spec.minAvailable;
  if (min === undefined || typeof min === "number" || /^\d+$/.test(String(min))) {
    return { expectedCount: pods.length, desiredHealthy: min === undefined ? 0 : Number(min) };
  }
  if (scale === undefined) return { error: "found no controllers for pods covered by the budget" };
  return { expectedCount: scale, desiredHealthy: scaledValue(min, scale, true) };
}

/** Ready pods that are not being deleted and not already disrupted. */
export function currentHealthy(pods: readonly Pod[], disrupted: Readonly<Record<string, string>>, now: number): number {
  return pods.filter((p) => {
    if (p.metadata.deletionTimestamp || !isPodReady(p)) return false;
    const at = disrupted[p.metadata.name ?? ""];
    return !(at && Date.parse(at) + DELETION_TIMEOUT_MS > now);
  }).length;
}

/** disruptedPods without entries that are gone, deleted or timed out. */
export function pruneDisrupted(disrupted: Readonly<Record<string, string>> | undefined, pods: readonly Pod[], now: number): Record<string, string> {
  const byName = new Map(pods.map((p) => [p.metadata.name ?? "", p]));
  const out: Record<string, string> = {};
  for (const [name, at] of Object.entries(disrupted ?? {})) {
    const pod = byName.get(name);
    if (!pod || pod.metadata.deletionTimestamp) continue;
    if (Date.parse(at) + DELETION_TIMEOUT_MS <= now) continue;
    out[name] = at;
  }
  return out;
}

export function pdbStatus(pdb: PodDisruptionBudget, pods: readonly Pod[], scale: number | undefined, now: number): PodDisruptionBudgetStatus {
  const prev = pdb.status;
  const disrupted = pruneDisrupted(prev?.disruptedPods, pods, now);
  const c = counts(pdb, pods, scale);
  const t = rfc3339(now);
  const prevCond = prev?.conditions?.find((x) => x.type === "DisruptionAllowed");
  const cond = (status: "True" | "False", reason: string, message: string) => ({
    type: "DisruptionAllowed",
    status,
    reason,
    message,
    observedGeneration: pdb.metadata.generation ?? 0,
    lastTransitionTime: prevCond && prevCond.status === status ? (prevCond.lastTransitionTime ?? t) : t,
  });
  const healthy = currentHealthy(pods, disrupted, now);
  if ("error" in c) {
    return { ...(prev ?? {}), observedGeneration: pdb.metadata.generation ?? 0, disruptionsAllowed: 0, currentHealthy: healthy, desiredHealthy: prev?.desiredHealthy ?? 0, expectedPods: prev?.expectedPods ?? 0, disruptedPods: disrupted, conditions: [cond("False", "SyncFailed", c.error)] };
  }
  const allowed = Math.max(0, healthy - c.desiredHealthy);
  return {
    observedGeneration: pdb.metadata.generation ?? 0,
    disruptedPods: disrupted,
    disruptionsAllowed: allowed,
    currentHealthy: healthy,
    desiredHealthy: c.desiredHealthy,
    expectedPods: c.expectedCount,
    conditions: [allowed > 0 ? cond("True", "SufficientPods", "") : cond("False", "InsufficientPods", "")],
  };
}
