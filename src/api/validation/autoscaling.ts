import type { ObjectMeta } from "../meta/types.ts";
import { validatePathSegmentName } from "../names/object-names.ts";
import { Quantity } from "../quantity/quantity.ts";
import { scanQuantity } from "../quantity/scan.ts";
import { interpretSuffix } from "../quantity/suffix.ts";
import type { HorizontalPodAutoscaler } from "../types/index.ts";
import { forbidden, goQuote, invalid, notSupported, Path, required, type FieldError } from "./field-error.ts";
import { GoValue } from "./go-values.ts";
import { arr, obj, type Obj } from "./helpers.ts";
import { isDNS1123Label } from "./names.ts";
import { IS_NEGATIVE, validateObjectMetaUpdate } from "./object-meta.ts";
import { validateContainerResourceName } from "./resources.ts";

/**
 * autoscaling/v2 HorizontalPodAutoscaler rules (upstream pkg/apis/autoscaling/validation,
 * Kubernetes 1.34: ValidateHorizontalPodAutoscaler/Update/StatusUpdate with the options the
 * registry strategy computes), with upstream's messages and field paths. Metadata is
 * checked by the caller on create and update, as for every kind. The HPAScaleToZero gate
 * is off, as in 1.34 by default: minReplicas must be at least 1 unless the stored object
 * already had 0.
 */

const SPEC = Path.root("spec");
/** MaxPeriodSeconds: the longest scaling policy period. */
export const MAX_PERIOD_SECONDS = 1800;
/** MaxStabilizationWindowSeconds: the longest stabilization window. */
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
// sets.List() order, as upstream prints them in "supported values".
const METRIC_SOURCE_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const SELECT_POLICIES = ["Disabled", "Max", "Min"];
const POLICY_TYPES = ["Percent", "Pods"];
const TARGET_TYPES = ["Utilization", "Value", "AverageValue"];
const POPULATE = "must populate information for the given metric source";
const BOTH_TARGETS = "may not set both a target raw value and a target utilization";
const EITHER_TARGET = "must set either a target raw value or a target utilization";

export interface CrossVersionObjectReferenceValidationOptions {
  /** An apiVersion without a group ("v1") is accepted. */
  allowEmptyAPIGroup: boolean;
  /** The apiVersion is not checked at all (ratcheting an unchanged stored value). */
  allowInvalidAPIVersion: boolean;
}

export interface HorizontalPodAutoscalerSpecValidationOptions {
  minReplicasLowerBound: number;
  scaleTargetRef: CrossVersionObjectReferenceValidationOptions;
  objectMetrics: CrossVersionObjectReferenceValidationOptions;
}

const set = (v: unknown): boolean => v !== undefined && v !== null;
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

/**
 * ValidateAPIVersion: schema.ParseGroupVersion's error, or "apiVersion must specify API
 * group" when the group is empty and must not be; undefined when the value is acceptable.
 * An empty apiVersion parses as the empty group.
 */
export function apiVersionError(apiVersion: string, opts: CrossVersionObjectReferenceValidationOptions): string | undefined {
  if (opts.allowInvalidAPIVersion) return undefined;
  let group = "";
  if (apiVersion !== "" && apiVersion !== "/") {
    const slashes = apiVersion.split("/").length - 1;
    if (slashes > 1) return `unexpected GroupVersion string: ${apiVersion}`;
    if (slashes === 1) group = apiVersion.slice(0, apiVersion.indexOf("/"));
  }
  if (!opts.allowEmptyAPIGroup && group === "") return "apiVersion must specify API group";
  return undefined;
}

/** ValidateCrossVersionObjectReference: kind and name required path segments, then the apiVersion. */
export function validateCrossVersionObjectReference(ref: Obj, path: Path, opts: CrossVersionObjectReferenceValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ["kind", "name"]) {
    const v = str(ref[key]);
    if (!v) errs.push(required(path.child(key), ""));
    else for (const msg of validatePathSegmentName(v, false)) errs.push(invalid(path.child(key), v, msg));
  }
  const apiVersion = str(ref["apiVersion"]);
  const err = apiVersionError(apiVersion, opts);
  if (err) errs.push(invalid(path.child("apiVersion"), apiVersion, err));
  return errs;
}

/**
 * A *resource.Quantity as upstream prints it in these messages: the pointer is followed and
 * Quantity has no value-receiver String(), so Go's %#v shows the struct. Values written the
 * way the int64 fast path of ParseQuantity keeps them (every zero or negative one a user
 * writes in practice) print exactly; others fall back to the canonical text.
 */
