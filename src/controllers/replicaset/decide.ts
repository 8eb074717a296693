/**
 * The ReplicaSet controller's decisions, free of I/O: which of the namespace's pods it
 * owns, adopts or releases, and how many pods to create or which to delete.
 */
import type { Pod, ReplicaSet } from "../../api/types/index.ts";
import { claimDecision, type ClaimAction } from "../helper/owner-refs.ts";
import { isPodActive } from "../helper/pods.ts";
import { podsToDelete } from "../helper/ranking.ts";
import { REPLICA_SETS, type ReplicatedKind } from "./kind.ts";

/** Upstream BurstReplicas: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;


export interface ClaimPlan {
  /** Pods already owned that still match (the owned set, before adoption). */
  owned: Pod[];
  adopt: Pod[];
  release: Pod[];
}

/**
 * Classifies pods (the namespace's pods) for rs; matches tells whether the selector
 * selects a pod's labels. `kind` is rs's (a ReplicaSet or a ReplicationController).
 */
export function planClaims(rs: ReplicaSet, pods: readonly Pod[], matches: (pod: Pod) => boolean, kind: Pick<ReplicatedKind, "groupVersion" | "kind"> = REPLICA_SETS): ClaimPlan {
  const plan: ClaimPlan = { owned: [], adopt: [], release: [] };
  const owner = { apiVersion: kind.groupVersion, kind: kind.kind, metadata: rs.metadata };
  for (const pod of pods) {
    const action: ClaimAction = claimDecision(owner, pod, matches(pod));
    if (action === "keep") plan.owned.push(pod);
    else if (action === "adopt") plan.adopt.push(pod);
    else if (action === "release") plan.release.push(pod);
  }
  return plan;
}

export type ReplicaAction = { kind: "none" } | { kind: "create"; count: number } | { kind: "delete"; pods: Pod[] };

/**
 * What manageReplicas does for the active pods the ReplicaSet owns: create the
 * shortfall or delete the surplus (ranked), at most BURST_REPLICAS at a time.
 * relatedPods are the active pods of every ReplicaSet with the same controller (for the
 * same-node ranking); now is used for the logarithmic age comparison.
 */
export function decideReplicas(rs: ReplicaSet, activePods: readonly Pod[], relatedPods: readonly Pod[], now: number, burst = BURST_REPLICAS): ReplicaAction {
  const desired = rs.spec?.replicas ?? 1;
  const diff = activePods.length - desired;
  if (diff < 0) return { kind: "create", count: Math.min(-diff, burst) };
  if (diff > 0) return { kind: "delete", pods: podsToDelete(activePods, relatedPods, Math.min(diff, burst), now) };
  return { kind: "none" };
}

/** Active (not finished, not terminating) pods. */
export function activePods<P extends Pod>(pods: readonly P[]): P[] {
  return pods.filter(isPodActive);
}
