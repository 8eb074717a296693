import { isQualifiedName } from "./names.ts";
import type { Quantity } from "../quantity/quantity.ts";
import { forbidden, invalid, required, type FieldError, type Path } from "./field-error.ts";
import { quantityAt } from "./helpers.ts";
import { IS_NEGATIVE } from "./object-meta.ts";

/** Resource names and quantities (core validation: ValidateResourceRequirements and friends). */

export type ResourceList = Readonly<Record<string, string | number>>;

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const STANDARD_RESOURCES = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "persistentvolumeclaims",
  "configmaps",
  "services.nodeports",
  "services.loadbalancers",
  "requests.storage",
  "storage",
]);
/** Standard resources counted in whole units. */
const INTEGER_RESOURCES = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
]);

const isHugePages = (n: string) => n.startsWith("hugepages-");
const isNativeResource = (n: string) => !n.includes("/") || n.includes("kubernetes.io/");
const isExtendedResource = (n: string) => !isNativeResource(n) && !n.startsWith("requests.");
/** Native, non-hugepage resources may have requests below limits. */
export const isOvercommitAllowed = (n: string) => isNativeResource(n) && !isHugePages(n);
const isIntegerResource = (n: string) => INTEGER_RESOURCES.has(n) || isExtendedResource(n);

function validateResourceName(name: string, path: Path): FieldError[] {
  const msgs = isQualifiedName(name);
  if (msgs.length) return msgs.map((m) => invalid(path, name, m));
  if (!name.includes("/") && !STANDARD_RESOURCES.has(name) && !isHugePages(name))
    return [invalid(path, name, "must be a standard resource type or fully qualified")];
  return [];
}

export function validateContainerResourceName(name: string, path: Path): FieldError[] {
  const errs = validateResourceName(name, path);
  if (errs.length) return errs;
  if (!name.includes("/")) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) return [invalid(path, name, "must be a standard resource for containers")];
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    return [invalid(path, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

/** ValidateResourceQuantityValue: non-negative, and whole for integer resources. */
export function validateResourceQuantityValue(name: string, q: Quantity, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(invalid(path, q, IS_NEGATIVE));
  if (isIntegerResource(name) && q.milliValue() % 1000 !== 0) errs.push(invalid(path, q, "must be an integer"));
  return errs;
}

/**
 * q.cmp(other), remembered per pair: quantities are parsed once per text (quantityAt), so
 * the same request and limit objects meet again on every write.
 */
const comparisons = new WeakMap<Quantity, Map<Quantity, number>>();
function compareQuantities(q: Quantity, other: Quantity): number {
  if (q === other) return 0;
  let row = comparisons.get(q);
  const hit = row?.get(other);
  if (hit !== undefined) return hit;
  const c = q.cmp(other);
  if (!row) comparisons.set(q, (row = new Map()));
  if (row.size < 64) row.set(other, c);
  return c;
}

export interface ResourceRequirementsLike {
  limits?: ResourceList;
  requests?: ResourceList;
}

/** Container resources: names, quantities, requests within limits (equal for non-overcommittable). */
export function validateResourceRequirements(
  res: ResourceRequirementsLike | undefined,
  path: Path,
  nameFn: (name: string, path: Path) => FieldError[] = validateContainerResourceName,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!res) return errs;
  const limPath = path.child("limits");
  const reqPath = path.child("requests");
  const limits = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  const limitList = res.limits;
  for (const name in limitList) {
    const raw = limitList[name]!;
    const p = limPath.key(name);
    errs.push(...nameFn(name, p));
    const q = quantityAt(raw, p, errs);
    if (!q) continue;
    limits.set(name, q);
    errs.push(...validateResourceQuantityValue(name, q, p));
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") cpuOrMemory = true;
  }
  const requestList = res.requests;
  for (const name in requestList) {
    const raw = requestList[name]!;
    const p = reqPath.key(name);
    errs.push(...nameFn(name, p));
    const q = quantityAt(raw, p, errs);
    if (!q) continue;
    errs.push(...validateResourceQuantityValue(name, q, p));
    const limit = limits.get(name);
    if (limit) {
      const c = compareQuantities(q, limit);
      if (c !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (c > 0) {
        errs.push(invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") cpuOrMemory = true;
  }
  if (!cpuOrMemory && hugePages) errs.push(forbidden(path, "HugePages require cpu or memory"));
  return errs;
}

/** ResourceQuota/LimitRange/PVC style lists: any valid resource name, non-negative quantities. */
export function validateResourceList(list: ResourceList | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, raw] of Object.entries(list ?? {})) {
    const p = path.key(name);
    errs.push(...validateResourceName(name, p));
    const q = quantityAt(raw, p, errs);
    if (q) errs.push(...validateResourceQuantityValue(name, q, p));
  }
  return errs;
}
