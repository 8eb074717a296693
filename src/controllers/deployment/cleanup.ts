/**
 * Revision history cleanup (upstream cleanupDeployment): delete the oldest old
 * ReplicaSets beyond revisionHistoryLimit, only those fully scaled down and settled.
 */
import type { ReplicaSet } from "../../api/types/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { SyncContext } from "./ops.ts";
import { byRevision, specReplicas } from "./replicasets.ts";
import { effective } from "./spec.ts";

/** The old ReplicaSets cleanup would delete, in order. */
export function replicaSetsToClean(oldRSs: readonly ReplicaSet[], limit: number): ReplicaSet[] {
  const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - limit;
  if (diff <= 0) return [];
  return [...alive]
    .sort(byRevision)
    .slice(0, diff)
    .filter((rs) => (rs.status?.replicas ?? 0) === 0 && specReplicas(rs) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}

export async function cleanupDeployment(ctx: SyncContext, oldRSs: readonly ReplicaSet[]): Promise<void> {
  for (const rs of replicaSetsToClean(oldRSs, effective(ctx.d).revisionHistoryLimit)) {
    try {
      await ctx.ops.deleteReplicaSet(rs);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