export function goQuantity(raw: unknown): GoValue | unknown {
  if (typeof raw !== "string" && typeof raw !== "number") return raw;
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  const struct = (value: bigint, scale: number, s: string, format: string) =>
    new GoValue(`resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${goQuote(s)}, Format:${goQuote(format)}}`, raw);
  if (text === "0") return struct(0n, 0, "0", "DecimalSI");
  try {
    const { positive, num: whole, denom, suffix } = scanQuantity(text);
    const meaning = interpretSuffix(suffix);
    if (meaning) {
      let scale = 0;
      let precision: number;
      if (meaning.base === 10) {
        scale = meaning.exponent;
        precision = 18 - (whole.length + denom.length);
      } else if (meaning.exponent >= 0 && denom.length === 0) {
        precision = 15 - whole.length - Math.trunc((meaning.exponent * 3) / 10) - 1;
      } else {
        precision = -1;
      }
      scale -= denom.length;
      if (precision >= 0 && scale >= -9) {
        const shifted = whole + denom;
        const digits = BigInt(shifted);
        const magnitude = meaning.base === 2 ? digits << BigInt(meaning.exponent) : digits;
        if (magnitude <= 9223372036854775807n) {
          const canonical =
            meaning.base === 2 ? meaning.exponent % 10 === 0 && (digits & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
          return struct(positive ? magnitude : -magnitude, scale, canonical ? text : "", meaning.format);
        }
      }
    }
    return new GoValue(Quantity.parse(text).toString(), raw);
  } catch {
    return raw;
  }
}

/** The sign of a quantity field; undefined when it does not parse (the decoder reports that). */
function quantitySign(v: unknown): number | undefined {
  try {
    return Quantity.fromJSON(v).sign();
  } catch {
    return undefined;
  }
}

function validateMetricTarget(mt: Obj, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(mt["type"]);
  if (!type) errs.push(required(path.child("type"), "must specify a metric target type"));
  if (!TARGET_TYPES.includes(type)) errs.push(invalid(path.child("type"), type, "must be either Utilization, Value, or AverageValue"));
  for (const key of ["value", "averageValue"]) {
    const v = mt[key];
    if (set(v) && quantitySign(v) !== undefined && quantitySign(v) !== 1) errs.push(invalid(path.child(key), goQuantity(v), "must be positive"));
  }
  const util = mt["averageUtilization"];
  if (set(util) && num(util) < 1) errs.push(invalid(path.child("averageUtilization"), util, "must be greater than 0"));
  return errs;
}

function validateMetricIdentifier(id: Obj, path: Path): FieldError[] {
  const name = str(id["name"]);
  if (!name) return [required(path.child("name"), "must specify a metric name")];
  return validatePathSegmentName(name, false).map((msg) => invalid(path.child("name"), name, msg));
}

function validateObjectSource(src: Obj, path: Path, opts: CrossVersionObjectReferenceValidationOptions): FieldError[] {
  const target = obj(src["target"]);
  const errs = [
    ...validateCrossVersionObjectReference(obj(src["describedObject"]), path.child("describedObject"), opts),
    ...validateMetricIdentifier(obj(src["metric"]), path.child("metric")),
    ...validateMetricTarget(target, path.child("target")),
  ];
  if (!set(target["value"]) && !set(target["averageValue"])) errs.push(required(path.child("target", "averageValue"), "must set either a target value or averageValue"));
  return errs;
}

function validateExternalSource(src: Obj, path: Path): FieldError[] {
  const target = obj(src["target"]);
  const errs = [...validateMetricIdentifier(obj(src["metric"]), path.child("metric")), ...validateMetricTarget(target, path.child("target"))];
  if (!set(target["value"]) && !set(target["averageValue"])) {
    errs.push(required(path.child("target", "averageValue"), "must set either a target value for metric or a per-pod target"));
  }
  if (set(target["value"]) && set(target["averageValue"])) {
    errs.push(forbidden(path.child("target", "value"), "may not set both a target value for metric and a per-pod target"));
  }
  return errs;
}

function validatePodsSource(src: Obj, path: Path): FieldError[] {
  const target = obj(src["target"]);
  const errs = [...validateMetricIdentifier(obj(src["metric"]), path.child("metric")), ...validateMetricTarget(target, path.child("target"))];
  if (!set(target["averageValue"])) errs.push(required(path.child("target", "averageValue"), "must specify a positive target averageValue"));
  return errs;
}

/** The target of a Resource or ContainerResource metric: a utilization or an average value, not both. */
function resourceTargetErrors(target: Obj, path: Path): FieldError[] {
  const errs = validateMetricTarget(target, path);
  const util = set(target["averageUtilization"]);
  const average = set(target["averageValue"]);
  if (!util && !average) errs.push(required(path.child("averageUtilization"), EITHER_TARGET));
  if (util && average) errs.push(forbidden(path.child("averageValue"), BOTH_TARGETS));
  return errs;
}

function validateResourceSource(src: Obj, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(src["name"])) errs.push(required(path.child("name"), "must specify a resource name"));
  errs.push(...resourceTargetErrors(obj(src["target"]), path.child("target")));
  return errs;
}

