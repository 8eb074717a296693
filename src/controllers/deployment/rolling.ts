/**
 * The RollingUpdate strategy (upstream rolling.go): scale the new ReplicaSet up within
 * maxSurge, then scale old ones down without dropping below replicas - maxUnavailable
 * available pods, cleaning up unhealthy old replicas first.
 */
import type { ReplicaSet } from "../../api/types/index.ts";
import { cleanupDeployment } from "./cleanup.ts";
import { getAllReplicaSetsAndSyncRevision, newRSNewReplicas } from "./new-replicaset.ts";
import type { SyncContext } from "./ops.ts";
import { activeReplicaSets, byCreation, specReplicas, sumAvailableReplicas, sumSpecReplicas } from "./replicasets.ts";
import { scaleAndRecord } from "./scale.ts";
import { effective, maxUnavailable } from "./spec.ts";
import { deploymentComplete, rolloutStatus } from "./status.ts";

export async function rolloutRolling(ctx: SyncContext, rsList: readonly ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(ctx, allRSs, newRS!)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (await reconcileOldReplicaSets(ctx, allRSs, activeReplicaSets(oldRSs), newRS!)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) await cleanupDeployment(ctx, oldRSs);
  return syncRolloutStatus(ctx, allRSs, newRS);
}

/** Writes the rollout status when it changed; otherwise schedules a progress check. */
export async function syncRolloutStatus(ctx: SyncContext, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
  const { status, changed, requeue } = rolloutStatus(allRSs, newRS, ctx.d, ctx.ops.now());
  if (changed) await ctx.writeStatus(status);
  else if (requeue !== undefined) ctx.ops.requeue(ctx.d, requeue);
}

export async function reconcileNewReplicaSet(ctx: SyncContext, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const want = effective(ctx.d).replicas;
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return (await scaleAndRecord(ctx, newRS, want)).scaled;
  return (await scaleAndRecord(ctx, newRS, newRSNewReplicas(ctx.d, allRSs, newRS))).scaled;
}

export async function reconcileOldReplicaSets(ctx: SyncContext, allRSs: readonly ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const oldPods = sumSpecReplicas(oldRSs);
  if (oldPods === 0) return false;
  const allPods = sumSpecReplicas(allRSs);
  const minAvailable = effective(ctx.d).replicas - maxUnavailable(ctx.d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { sets, cleaned } = await cleanupUnhealthyReplicas(ctx, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSets(ctx, [...sets, newRS], sets);
  return cleaned + scaledDown > 0;
}

/** Scales old ReplicaSets down by their unavailable replicas, oldest first, at most maxCleanup in all. */
export async function cleanupUnhealthyReplicas(ctx: SyncContext, oldRSs: ReplicaSet[], maxCleanup: number): Promise<{ sets: ReplicaSet[]; cleaned: number }> {
  const sets = [...oldRSs].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sets.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sets[i]!;
    const replicas = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    const { rs: updated } = await scaleAndRecord(ctx, rs, replicas - count);
    total += count;
    sets[i] = updated;
  }
  return { sets, cleaned: total };
}

/** Scales old ReplicaSets down, oldest first, while available pods stay above the minimum. */
export async function scaleDownOldReplicaSets(ctx: SyncContext, allRSs: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[]): Promise<number> {
  const minAvailable = effective(ctx.d).replicas - maxUnavailable(ctx.d);
  const available = sumAvailableReplicas(allRSs);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= target) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, target - total);
    await scaleAndRecord(ctx, rs, replicas - count);
    total += count;
  }
  return total;
}
