/** The StatefulSet's template history as ControllerRevisions (upstream getPatch / ApplyRevision). */
import type { ControllerRevision, PodTemplateSpec, StatefulSet } from "../../api/types/index.ts";

/** Upstream getPatch: the template as a strategic-merge "replace" patch. */
export function revisionData(set: StatefulSet): Record<string, unknown> {
  return { spec: { template: { ...(set.spec?.template ?? {}), $patch: "replace" } } };
}

/** The template a revision records. */
export function templateOf(rev: ControllerRevision): PodTemplateSpec | undefined {
  const t = ((rev.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? undefined) as (PodTemplateSpec & { $patch?: string }) | undefined;
  if (!t) return undefined;
  const { $patch: _p, ...rest } = t;
  return rest;
}