function validateContainerResourceSource(src: Obj, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(src["name"]);
  if (!name) errs.push(required(path.child("name"), "must specify a resource name"));
  else errs.push(...validateContainerResourceName(name, path.child("name")));
  const container = str(src["container"]);
  if (!container) errs.push(required(path.child("container"), "must specify a container"));
  else for (const msg of isDNS1123Label(container)) errs.push(invalid(path.child("container"), container, msg));
  errs.push(...resourceTargetErrors(obj(src["target"]), path.child("target")));
  return errs;
}

/**
 * validateMetricSpec: the type, then the first source present (in upstream's order:
 * object, external, pods, resource, containerResource), the one the type names, and no
 * other. An unknown type is reported twice, as upstream does (the message deduplicates).
 */
function validateMetricSpec(spec: Obj, path: Path, opts: CrossVersionObjectReferenceValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec["type"]);
  if (!type) errs.push(required(path.child("type"), "must specify a metric source type"));
  if (!METRIC_SOURCE_TYPES.includes(type)) errs.push(notSupported(path.child("type"), type, METRIC_SOURCE_TYPES));
  const sources: [string, (src: Obj, p: Path) => FieldError[]][] = [
    ["object", (src, p) => validateObjectSource(src, p, opts)],
    ["external", validateExternalSource],
    ["pods", validatePodsSource],
    ["resource", validateResourceSource],
    ["containerResource", validateContainerResourceSource],
  ];
  const present: string[] = [];
  for (const [key, check] of sources) {
    if (!set(spec[key])) continue;
    present.push(key);
    if (present.length === 1) errs.push(...check(obj(spec[key]), path.child(key)));
  }
  const expected = METRIC_SOURCE_TYPES.includes(type) ? type.charAt(0).toLowerCase() + type.slice(1) : "";
  if (expected && !set(spec[expected])) errs.push(required(path.child(expected), POPULATE));
  if (!expected) errs.push(notSupported(path.child("type"), type, METRIC_SOURCE_TYPES));
  if (present.length !== 1) {
    for (const key of present) if (key !== expected) errs.push(forbidden(path.child(key), "must populate the given metric source only"));
  }
  return errs;
}

function validateMetrics(metrics: unknown[], path: Path, minReplicas: unknown, opts: CrossVersionObjectReferenceValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let objectOrExternal = false;
  metrics.forEach((m, i) => {
    const spec = obj(m);
    errs.push(...validateMetricSpec(spec, path.index(i), opts));
    if (spec["type"] === "Object" || spec["type"] === "External") objectOrExternal = true;
  });
  if (minReplicas === 0 && !objectOrExternal) errs.push(forbidden(path, "must specify at least one Object or External metric to support scaling to zero replicas"));
  return errs;
}

