/**
 * What the pod garbage collector removes (upstream podgc): terminated pods beyond the
 * threshold (oldest first), pods bound to nodes that no longer exist (after a
 * quarantine, so a node still being registered is not mistaken for a deleted one),
 * and unscheduled pods that are being deleted.
 */
import type { Pod } from "../../api/types/index.ts";

/** Upstream --terminated-pod-gc-threshold default. */
export const TERMINATED_POD_THRESHOLD = 12500;
/** Upstream gcCheckPeriod and quarantineTime. */
export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;

const terminated = (p: Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? "") || 0;

/** The oldest terminated (and not already deleting) pods beyond threshold. */
export function terminatedToDelete(pods: readonly Pod[], threshold = TERMINATED_POD_THRESHOLD): Pod[] {
  if (threshold <= 0) return [];
  const done = pods.filter((p) => terminated(p) && !p.metadata.deletionTimestamp);
  const excess = done.length - threshold;
  if (excess <= 0) return [];
  return [...done].sort((a, b) => created(a) - created(b) || ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1)).slice(0, excess);
}

/**
 * Pods bound to nodes absent from the cache. suspectSince remembers when each node was
 * first missed; a node counts as gone only after the quarantine (the caller re-checks
 * it through the API before acting).
 */
export function orphanedPods(pods: readonly Pod[], nodeExists: (name: string) => boolean, suspectSince: Map<string, number>, now: number, quarantineMs = QUARANTINE_MS): { pods: Pod[]; suspects: string[] } {
  const missing = new Set<string>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (node && !nodeExists(node)) missing.add(node);
  }
  for (const n of [...suspectSince.keys()]) if (!missing.has(n)) suspectSince.delete(n);
  const gone = new Set<string>();
  for (const n of missing) {
    const since = suspectSince.get(n);
    if (since === undefined) suspectSince.set(n, now);
    else if (now - since >= quarantineMs) gone.add(n);
  }
  return { pods: pods.filter((p) => p.spec?.nodeName && gone.has(p.spec.nodeName)), suspects: [...gone] };
}

/** Pods being deleted that were never scheduled: no kubelet will ever finish them. */
export function unscheduledTerminating(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => p.metadata.deletionTimestamp && !p.spec?.nodeName && !terminated(p));
}
