/**
 * The Recreate strategy (upstream recreate.go): scale every old ReplicaSet to zero, wait
 * until none of their pods is left running, then create and scale up the new one.
 */
import type { Pod, ReplicaSet } from "../../api/types/index.ts";
import { cleanupDeployment } from "./cleanup.ts";
import { getAllReplicaSetsAndSyncRevision } from "./new-replicaset.ts";
import type { SyncContext } from "./ops.ts";
import { activeReplicaSets, specReplicas, sumStatusReplicas } from "./replicasets.ts";
import { syncRolloutStatus } from "./rolling.ts";
import { scaleAndRecord } from "./scale.ts";
import { effective } from "./spec.ts";
import { deploymentComplete } from "./status.ts";

/** Pods of old ReplicaSets that may still run (any phase but Succeeded/Failed). */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podsByRS: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (sumStatusReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByRS) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase !== "Failed" && phase !== "Succeeded") return true;
    }
  }
  return false;
}

export async function rolloutRecreate(ctx: SyncContext, rsList: readonly ReplicaSet[], podsByRS: ReadonlyMap<string, readonly Pod[]>): Promise<void> {
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if (specReplicas(rs) === 0) continue;
    if ((await scaleAndRecord(ctx, rs, 0)).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(ctx, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podsByRS)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  await scaleAndRecord(ctx, newRS!, effective(ctx.d).replicas);
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) await cleanupDeployment(ctx, oldRSs);
  return syncRolloutStatus(ctx, allRSs, newRS);
}
