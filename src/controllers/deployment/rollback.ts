/**
 * Server-side rollback through the `deprecated.deployment.rollback.to` annotation
 * (upstream rollback.go; apps/v1 kept spec.rollbackTo only as this annotation).
 * Modern kubectl rolls back client-side by writing the old template, which needs no
 * help from here.
 */
import type { ReplicaSet } from "../../api/types/index.ts";
import { rollbackTo, rolledBackTo, withoutRollbackTo } from "./annotations.ts";
import { Reason } from "./constants.ts";
import { getAllReplicaSetsAndSyncRevision } from "./new-replicaset.ts";
import type { SyncContext } from "./ops.ts";
import { equalIgnoreHash, lastRevision, revisionOf } from "./replicasets.ts";

export async function rollback(ctx: SyncContext, rsList: readonly ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, true);
  const all = newRS ? [...oldRSs, newRS] : oldRSs;
  let revision = rollbackTo(ctx.d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) {
      ctx.ops.event(ctx.d, "Warning", Reason.RollbackRevisionNotFound, "Unable to find last revision.");
      ctx.d = await ctx.ops.updateDeployment(withoutRollbackTo(ctx.d));
      return;
    }
  }
  const target = all.find((rs) => revisionOf(rs) === revision);
  if (!target) {
    ctx.ops.event(ctx.d, "Warning", Reason.RollbackRevisionNotFound, "Unable to find the revision to rollback to.");
    ctx.d = await ctx.ops.updateDeployment(withoutRollbackTo(ctx.d));
    return;
  }
  if (equalIgnoreHash(ctx.d.spec?.template, target.spec?.template)) {
    ctx.ops.event(ctx.d, "Warning", Reason.RollbackTemplateUnchanged, `The rollback revision contains the same template as current deployment "${ctx.d.metadata.name}"`);
    ctx.d = await ctx.ops.updateDeployment(withoutRollbackTo(ctx.d));
    return;
  }
  ctx.d = await ctx.ops.updateDeployment(rolledBackTo(ctx.d, target));
  ctx.ops.event(ctx.d, "Normal", Reason.RollbackDone, `Rolled back deployment "${ctx.d.metadata.name}" to revision ${revision}`);
}