function validateScalingPolicy(policy: Obj, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(policy["type"]);
  if (!POLICY_TYPES.includes(type)) errs.push(notSupported(path.child("type"), type, POLICY_TYPES));
  const value = num(policy["value"]);
  if (value <= 0) errs.push(invalid(path.child("value"), value, "must be greater than zero"));
  const period = num(policy["periodSeconds"]);
  if (period <= 0) errs.push(invalid(path.child("periodSeconds"), period, "must be greater than zero"));
  if (period > MAX_PERIOD_SECONDS) errs.push(invalid(path.child("periodSeconds"), period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  return errs;
}

function validateScalingRules(rules: Obj, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const window = rules["stabilizationWindowSeconds"];
  if (set(window) && num(window) < 0) errs.push(invalid(path.child("stabilizationWindowSeconds"), window, "must be greater than or equal to zero"));
  if (set(window) && num(window) > MAX_STABILIZATION_WINDOW_SECONDS) {
    errs.push(invalid(path.child("stabilizationWindowSeconds"), window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  }
  const select = rules["selectPolicy"];
  if (set(select) && !SELECT_POLICIES.includes(str(select))) errs.push(notSupported(path.child("selectPolicy"), select, SELECT_POLICIES));
  const policies = arr(rules["policies"]);
  if (policies.length === 0) errs.push(required(path.child("policies"), "must specify at least one Policy"));
  policies.forEach((p, i) => errs.push(...validateScalingPolicy(obj(p), path.child("policies").index(i))));
  const tolerance = rules["tolerance"];
  if (set(tolerance) && quantitySign(tolerance) === -1) errs.push(invalid(path.child("tolerance"), Quantity.fromJSON(tolerance).toString(), IS_NEGATIVE));
  return errs;
}

function validateBehavior(behavior: unknown, path: Path): FieldError[] {
  if (!set(behavior)) return [];
  const b = obj(behavior);
  const errs: FieldError[] = [];
  if (set(b["scaleUp"])) errs.push(...validateScalingRules(obj(b["scaleUp"]), path.child("scaleUp")));
  if (set(b["scaleDown"])) errs.push(...validateScalingRules(obj(b["scaleDown"]), path.child("scaleDown")));
  return errs;
}

function validateSpec(spec: Obj, opts: HorizontalPodAutoscalerSpecValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const min = spec["minReplicas"];
  const max = num(spec["maxReplicas"]);
  if (set(min) && num(min) < opts.minReplicasLowerBound) {
    errs.push(invalid(SPEC.child("minReplicas"), num(min), `must be greater than or equal to ${opts.minReplicasLowerBound}`));
  }
  if (max < 1) errs.push(invalid(SPEC.child("maxReplicas"), max, "must be greater than 0"));
  if (set(min) && max < num(min)) errs.push(invalid(SPEC.child("maxReplicas"), max, "must be greater than or equal to `minReplicas`"));
  errs.push(...validateCrossVersionObjectReference(obj(spec["scaleTargetRef"]), SPEC.child("scaleTargetRef"), opts.scaleTargetRef));
  errs.push(...validateMetrics(arr(spec["metrics"]), SPEC.child("metrics"), set(min) ? num(min) : undefined, opts.objectMetrics));
  errs.push(...validateBehavior(spec["behavior"], SPEC.child("behavior")));
  return errs;
}

const specOf = (hpa: HorizontalPodAutoscaler | undefined): Obj => obj(hpa?.spec);

/**
 * validationOptionsForHorizontalPodAutoscaler (the registry strategy): minReplicas 0 only
 * when the stored object has it; an update that keeps the target's kind and apiVersion
 * skips the apiVersion check, a ReplicationController target may have a core apiVersion;
 * object metrics' apiVersions need no group, and are not checked when a stored object
 * metric already has an invalid one.
 */
export function hpaValidationOptions(hpa: HorizontalPodAutoscaler, old?: HorizontalPodAutoscaler): HorizontalPodAutoscalerSpecValidationOptions {
  const opts: HorizontalPodAutoscalerSpecValidationOptions = {
    minReplicasLowerBound: 1,
    scaleTargetRef: { allowInvalidAPIVersion: false, allowEmptyAPIGroup: false },
    objectMetrics: { allowInvalidAPIVersion: false, allowEmptyAPIGroup: true },
  };
  const ref = obj(specOf(hpa)["scaleTargetRef"]);
  const oldSpec = old ? specOf(old) : undefined;
  if (oldSpec && oldSpec["minReplicas"] === 0) opts.minReplicasLowerBound = 0;
  const oldRef = oldSpec ? obj(oldSpec["scaleTargetRef"]) : undefined;
  if (oldRef && str(oldRef["apiVersion"]) === str(ref["apiVersion"]) && str(oldRef["kind"]) === str(ref["kind"])) {
    opts.scaleTargetRef.allowInvalidAPIVersion = true;
  } else if (ref["kind"] === "ReplicationController") {
    opts.scaleTargetRef.allowEmptyAPIGroup = true;
  }
  if (oldSpec) {
    for (const m of arr(oldSpec["metrics"])) {
      const metric = obj(m);
      if (metric["type"] !== "Object" || !set(metric["object"])) continue;
      if (apiVersionError(str(obj(obj(metric["object"])["describedObject"])["apiVersion"]), opts.objectMetrics)) {
        opts.objectMetrics.allowInvalidAPIVersion = true;
        break;
      }
    }
  }
  return opts;
}

/** ValidateHorizontalPodAutoscaler (less metadata). */
export function validateHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): FieldError[] {
  return validateSpec(specOf(hpa), hpaValidationOptions(hpa));
}

/** ValidateHorizontalPodAutoscalerUpdate (less metadata): the spec rules, with the ratcheting the stored object allows. */
export function validateHorizontalPodAutoscalerUpdate(hpa: HorizontalPodAutoscaler, old: HorizontalPodAutoscaler): FieldError[] {
  return validateSpec(specOf(hpa), hpaValidationOptions(hpa, old));
}

/** ValidateHorizontalPodAutoscalerStatusUpdate: metadata, then non-negative current and desired replicas. */
export function validateHorizontalPodAutoscalerStatusUpdate(hpa: HorizontalPodAutoscaler, old: HorizontalPodAutoscaler): FieldError[] {
  const errs = validateObjectMetaUpdate(hpa.metadata ?? ({} as ObjectMeta), old.metadata ?? ({} as ObjectMeta));
  const status = obj(hpa.status);
  for (const key of ["currentReplicas", "desiredReplicas"]) {
    const v = num(status[key]);
    if (v < 0) errs.push(invalid(Path.root("status").child(key), v, IS_NEGATIVE));
  }
  return errs;
}
