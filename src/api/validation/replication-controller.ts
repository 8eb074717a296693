import type { ReplicationController } from "../types/index.ts";
import { selectorFromSet } from "../labels/index.ts";
import { forbidden, invalid, notSupported, Path, required, type FieldError } from "./field-error.ts";
import { goStringMap } from "./go-values.ts";
import { isObj, nonNegative } from "./helpers.ts";
import { validatePodTemplateSpec } from "./pod-spec.ts";

/**
 * core/v1 ReplicationController rules (pkg/apis/core/validation ValidateReplicationController*).
 * Like a ReplicaSet's, but the selector is a label map: it may change (no immutability rule),
 * an empty one is simply Required, and its keys and values are not checked, as upstream.
 */

const SPEC = Path.root("spec");
const STATUS = Path.root("status");

/** ValidateReplicationControllerSpec (create and update alike). */
export function validateReplicationControllerSpec(rc: ReplicationController): FieldError[] {
  const spec = rc.spec ?? ({} as NonNullable<ReplicationController["spec"]>);
  const errs = nonNegative(spec.minReadySeconds, SPEC.child("minReadySeconds"));
  const selector = selectorFromSet(spec.selector);
  if (selector.isEmpty()) errs.push(required(SPEC.child("selector"), ""));
  errs.push(...nonNegative(spec.replicas, SPEC.child("replicas")));
  errs.push(...validateTemplateForRC(spec.template, spec.selector));
  return errs;
}

/** ValidatePodTemplateSpecForRC: the template matches the selector and runs pods that restart. */
function validateTemplateForRC(template: NonNullable<ReplicationController["spec"]>["template"], selectorMap: Record<string, string> | undefined): FieldError[] {
  const path = SPEC.child("template");
  if (!isObj(template)) return [required(path, "")];
  const errs: FieldError[] = [];
  const selector = selectorFromSet(selectorMap);
  const labels = template.metadata?.labels;
  if (!selector.isEmpty() && !selector.matches(labels ?? {}))
    errs.push(invalid(path.child("metadata", "labels"), goStringMap(labels), "`selector` does not match template `labels`"));
  errs.push(...validatePodTemplateSpec(template, path));
  const podSpec = template.spec;
  if ((podSpec?.restartPolicy ?? "") !== "Always") errs.push(notSupported(path.child("spec", "restartPolicy"), podSpec?.restartPolicy ?? "", ["Always"]));
  if (podSpec?.activeDeadlineSeconds !== undefined)
    errs.push(forbidden(path.child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicationController is not Supported"));
  return errs;
}

/** ValidateReplicationControllerStatus: the status subresource's counts (metadata is checked by the caller). */
export function validateReplicationControllerStatus(rc: ReplicationController): FieldError[] {
  const st = rc.status ?? ({} as NonNullable<ReplicationController["status"]>);
  // Go's zero values: an absent count is 0, in the comparisons and in the messages.
  const replicas = st.replicas ?? 0;
  const fullyLabeled = st.fullyLabeledReplicas ?? 0;
  const ready = st.readyReplicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const errs: FieldError[] = [];
  for (const f of ["replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"] as const) errs.push(...nonNegative(st[f], STATUS.child(f)));
  const msg = "cannot be greater than status.replicas";
  if (fullyLabeled > replicas) errs.push(invalid(STATUS.child("fullyLabeledReplicas"), fullyLabeled, msg));
  if (ready > replicas) errs.push(invalid(STATUS.child("readyReplicas"), ready, msg));
  if (available > replicas) errs.push(invalid(STATUS.child("availableReplicas"), available, msg));
  if (available > ready) errs.push(invalid(STATUS.child("availableReplicas"), available, "cannot be greater than readyReplicas"));
  return errs;
}
