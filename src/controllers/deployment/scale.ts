/**
 * Scaling ReplicaSets for a Deployment: one scale step with its annotations and event
 * (upstream scaleReplicaSet / scaleReplicaSetAndRecordEvent), and the proportional
 * scaling of every active ReplicaSet when the Deployment is resized mid-rollout
 * (upstream scale, GetReplicaSetProportion).
 */
import type { Deployment, ReplicaSet } from "../../api/types/index.ts";
import type { SyncContext } from "./ops.ts";
import { activeReplicaSets, bySizeNewer, bySizeOlder, findActiveOrLatest, isSaturated, maxReplicasAnnotation, replicasAnnotationsNeedUpdate, specReplicas, sumSpecReplicas, withReplicasAnnotations } from "./replicasets.ts";
import { effective, maxSurge } from "./spec.ts";

/**
 * Sets rs to newScale (and its desired/max annotations). Resolves with whether the size
 * changed and the ReplicaSet as stored.
 */
export async function scaleReplicaSet(ctx: SyncContext, rs: ReplicaSet, newScale: number, operation: string): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const d = ctx.d;
  const desired = effective(d).replicas;
  const max = desired + maxSurge(d);
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const next = withReplicasAnnotations({ ...rs, spec: { ...rs.spec!, replicas: newScale } }, desired, max);
  const stored = await ctx.ops.updateReplicaSet(next);
  if (sizeNeedsUpdate) ctx.ops.event(d, "Normal", "ScalingReplicaSet", `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
  return { scaled: sizeNeedsUpdate, rs: stored };
}

/** Scales rs to newScale when it differs, naming the direction. */
export async function scaleAndRecord(ctx: SyncContext, rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, specReplicas(rs) < newScale ? "up" : "down");
}

/** The share of a resize this ReplicaSet gets, by its size before the resize (getReplicaSetFraction). */
export function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const desired = effective(d).replicas;
  if (desired === 0) return -specReplicas(rs);
  const maxNow = desired + maxSurge(d);
  let before = maxReplicasAnnotation(rs);
  if (before === undefined || before === 0) {
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return Math.round((specReplicas(rs) * maxNow) / before) - specReplicas(rs);
}

export function replicaSetProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * New sizes for every active ReplicaSet when a rolling Deployment's size changed while
 * several are active: the difference is spread in proportion to their sizes, leftovers
 * to the largest (first in order). Returns the sets in update order with their sizes.
 */
export function proportionalSizes(d: Deployment, active: readonly ReplicaSet[]): { sets: ReplicaSet[]; sizes: number[]; operation: string } {
  const desired = effective(d).replicas;
  const allowed = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowed - sumSpecReplicas(active);
  const sets = [...active];
  let operation = "";
  if (toAdd > 0) {
    sets.sort(bySizeNewer);
    operation = "up";
  } else if (toAdd < 0) {
    sets.sort(bySizeOlder);
    operation = "down";
  }
  let added = 0;
  const sizes = sets.map((rs) => {
    if (toAdd === 0) return specReplicas(rs);
    const p = replicaSetProportion(rs, d, toAdd, added);
    added += p;
    return specReplicas(rs) + p;
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0]! + (toAdd - added));
  return { sets, sizes, operation };
}

/** Brings ReplicaSet sizes in line with a resized (or paused) Deployment (upstream scale). */
export async function scale(ctx: SyncContext, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): Promise<void> {
  const d = ctx.d;
  const desired = effective(d).replicas;
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single) {
    if (specReplicas(single) === desired) return;
    await scaleAndRecord(ctx, single, desired);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await scaleAndRecord(ctx, old, 0);
    return;
  }
  if (effective(d).strategy !== "RollingUpdate") return;
  const { sets, sizes, operation } = proportionalSizes(d, activeReplicaSets([...oldRSs, newRS]));
  for (let i = 0; i < sets.length; i++) await scaleReplicaSet(ctx, sets[i]!, sizes[i]!, operation);
}
