import { isQualifiedName, isValidLabelValue } from "./names.ts";
import { validateNamespaceName, type NameValidator } from "../names/object-names.ts";
import type { ObjectMeta, OwnerReference } from "../meta/types.ts";
import { forbidden, invalid, Path, required, tooLong, type FieldError } from "./field-error.ts";
import { goStrings } from "./go-values.ts";

/** ObjectMeta rules (apimachinery/pkg/api/validation/objectmeta.go). */

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
export const FIELD_IMMUTABLE = "field is immutable";
export const IS_NEGATIVE = "must be greater than or equal to 0";

export function validateLabels(labels: Record<string, string> | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  for (const k in labels) {
    const v = labels[k]!;
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    for (const msg of isValidLabelValue(String(v))) errs.push(invalid(path, v, msg));
  }
  return errs;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export function validateAnnotations(annotations: Record<string, string> | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const k in annotations) {
    const v = annotations[k]!;
    // Keys are qualified names except that case does not matter.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    total += utf8Length(k) + utf8Length(String(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, "", TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

function validateOwnerReference(ref: OwnerReference, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = ref.apiVersion ?? "";
  const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
  if (!version) errs.push(invalid(path.child("apiVersion"), apiVersion, "version must not be empty"));
  if (!ref.kind) errs.push(invalid(path.child("kind"), ref.kind ?? "", "must not be empty"));
  if (!ref.name) errs.push(invalid(path.child("name"), ref.name ?? "", "must not be empty"));
  if (!ref.uid) errs.push(invalid(path.child("uid"), ref.uid ?? "", "must not be empty"));
  return errs;
}

export function validateOwnerReferences(refs: OwnerReference[] | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, path));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

export function validateFinalizers(finalizers: string[] | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  let orphan = false;
  let foreground = false;
  for (const f of finalizers ?? []) {
    for (const msg of isQualifiedName(f)) errs.push(invalid(path, f, msg));
    if (f === "orphan") orphan = true;
    if (f === "foregroundDeletion") foreground = true;
  }
  if (orphan && foreground) errs.push(invalid(path, finalizers, "finalizer orphan and foregroundDeletion cannot be both set"));
  return errs;
}

export function validateNonnegative(value: number | undefined, path: Path): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(path, value, IS_NEGATIVE)] : [];
}

function validateManagedFields(entries: ObjectMeta["managedFields"], path: Path): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const p = path.index(i);
    if (e.operation !== "Apply" && e.operation !== "Update") errs.push(invalid(p.child("operation"), e.operation ?? "", "must be `Apply` or `Update`"));
    if (e.fieldsType !== undefined && e.fieldsType !== "FieldsV1") errs.push(invalid(p.child("fieldsType"), e.fieldsType, "must be `FieldsV1`"));
  });
  return errs;
}

export interface MetaOptions {
  namespaced: boolean;
  nameFn: NameValidator;
}

/** ValidateObjectMeta: name/generateName, namespace by scope, labels, annotations, owners, finalizers. */
export function validateObjectMeta(meta: ObjectMeta, opts: MetaOptions, path: Path = Path.root("metadata")): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of opts.nameFn(meta.generateName, true)) errs.push(invalid(path.child("generateName"), meta.generateName, msg));
  }
  if (!meta.name) {
    errs.push(required(path.child("name"), "name or generateName is required"));
  } else {
    for (const msg of opts.nameFn(meta.name, false)) errs.push(invalid(path.child("name"), meta.name, msg));
  }
  if (opts.namespaced) {
    if (!meta.namespace) errs.push(required(path.child("namespace"), ""));
    else for (const msg of validateNamespaceName(meta.namespace, false)) errs.push(invalid(path.child("namespace"), meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(forbidden(path.child("namespace"), "not allowed on this type"));
  }
  errs.push(...validateNonnegative(meta.generation, path.child("generation")));
  errs.push(...validateLabels(meta.labels, path.child("labels")));
  errs.push(...validateAnnotations(meta.annotations, path.child("annotations")));
  errs.push(...validateOwnerReferences(meta.ownerReferences, path.child("ownerReferences")));
  errs.push(...validateFinalizers(meta.finalizers, path.child("finalizers")));
  errs.push(...validateManagedFields(meta.managedFields, path.child("managedFields")));
  return errs;
}

/** Deep equality of JSON values, treating absent and undefined alike. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** ValidateImmutableField: "field is immutable" with the new value. */
export function validateImmutable(newValue: unknown, oldValue: unknown, path: Path): FieldError[] {
  return jsonEqual(newValue ?? null, oldValue ?? null) ? [] : [invalid(path, newValue, FIELD_IMMUTABLE)];
}

/** ValidateObjectMetaUpdate: identity fields immutable, no new finalizers while deleting. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path: Path = Path.root("metadata")): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const oldSet = new Set(old.finalizers ?? []);
    const extra = [...new Set((meta.finalizers ?? []).filter((f) => !oldSet.has(f)))].sort();
    if (extra.length)
      errs.push(forbidden(path.child("finalizers"), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStrings(extra)}`));
  }
  if ((meta.generation ?? 0) < (old.generation ?? 0)) errs.push(invalid(path.child("generation"), meta.generation ?? 0, "must not be decremented"));
  errs.push(...validateImmutable(meta.name ?? "", old.name ?? "", path.child("name")));
  errs.push(...validateImmutable(meta.namespace ?? "", old.namespace ?? "", path.child("namespace")));
  errs.push(...validateImmutable(meta.uid ?? "", old.uid ?? "", path.child("uid")));
  errs.push(...validateImmutable(meta.creationTimestamp ?? null, old.creationTimestamp ?? null, path.child("creationTimestamp")));
  errs.push(...validateImmutable(meta.deletionTimestamp ?? null, old.deletionTimestamp ?? null, path.child("deletionTimestamp")));
  errs.push(...validateImmutable(meta.deletionGracePeriodSeconds ?? null, old.deletionGracePeriodSeconds ?? null, path.child("deletionGracePeriodSeconds")));
  errs.push(...validateLabels(meta.labels, path.child("labels")));
  errs.push(...validateAnnotations(meta.annotations, path.child("annotations")));
  errs.push(...validateOwnerReferences(meta.ownerReferences, path.child("ownerReferences")));
  errs.push(...validateManagedFields(meta.managedFields, path.child("managedFields")));
  return errs;
}
