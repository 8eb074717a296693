/**
 * One Deployment sync (upstream syncDeployment after the claims): status only while
 * deleting, pause bookkeeping, plain scaling when paused or resized, rollback by
 * annotation, then the strategy's rollout.
 */
import type { Pod, ReplicaSet } from "../../api/types/index.ts";
import { rollbackTo } from "./annotations.ts";
import { cleanupDeployment } from "./cleanup.ts";
import { getAllReplicaSetsAndSyncRevision } from "./new-replicaset.ts";
import type { SyncContext } from "./ops.ts";
import { rolloutRecreate } from "./recreate.ts";
import { activeReplicaSets, desiredReplicasAnnotation } from "./replicasets.ts";
import { rollback } from "./rollback.ts";
import { rolloutRolling } from "./rolling.ts";
import { scale } from "./scale.ts";
import { effective } from "./spec.ts";
import { pausedConditionUpdate, plainStatus } from "./status.ts";

function selectsEverything(sel: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

async function syncStatusOnly(ctx: SyncContext, rsList: readonly ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  const { status, changed } = plainStatus([...oldRSs, newRS], newRS, ctx.d, ctx.ops.now());
  if (changed) await ctx.writeStatus(status);
}

/** Scale to the desired size without starting a rollout (paused or resized Deployments). */
async function syncScale(ctx: SyncContext, rsList: readonly ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  await scale(ctx, newRS, oldRSs);
  if (effective(ctx.d).paused && rollbackTo(ctx.d) === undefined) await cleanupDeployment(ctx, oldRSs);
  const { status, changed } = plainStatus([...oldRSs, newRS], newRS, ctx.d, ctx.ops.now());
  if (changed) await ctx.writeStatus(status);
}

/** Some active ReplicaSet was sized for a different replica count (isScalingEvent). */
async function isScalingEvent(ctx: SyncContext, rsList: readonly ReplicaSet[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  const want = effective(ctx.d).replicas;
  for (const rs of activeReplicaSets([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== want) return true;
  }
  return false;
}

export async function syncDeployment(ctx: SyncContext, rsList: readonly ReplicaSet[], podsByRS: ReadonlyMap<string, readonly Pod[]>): Promise<void> {
  const d = ctx.d;
  if (selectsEverything(d.spec?.selector)) {
    ctx.ops.event(d, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
    const gen = d.metadata.generation ?? 0;
    if ((d.status?.observedGeneration ?? 0) < gen) await ctx.writeStatus({ ...(d.status ?? {}), observedGeneration: gen });
    return;
  }
  if (d.metadata.deletionTimestamp) return syncStatusOnly(ctx, rsList);
  const paused = pausedConditionUpdate(d, ctx.ops.now());
  if (paused) await ctx.writeStatus(paused);
  if (effective(ctx.d).paused) return syncScale(ctx, rsList);
  if (rollbackTo(ctx.d) !== undefined) return rollback(ctx, rsList);
  if (await isScalingEvent(ctx, rsList)) return syncScale(ctx, rsList);
  if (effective(ctx.d).strategy === "Recreate") return rolloutRecreate(ctx, rsList, podsByRS);
  return rolloutRolling(ctx, rsList);
}
