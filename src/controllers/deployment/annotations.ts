/**
 * Revision bookkeeping between a Deployment and its ReplicaSets (upstream
 * SetNewReplicaSetAnnotations, copyDeploymentAnnotationsToReplicaSet,
 * SetDeploymentRevision, SetDeploymentAnnotationsTo). Functions return new objects.
 */
import type { Deployment, PodTemplateSpec, ReplicaSet } from "../../api/types/index.ts";
import {
  DESIRED_REPLICAS_ANNOTATION,
  LAST_APPLIED_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  MAX_REV_HISTORY_LENGTH,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
} from "./constants.ts";

const SKIPPED = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, ROLLBACK_TO_ANNOTATION]);

/** Annotations that belong to the Deployment itself and are never copied to or from ReplicaSets. */
export function skipCopyAnnotation(key: string): boolean {
  return SKIPPED.has(key);
}

/**
 * The ReplicaSet's annotations after copying the Deployment's (except the skipped ones)
 * and raising its revision to newRevision, recording the previous revision in the
 * revision-history annotation. With exists false the desired/max replicas annotations
 * are set too. changed tells whether anything differs.
 */
export function newReplicaSetAnnotations(
  d: Deployment,
  rsAnnotations: Readonly<Record<string, string>> | undefined,
  newRevision: number,
  exists: boolean,
  desired: number,
  max: number,
  maxHistoryLength = MAX_REV_HISTORY_LENGTH,
): { annotations: Record<string, string>; changed: boolean } {
  const a: Record<string, string> = { ...(rsAnnotations ?? {}) };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldRevision = a[REVISION_ANNOTATION];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined && oldRevision !== "") {
    if (!/^-?\d+$/.test(oldRevision)) return { annotations: a, changed: false };
    oldRevisionInt = Number(oldRevision);
  }
  if (oldRevisionInt < newRevision) {
    a[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined && oldRevision !== "") {
      const history = a[REVISION_HISTORY_ANNOTATION] ?? "";
      if (history === "") a[REVISION_HISTORY_ANNOTATION] = oldRevision;
      else {
        let olds = history.split(",");
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > maxHistoryLength && start < olds.length) {
          total -= olds[start]!.length + 1;
          start++;
        }
        if (total <= maxHistoryLength) {
          olds = [...olds.slice(start), oldRevision];
          a[REVISION_HISTORY_ANNOTATION] = olds.join(",");
        }
      }
    }
  }
  if (!exists && (a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max))) {
    a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    a[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return { annotations: a, changed };
}

/** The Deployment with its revision annotation set; undefined when it already has that revision. */
export function withDeploymentRevision(d: Deployment, revision: string): Deployment | undefined {
  if (d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return undefined;
  return { ...d, metadata: { ...d.metadata, annotations: { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision } } };
}

/**
 * The Deployment rolled back to a ReplicaSet: its template (without the
 * pod-template-hash label) and its annotations (keeping the Deployment's own skipped
 * ones), with the rollback request cleared.
 */
export function rolledBackTo(d: Deployment, rs: ReplicaSet): Deployment {
  const template = structuredClone(rs.spec?.template ?? {}) as PodTemplateSpec;
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  const cleanTemplate: PodTemplateSpec = { ...template, metadata: { ...(template.metadata ?? {}), labels } };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (skipCopyAnnotation(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!skipCopyAnnotation(k)) annotations[k] = v;
  delete annotations[ROLLBACK_TO_ANNOTATION];
  return { ...d, metadata: { ...d.metadata, annotations }, spec: { ...d.spec!, template: cleanTemplate } };
}

/** The Deployment without the rollback request annotation. */
export function withoutRollbackTo(d: Deployment): Deployment {
  const annotations = { ...(d.metadata.annotations ?? {}) };
  delete annotations[ROLLBACK_TO_ANNOTATION];
  return { ...d, metadata: { ...d.metadata, annotations } };
}

/** The requested rollback revision (0: the previous one), from the deprecated annotation. */
export function rollbackTo(d: Deployment): number | undefined {
  const v = d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION];
  if (v === undefined || v === "" || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}
