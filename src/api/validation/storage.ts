import type { StorageClass, TopologySelectorLabelRequirement, TopologySelectorTerm } from "../types/index.ts";
import { duplicate, forbidden, invalid, notSupported, Path, required, tooLong, type FieldError } from "./field-error.ts";
import { arr, isObj } from "./helpers.ts";
import { isQualifiedName } from "./names.ts";
import { jsonEqual, validateImmutable } from "./object-meta.ts";

/**
 * storage.k8s.io/v1 StorageClass rules (upstream pkg/apis/storage/validation:
 * ValidateStorageClass, ValidateStorageClassUpdate), with upstream's messages and field
 * paths. Metadata is checked by the caller, as for every kind.
 */

const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;
// sets.NewString(...).List() order, as upstream prints them in "supported values".
const RECLAIM_POLICIES = ["Delete", "Retain"];
const BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** validateProvisioner: required, and (lower-cased) a qualified name such as "ebs.csi.aws.com" or "kubernetes.io/aws-ebs". */
function validateProvisioner(provisioner: string, path: Path): FieldError[] {
  if (provisioner === "") return [required(path, "")];
  const lower = provisioner.toLowerCase();
  return isQualifiedName(lower).map((msg) => invalid(path, lower, msg));
}

/** validateParameters: at most 512 entries, no empty key, keys and values 256 KiB in all. */
function validateParameters(params: Record<string, string> | undefined, path: Path): FieldError[] {
  if (!isObj(params)) return [];
  const keys = Object.keys(params);
  if (keys.length > MAX_PARAMETERS) return [tooLong(path, "", MAX_PARAMETERS)];
  const errs: FieldError[] = [];
  let size = 0;
  for (const k of keys) {
    if (k.length < 1) errs.push(invalid(path, k, "field can not be empty."));
    size += utf8(k) + utf8(str(params[k]));
  }
  if (size > MAX_PARAMETERS_SIZE) errs.push(tooLong(path, "", MAX_PARAMETERS_SIZE));
  return errs;
}

/** validateReclaimPolicy: Delete or Retain (Recycle is a PersistentVolume policy only); an empty value passes. */
function validateReclaimPolicy(policy: unknown, path: Path): FieldError[] {
  const value = str(policy);
  return value !== "" && !RECLAIM_POLICIES.includes(value) ? [notSupported(path, value, RECLAIM_POLICIES)] : [];
}

/** validateVolumeBindingMode: set (defaulting sets it) and Immediate or WaitForFirstConsumer. */
function validateVolumeBindingMode(mode: unknown, path: Path): FieldError[] {
  if (mode === undefined || mode === null) return [required(path, "")];
  return BINDING_MODES.includes(str(mode)) ? [] : [notSupported(path, mode, BINDING_MODES)];
}

/** Label key to its set of values; what upstream compares terms by. */
type ExprMap = Map<string, Set<string>>;

/** validateTopologySelectorLabelRequirement: values required and distinct, the key a label name. */
function validateRequirement(req: TopologySelectorLabelRequirement, path: Path, errs: FieldError[]): Set<string> {
  const values = arr<string>(req.values);
  const set = new Set<string>();
  if (values.length === 0) errs.push(required(path.child("values"), ""));
  values.forEach((v, i) => {
    if (set.has(v)) errs.push(duplicate(path.child("values").index(i), v));
    set.add(v);
  });
  const key = str(req.key);
  for (const msg of isQualifiedName(key)) errs.push(invalid(path.child("key"), key, msg));
  return set;
}

/** ValidateTopologySelectorTerm: each requirement, and no key twice (the last one wins in the map). */
function validateTerm(term: TopologySelectorTerm, path: Path, errs: FieldError[]): ExprMap {
  const exprs: ExprMap = new Map();
  const at = path.child("matchLabelExpressions");
  arr<TopologySelectorLabelRequirement>(term.matchLabelExpressions).forEach((req, i) => {
    const r = isObj(req) ? req : ({} as TopologySelectorLabelRequirement);
    const values = validateRequirement(r, at.index(i), errs);
    const key = str(r.key);
    if (exprs.has(key)) errs.push(duplicate(at.index(i).child("key"), key));
    exprs.set(key, values);
  });
  return exprs;
}

/** Semantic equality of two terms' maps (an empty map equals a nil one). */
function sameExprs(a: ExprMap, b: ExprMap): boolean {
  if (a.size !== b.size) return false;
  for (const [k, va] of a) {
    const vb = b.get(k);
    if (!vb || va.size !== vb.size) return false;
    for (const v of va) if (!vb.has(v)) return false;
  }
  return true;
}

/**
 * validateAllowedTopologies: each term, and no two terms alike. Upstream compares each term
 * with a slice that starts with one nil map per term, so a term without requirements is
 * reported as a duplicate that many times (and once more per earlier empty term).
 */
function validateAllowedTopologies(topologies: unknown, path: Path): FieldError[] {
  const terms = arr<TopologySelectorTerm>(topologies);
  if (terms.length === 0) return [];
  const errs: FieldError[] = [];
  const seen: ExprMap[] = terms.map(() => new Map());
  terms.forEach((term, i) => {
    const exprs = validateTerm(isObj(term) ? term : {}, path.index(i), errs);
    for (const t of seen) if (sameExprs(exprs, t)) errs.push(duplicate(path.index(i).child("matchLabelExpressions"), ""));
    seen.push(exprs);
  });
  return errs;
}

/** ValidateStorageClass (less metadata). */
export function validateStorageClass(sc: StorageClass): FieldError[] {
  return [
    ...validateProvisioner(str(sc.provisioner), Path.root("provisioner")),
    ...validateParameters(sc.parameters, Path.root("parameters")),
    ...validateReclaimPolicy(sc.reclaimPolicy, Path.root("reclaimPolicy")),
    ...validateVolumeBindingMode(sc.volumeBindingMode, Path.root("volumeBindingMode")),
    ...validateAllowedTopologies(sc.allowedTopologies, Path.root("allowedTopologies")),
  ];
}

/**
 * The update rules (less metadata): the class rules again, as upstream's strategy runs them,
 * then ValidateStorageClassUpdate: parameters, provisioner, reclaimPolicy and
 * volumeBindingMode cannot change.
 */
export function validateStorageClassUpdate(sc: StorageClass, old: StorageClass): FieldError[] {
  const errs = validateStorageClass(sc);
  if (!jsonEqual(sc.parameters ?? null, old.parameters ?? null)) errs.push(forbidden(Path.root("parameters"), "updates to parameters are forbidden."));
  if (str(sc.provisioner) !== str(old.provisioner)) errs.push(forbidden(Path.root("provisioner"), "updates to provisioner are forbidden."));
  if (str(sc.reclaimPolicy) !== str(old.reclaimPolicy)) errs.push(forbidden(Path.root("reclaimPolicy"), "updates to reclaimPolicy are forbidden."));
  errs.push(...validateImmutable(sc.volumeBindingMode ?? null, old.volumeBindingMode ?? null, Path.root("volumeBindingMode")));
  return errs;
}
