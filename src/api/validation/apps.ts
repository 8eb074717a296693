import type { LabelSelector } from "../meta/types.ts";
import type { DaemonSet, Deployment, PodTemplateSpec, ReplicaSet, StatefulSet } from "../types/index.ts";
import { forbidden, invalid, notSupported, Path, required, type FieldError } from "./field-error.ts";
import { goIntOrString, goLabelSelector } from "./go-values.ts";
import { intOrPercent, intOrPercentValue, isObj, nonNegative, notMoreThan100Percent } from "./helpers.ts";
import { validateControllerSelector } from "./label-selector.ts";
import { jsonEqual } from "./object-meta.ts";
import { validatePodTemplateSpec } from "./pod-spec.ts";

/** apps/v1 workload rules (pkg/apis/apps/validation). */

const SPEC = Path.root("spec");

/** Selector, template match and template rules shared by ReplicaSet-like controllers. */
function validateTemplateForController(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  kindWord: string,
  adsForbidden: (p: Path, v: number) => FieldError,
): FieldError[] {
  const errs = validateControllerSelector(selector, template?.metadata?.labels, kindWord, SPEC);
  if (!isObj(template)) return [...errs, required(SPEC.child("template"), "")];
  errs.push(...validatePodTemplateSpec(template, SPEC.child("template")));
  const podSpec = template.spec;
  if ((podSpec?.restartPolicy ?? "") !== "Always")
    errs.push(notSupported(SPEC.child("template", "spec", "restartPolicy"), podSpec?.restartPolicy ?? "", ["Always"]));
  if (podSpec?.activeDeadlineSeconds !== undefined) errs.push(adsForbidden(SPEC.child("template", "spec", "activeDeadlineSeconds"), podSpec.activeDeadlineSeconds));
  return errs;
}

const adsNotSupported = (kind: string) => (p: Path) => forbidden(p, `activeDeadlineSeconds in ${kind} is not Supported`);

export function validateDeploymentSpec(d: Deployment): FieldError[] {
  const spec = d.spec ?? ({} as NonNullable<Deployment["spec"]>);
  const errs = nonNegative(spec.replicas, SPEC.child("replicas"));
  errs.push(...validateTemplateForController(spec.selector, spec.template, "deployment", adsNotSupported("ReplicaSet")));
  const strategy = spec.strategy ?? {};
  const sp = SPEC.child("strategy");
  switch (strategy.type) {
    case "Recreate":
      if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null)
        errs.push(forbidden(sp.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case "RollingUpdate": {
      const ru = strategy.rollingUpdate;
      if (!isObj(ru)) {
        errs.push(required(sp.child("rollingUpdate"), "this should be defaulted and never be nil"));
        break;
      }
      const rp = sp.child("rollingUpdate");
      errs.push(...intOrPercent(ru.maxUnavailable, rp.child("maxUnavailable")));
      errs.push(...intOrPercent(ru.maxSurge, rp.child("maxSurge")));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push(invalid(rp.child("maxUnavailable"), goIntOrString(ru.maxUnavailable), "may not be 0 when `maxSurge` is 0"));
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, rp.child("maxUnavailable")));
      break;
    }
    default:
      errs.push(notSupported(sp, strategy.type ?? "", ["Recreate", "RollingUpdate"]));
  }
  errs.push(...nonNegative(spec.minReadySeconds, SPEC.child("minReadySeconds")));
  errs.push(...nonNegative(spec.revisionHistoryLimit, SPEC.child("revisionHistoryLimit")));
  if (spec.progressDeadlineSeconds !== undefined) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, SPEC.child("progressDeadlineSeconds")));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
      errs.push(invalid(SPEC.child("progressDeadlineSeconds"), spec.progressDeadlineSeconds, "must be greater than minReadySeconds"));
  }
  return errs;
}

export function validateReplicaSetSpec(rs: ReplicaSet): FieldError[] {
  const spec = rs.spec ?? ({} as NonNullable<ReplicaSet["spec"]>);
  const errs = nonNegative(spec.replicas, SPEC.child("replicas"));
  errs.push(...nonNegative(spec.minReadySeconds, SPEC.child("minReadySeconds")));
  // Upstream words the empty-selector error for ReplicaSets as for Deployments.
  errs.push(...validateTemplateForController(spec.selector, spec.template, "deployment", adsNotSupported("ReplicaSet")));
  return errs;
}

