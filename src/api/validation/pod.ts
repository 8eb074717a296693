import type { Container, EphemeralContainer, Pod, PodSpec, Toleration } from "../types/index.ts";
import { nameIsDNSSubdomain } from "../names/object-names.ts";
import { forbidden, goQuote, invalid, Path, required, type FieldError } from "./field-error.ts";
import { arr, enumValue } from "./helpers.ts";
import { jsonEqual, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.ts";
import { validatePodSpec, validateTolerations } from "./pod-spec.ts";

/** Pod create and update rules (core validation ValidatePodCreate / ValidatePodUpdate). */

const SPEC = Path.root("spec");
const MAX_INT32 = 2147483647;

export const POD_UPDATE_FORBIDDEN =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

export function validatePod(pod: Pod): FieldError[] {
  const errs = validateObjectMeta(pod.metadata ?? {}, { namespaced: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validatePodSpec(pod.spec, SPEC));
  if (arr(pod.spec?.ephemeralContainers).length > 0) errs.push(forbidden(SPEC.child("ephemeralContainers"), "cannot be set on create"));
  return errs;
}

function validateContainerUpdates(next: Container[], prev: Container[], path: Path): { errs: FieldError[]; stop: boolean } {
  if (next.length !== prev.length) return { errs: [forbidden(path, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    const image = c.image ?? "";
    if (!image) errs.push(required(path.index(i).child("image"), ""));
    if (image.trim().length !== image.length) errs.push(invalid(path.index(i).child("image"), image, "must not have leading or trailing whitespace"));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: Toleration[], prev: Toleration[], path: Path): FieldError[] {
  for (const old of prev) {
    const found = next.some((t) => jsonEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [forbidden(path, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return validateTolerations(next, path);
}

/** Paths where two JSON values differ, for the update diff. */
function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (jsonEqual(a, b)) return;
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";
  if (isRecord(a) && isRecord(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences(a[k as never], b[k as never], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`, out);
    return;
  }
  out.push(`- ${path}: ${JSON.stringify(a ?? null)}`, `+ ${path}: ${JSON.stringify(b ?? null)}`);
}

/** ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations and removed gates may change. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata ?? {}, old.metadata ?? {});
  errs.push(...validatePodSpec(pod.spec, SPEC));
  const spec: PodSpec = pod.spec ?? ({} as PodSpec);
  const oldSpec: PodSpec = old.spec ?? ({} as PodSpec);
  for (const field of ["containers", "initContainers"] as const) {
    const r = validateContainerUpdates(arr<Container>(spec[field]), arr<Container>(oldSpec[field]), SPEC.child(field));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined) {
    if (ads < 0 || ads > MAX_INT32) {
      errs.push(invalid(SPEC.child("activeDeadlineSeconds"), ads, `must be between 0 and ${MAX_INT32}, inclusive`));
      return errs;
    }
    if (oldSpec.activeDeadlineSeconds !== undefined && oldSpec.activeDeadlineSeconds < ads) {
      errs.push(invalid(SPEC.child("activeDeadlineSeconds"), ads, "must be less than or equal to previous value"));
      return errs;
    }
  } else if (oldSpec.activeDeadlineSeconds !== undefined) {
    errs.push(invalid(SPEC.child("activeDeadlineSeconds"), null, "must not update from a positive integer to nil value"));
  }
  errs.push(...validateOnlyAddedTolerations(arr(spec.tolerations), arr(oldSpec.tolerations), SPEC.child("tolerations")));
  const oldGates = new Set(arr<{ name?: string }>(oldSpec.schedulingGates).map((g) => g.name));
  for (const g of arr<{ name?: string }>(spec.schedulingGates)) {
    if (!oldGates.has(g.name)) errs.push(forbidden(SPEC.child("schedulingGates"), `only deletion is allowed, but found new scheduling gate '${g.name}'`));
  }
  if (jsonEqual(spec, oldSpec)) return errs;

  const munged: Record<string, unknown> = { ...spec };
  for (const field of ["containers", "initContainers"] as const) {
    const olds = arr<Container>(oldSpec[field]);
    if (spec[field] !== undefined) munged[field] = arr<Container>(spec[field]).map((c, i) => ({ ...c, image: olds[i]?.image }));
  }
  munged["activeDeadlineSeconds"] = oldSpec.activeDeadlineSeconds;
  munged["schedulingGates"] = oldSpec.schedulingGates;
  munged["tolerations"] = oldSpec.tolerations;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace < 0 && spec.terminationGracePeriodSeconds === 1) munged["terminationGracePeriodSeconds"] = oldGrace;
  if (oldGates.size > 0) {
    // Gated pods may gain node selector entries and node affinity.
    const oldSelector = oldSpec.nodeSelector ?? {};
    const newSelector = spec.nodeSelector ?? {};
    if (Object.entries(oldSelector).every(([k, v]) => newSelector[k] === v)) munged["nodeSelector"] = oldSpec.nodeSelector;
    munged["affinity"] = oldSpec.affinity;
  }
  if (!jsonEqual(munged, oldSpec)) {
    const diff: string[] = [];
    differences(oldSpec, munged, "spec", diff);
    errs.push(forbidden(SPEC, `${POD_UPDATE_FORBIDDEN}\n${diff.join("\n")}`));
  }
  return errs;
}

const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

/**
 * ValidatePodEphemeralContainersUpdate (pods/ephemeralcontainers): the new pod's metadata
 * and spec rules, no static pods, and existing ephemeral containers neither removed nor
 * changed (matched by name: a patch need not keep their order).
 */
export function validatePodEphemeralContainersUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata ?? {}, old.metadata ?? {});
  errs.push(...validatePodSpec(pod.spec, SPEC));
  if (old.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return [forbidden(Path.root(""), "static pods do not support ephemeral containers")];
  const path = SPEC.child("ephemeralContainers");
  const byName = new Map(arr<EphemeralContainer>(pod.spec?.ephemeralContainers).map((c) => [c.name ?? "", c]));
  arr<EphemeralContainer>(old.spec?.ephemeralContainers).forEach((prev, i) => {
    const name = prev.name ?? "";
    const next = byName.get(name);
    if (!next) errs.push(forbidden(path, `existing ephemeral containers ${goQuote(name)} may not be removed\n`));
    else if (!jsonEqual(prev, next)) {
      const diff: string[] = [];
      differences(prev, next, path.index(i).toString(), diff);
      errs.push(forbidden(path, `existing ephemeral containers ${goQuote(name)} may not be changed\n${diff.join("\n")}`));
    }
  });
  return errs;
}

const POD_PHASES = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

/** ValidatePodStatusUpdate: metadata rules and a known phase. */
export function validatePodStatusUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata ?? {}, old.metadata ?? {});
  const phase = pod.status?.phase;
  if (phase !== undefined) errs.push(...enumValue(phase, POD_PHASES, Path.root("status").child("phase")));
  const oldPhase = old.status?.phase;
  if ((oldPhase === "Succeeded" || oldPhase === "Failed") && phase !== oldPhase)
    errs.push(forbidden(Path.root("status").child("phase"), `cannot transition from terminal phase ${oldPhase} to ${phase}`));
  return errs;
}
