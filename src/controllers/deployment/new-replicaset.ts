/**
 * Finding or creating the Deployment's new ReplicaSet and syncing revisions (upstream
 * getAllReplicaSetsAndSyncRevision / getNewReplicaSet). The new ReplicaSet is named
 * `<deployment>-<pod-template-hash>`, carries the hash label in its selector and
 * template, and gets revision max(old)+1.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from "../../api/types/index.ts";
import { isAlreadyExists, isNotFound } from "../../client/errors.ts";
import { getCondition } from "../helper/conditions.ts";
import { computeHash } from "../helper/hash.ts";
import { newControllerRef } from "../helper/owner-refs.ts";
import { newReplicaSetAnnotations, withDeploymentRevision } from "./annotations.ts";
import { Cond, DEPLOYMENT_GROUP_VERSION, DEPLOYMENT_KIND, POD_TEMPLATE_HASH_LABEL, Reason, REVISION_ANNOTATION } from "./constants.ts";
import type { SyncContext } from "./ops.ts";
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, maxRevision, specReplicas, sumSpecReplicas } from "./replicasets.ts";
import { effective, hasProgressDeadline, maxSurge, resolveFenceposts } from "./spec.ts";
import { newCondition, setDeploymentCondition } from "./status.ts";

/** How many replicas the new ReplicaSet should have now (upstream NewRSNewReplicas). */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  const e = effective(d);
  if (e.strategy === "Recreate") return e.replicas;
  const surge = resolveFenceposts(e.maxSurge, e.maxUnavailable, e.replicas)[0];
  const current = sumSpecReplicas(allRSs);
  const maxTotal = e.replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, e.replicas - specReplicas(newRS));
  return specReplicas(newRS) + up;
}

/** The ReplicaSet object the Deployment's current template calls for (not yet created). */
export function buildNewReplicaSet(d: Deployment, hash: string, replicas: number): ReplicaSet {
  const template = structuredClone(d.spec?.template ?? {});
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = d.spec?.selector ?? {};
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace ?? "",
      ownerReferences: [newControllerRef({ apiVersion: DEPLOYMENT_GROUP_VERSION, kind: DEPLOYMENT_KIND, metadata: d.metadata })],
      labels,
    },
    spec: {
      replicas,
      minReadySeconds: effective(d).minReadySeconds,
      selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
}

async function setRevisionAndStatus(ctx: SyncContext, revision: string, status: DeploymentStatus | undefined): Promise<void> {
  const withRev = withDeploymentRevision(ctx.d, revision);
  if (withRev) ctx.d = await ctx.ops.updateDeployment(withRev);
  if (status) await ctx.writeStatus(status);
}

/**
 * Returns the new ReplicaSet (created when createIfMissing and absent) and all old
 * ones. Updates the new ReplicaSet's revision annotations and minReadySeconds, and the
 * Deployment's revision annotation and Progressing condition, as upstream does.
 */
export async function getAllReplicaSetsAndSyncRevision(ctx: SyncContext, rsList: readonly ReplicaSet[], createIfMissing: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
  const existing = findNewReplicaSet(ctx.d, rsList);
  const oldRSs = findOldReplicaSets(rsList, existing);
  const newRS = await getNewReplicaSet(ctx, existing, oldRSs, createIfMissing);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(ctx: SyncContext, existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], createIfMissing: boolean): Promise<ReplicaSet | undefined> {
  const d = ctx.d;
  const e = effective(d);
  const newRevision = maxRevision(oldRSs) + 1;
  const max = e.replicas + maxSurge(d);
  if (existing) {
    let rs = existing;
    const { annotations, changed } = newReplicaSetAnnotations(d, rs.metadata.annotations, newRevision, true, e.replicas, max);
    const minReadyChanged = (rs.spec?.minReadySeconds ?? 0) !== e.minReadySeconds;
    if (changed || minReadyChanged) {
      rs = await ctx.ops.updateReplicaSet({ ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec!, minReadySeconds: e.minReadySeconds } });
    }
    let status: DeploymentStatus | undefined;
    if (hasProgressDeadline(d) && !getCondition(d.status?.conditions, Cond.Progressing)) {
      status = setDeploymentCondition(d.status ?? {}, newCondition(Cond.Progressing, "True", Reason.FoundNewRS, `Found new replica set "${rs.metadata.name}"`, ctx.ops.now()));
    }
    await setRevisionAndStatus(ctx, rs.metadata.annotations?.[REVISION_ANNOTATION] ?? "", status);
    return rs;
  }
  if (!createIfMissing) return undefined;

  const hash = computeHash(d.spec?.template ?? {}, d.status?.collisionCount);
  const draft = buildNewReplicaSet(d, hash, 0);
  const replicas = newRSNewReplicas(d, [...oldRSs, draft], draft);
  const { annotations } = newReplicaSetAnnotations(d, undefined, newRevision, false, e.replicas, max);
  const toCreate: ReplicaSet = { ...draft, metadata: { ...draft.metadata, annotations }, spec: { ...draft.spec!, replicas } };
  let created: ReplicaSet;
  let alreadyExisted = false;
  try {
    created = await ctx.ops.createReplicaSet(toCreate);
  } catch (err) {
    if (isAlreadyExists(err)) {
      const found = ctx.ops.cachedReplicaSet(toCreate.metadata.namespace ?? "", toCreate.metadata.name ?? "");
      if (found && equalIgnoreHash(found.spec?.template, d.spec?.template)) {
        created = found;
        alreadyExisted = true;
      } else {
        // A hash collision: bump collisionCount so the next sync computes another name.
        const collisionCount = (d.status?.collisionCount ?? 0) + 1;
        await ctx.writeStatus({ ...(d.status ?? {}), collisionCount });
        throw err;
      }
    } else if (isNotFound(err)) {
      throw err;
    } else {
      const msg = `Failed to create new replica set "${toCreate.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
      if (hasProgressDeadline(d)) await ctx.writeStatus(setDeploymentCondition(d.status ?? {}, newCondition(Cond.Progressing, "False", Reason.FailedRSCreate, msg, ctx.ops.now())));
      ctx.ops.event(ctx.d, "Warning", Reason.FailedRSCreate, msg);
      throw err;
    }
  }
  if (!alreadyExisted && replicas > 0) ctx.ops.event(ctx.d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
  let status: DeploymentStatus | undefined;
  if (!alreadyExisted && hasProgressDeadline(ctx.d)) {
    status = setDeploymentCondition(ctx.d.status ?? {}, newCondition(Cond.Progressing, "True", Reason.NewReplicaSet, `Created new replica set "${created.metadata.name}"`, ctx.ops.now()));
  }
  await setRevisionAndStatus(ctx, String(newRevision), status);
  return created;
}