export function validateStatefulSetSpec(sts: StatefulSet): FieldError[] {
  const spec = sts.spec ?? ({} as NonNullable<StatefulSet["spec"]>);
  const errs: FieldError[] = [];
  switch (spec.podManagementPolicy ?? "") {
    case "":
      errs.push(required(SPEC.child("podManagementPolicy"), ""));
      break;
    case "OrderedReady":
    case "Parallel":
      break;
    default:
      errs.push(invalid(SPEC.child("podManagementPolicy"), spec.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us = spec.updateStrategy ?? {};
  switch (us.type ?? "") {
    case "":
      errs.push(required(SPEC.child("updateStrategy"), ""));
      break;
    case "OnDelete":
      if (us.rollingUpdate !== undefined && us.rollingUpdate !== null)
        errs.push(invalid(SPEC.child("updateStrategy", "rollingUpdate"), us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case "RollingUpdate":
      if (isObj(us.rollingUpdate)) {
        const rp = SPEC.child("updateStrategy", "rollingUpdate");
        errs.push(...nonNegative(us.rollingUpdate.partition, rp.child("partition")));
        if (us.rollingUpdate.maxUnavailable !== undefined) {
          errs.push(...intOrPercent(us.rollingUpdate.maxUnavailable, rp.child("maxUnavailable")));
          if (intOrPercentValue(us.rollingUpdate.maxUnavailable) === 0)
            errs.push(invalid(rp.child("maxUnavailable"), goIntOrString(us.rollingUpdate.maxUnavailable), "cannot be 0"));
          errs.push(...notMoreThan100Percent(us.rollingUpdate.maxUnavailable, rp.child("maxUnavailable")));
        }
      }
      break;
    default:
      errs.push(invalid(SPEC.child("updateStrategy"), us, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  errs.push(...nonNegative(spec.replicas, SPEC.child("replicas")));
  errs.push(...nonNegative(spec.minReadySeconds, SPEC.child("minReadySeconds")));
  if (isObj(spec.ordinals)) errs.push(...nonNegative(spec.ordinals.start, SPEC.child("ordinals", "start")));
  errs.push(...validateTemplateForController(spec.selector, spec.template, "statefulset", adsNotSupported("StatefulSet")));
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (isObj(retention)) {
    for (const f of ["whenDeleted", "whenScaled"] as const) {
      const v = retention[f];
      if (v !== undefined && v !== "Retain" && v !== "Delete")
        errs.push(notSupported(SPEC.child("persistentVolumeClaimRetentionPolicy", f), v, ["Retain", "Delete"]));
    }
  }
  return errs;
}

export function validateDaemonSetSpec(ds: DaemonSet): FieldError[] {
  const spec = ds.spec ?? ({} as NonNullable<DaemonSet["spec"]>);
  const errs = validateControllerSelector(spec.selector, spec.template?.metadata?.labels, "daemonset", SPEC).filter(
    (e) => !(e.field === "spec.selector" && e.type === "FieldValueRequired"),
  );
  if (!isObj(spec.template)) errs.push(required(SPEC.child("template"), ""));
  else errs.push(...validatePodTemplateSpec(spec.template, SPEC.child("template")));
  const podSpec = spec.template?.spec;
  if ((podSpec?.restartPolicy ?? "") !== "Always")
    errs.push(notSupported(SPEC.child("template", "spec", "restartPolicy"), podSpec?.restartPolicy ?? "", ["Always"]));
  if (podSpec?.activeDeadlineSeconds !== undefined)
    errs.push(invalid(SPEC.child("template", "spec", "activeDeadlineSeconds"), podSpec.activeDeadlineSeconds, "activeDeadlineSeconds must be nil for daemons"));
  errs.push(...nonNegative(spec.minReadySeconds, SPEC.child("minReadySeconds")));
  const us = spec.updateStrategy ?? {};
  const up = SPEC.child("updateStrategy");
  switch (us.type) {
    case "OnDelete":
      break;
    case "RollingUpdate": {
      const ru = us.rollingUpdate;
      if (!isObj(ru)) {
        errs.push(required(up.child("rollingUpdate"), ""));
        break;
      }
      const rp = up.child("rollingUpdate");
      errs.push(...intOrPercent(ru.maxUnavailable, rp.child("maxUnavailable")));
      errs.push(...intOrPercent(ru.maxSurge, rp.child("maxSurge")));
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, rp.child("maxUnavailable")));
      errs.push(...notMoreThan100Percent(ru.maxSurge, rp.child("maxSurge")));
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) errs.push(invalid(rp.child("maxSurge"), goIntOrString(ru.maxSurge), "may not be set when maxUnavailable is non-zero"));
      else if (!hasUnavailable && !hasSurge) errs.push(required(rp.child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
      break;
    }
    default:
      errs.push(notSupported(up, us.type ?? "", ["RollingUpdate", "OnDelete"]));
  }
  errs.push(...nonNegative(spec.revisionHistoryLimit, SPEC.child("revisionHistoryLimit")));
  return errs;
}

/** The apps/v1 selector is immutable once created. */
export function validateSelectorImmutable(selector: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] {
  if (jsonEqual(selector ?? null, old ?? null)) return [];
  return [invalid(SPEC.child("selector"), goLabelSelector(selector), "field is immutable")];
}

export function validateStatefulSetSpecUpdate(sts: StatefulSet, old: StatefulSet): FieldError[] {
  const mutable = ["replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy"];
  const strip = (s: unknown) => Object.fromEntries(Object.entries(isObj(s) ? s : {}).filter(([k]) => !mutable.includes(k)));
  if (jsonEqual(strip(sts.spec), strip(old.spec))) return [];
  return [
    forbidden(
      SPEC,
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}
