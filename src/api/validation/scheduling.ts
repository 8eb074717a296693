import type { PriorityClass } from "../types/index.ts";
import { forbidden, notSupported, Path, required, type FieldError } from "./field-error.ts";
import { validateImmutable } from "./object-meta.ts";

/**
 * scheduling.k8s.io/v1 PriorityClass rules (upstream pkg/apis/scheduling/validation:
 * ValidatePriorityClass, ValidatePriorityClassUpdate), with upstream's messages and field
 * paths. Metadata is checked by the caller, as for every kind. The one-global-default rule
 * belongs to the Priority admission plugin, as upstream.
 */

export const SYSTEM_PRIORITY_CLASS_PREFIX = "system-";
/** The highest value a class not named "system-..." may have. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** The value of system-cluster-critical; system-node-critical is 1000 higher. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;

export interface SystemPriorityClass {
  name: string;
  value: number;
  description: string;
}

/** The built-in classes the apiserver creates at start (upstream schedulingapiv1.SystemPriorityClasses()). */
export const SYSTEM_PRIORITY_CLASSES: readonly SystemPriorityClass[] = [
  { name: "system-node-critical", value: SYSTEM_CRITICAL_PRIORITY + 1000, description: "Used for system critical pods that must not be moved from their current node." },
  { name: "system-cluster-critical", value: SYSTEM_CRITICAL_PRIORITY, description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary." },
];

// The order upstream lists them in "supported values".
const PREEMPTION_POLICIES = ["PreemptLowerPriority", "Never"];

/** IsKnownSystemPriorityClass: undefined when name, value and globalDefault (false) match a built-in class, else why not. */
export function systemPriorityClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${known.name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${known.name} PriorityClass must be false`;
  return undefined;
}

/** ValidatePreemptionPolicy: PreemptLowerPriority or Never; an empty string is a missing value. */
export function validatePreemptionPolicy(policy: unknown, path: Path): FieldError[] {
  if (policy === "") return [required(path, "")];
  return PREEMPTION_POLICIES.includes(policy as string) ? [] : [notSupported(path, policy, PREEMPTION_POLICIES)];
}

/** ValidatePriorityClass (less metadata): "system-" names are reserved for the built-in classes; user values are capped. */
export function validatePriorityClass(pc: PriorityClass): FieldError[] {
  const errs: FieldError[] = [];
  const name = pc.metadata?.name ?? "";
  const value = pc.value ?? 0;
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const why = systemPriorityClassError(name, value, pc.globalDefault === true);
    if (why) errs.push(forbidden(Path.root("metadata").child("name"), `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${why}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden(Path.root("value"), `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy !== undefined && pc.preemptionPolicy !== null) errs.push(...validatePreemptionPolicy(pc.preemptionPolicy, Path.root("preemptionPolicy")));
  return errs;
}

/** ValidatePriorityClassUpdate (less metadata): value and preemptionPolicy cannot change. The class rules do not run again. */
export function validatePriorityClassUpdate(pc: PriorityClass, old: PriorityClass): FieldError[] {
  const errs: FieldError[] = [];
  if ((pc.value ?? 0) !== (old.value ?? 0)) errs.push(forbidden(Path.root("value"), "may not be changed in an update."));
  errs.push(...validateImmutable(pc.preemptionPolicy ?? null, old.preemptionPolicy ?? null, Path.root("preemptionPolicy")));
  return errs;
}
