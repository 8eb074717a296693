/**
 * Pruning of metadata to ObjectMeta's fields, as decoding into metav1.ObjectMeta does
 * upstream for a custom resource's root metadata and for embedded resources' metadata.
 * Field names come from the declared ObjectMeta schema; unknown fields are removed at
 * every level (owner references, managed fields entries) and reported in the order the
 * strict JSON decoder meets them (keys sorted, depth first). Values of the wrong type
 * are left alone.
 */
import type { FieldSchema } from "../meta/field-schema.ts";
import { fieldSchemaOf } from "../schema/field-schema.ts";
import { ObjectMetaSchema } from "../types/meta/object-meta.ts";
import { isJsonObject } from "./types.ts";

let objectMeta: FieldSchema | undefined;

/** ObjectMeta's FieldSchema (built on first use). */
export function objectMetaFieldSchema(): FieldSchema {
  return (objectMeta ??= fieldSchemaOf(ObjectMetaSchema));
}

/** Removes fields ObjectMeta does not have from meta, adding their paths (prefixed with `path`) to `unknown`. */
export function pruneObjectMeta(meta: unknown, path: string, unknown: string[]): void {
  prune(meta, objectMetaFieldSchema(), path, unknown);
}

function prune(x: unknown, s: FieldSchema, path: string, unknown: string[]): void {
  if (s.kind === "array") {
    if (Array.isArray(x) && s.items) for (let i = 0; i < x.length; i++) prune(x[i], s.items, `${path}[${i}]`, unknown);
    return;
  }
  if ((s.kind !== "object" && s.kind !== "map") || !isJsonObject(x)) return;
  const keys = Object.keys(x);
  if (s.kind === "object") keys.sort();
  for (const k of keys) {
    const sub = s.field(k);
    if (sub === undefined) {
      unknown.push(`${path}.${k}`);
      delete x[k];
    } else if (sub.kind !== "scalar" && sub.kind !== "any") prune(x[k], sub, s.kind === "map" ? `${path}[${k}]` : `${path}.${k}`, unknown);
  }
}

const GO_JSON_KIND: Readonly<Record<string, string>> = { string: "string", number: "number", boolean: "bool" };

/** The JSON kind name Go's decoder puts in "cannot unmarshal <kind>" messages. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v !== null && typeof v === "object") return "object";
  return GO_JSON_KIND[typeof v] ?? "number";
}

const STRING_FIELDS = new Set(["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion"]);
const INT_FIELDS = new Set(["generation", "deletionGracePeriodSeconds"]);
const LIST_FIELDS: Readonly<Record<string, string>> = {
  finalizers: "[]string",
  ownerReferences: "[]v1.OwnerReference",
  managedFields: "[]v1.ManagedFieldsEntry",
};

/**
 * The error decoding metadata into metav1.ObjectMeta would give, for the common cases (a
 * non-object, a field or label/annotation/finalizer of the wrong JSON type); undefined when
 * it decodes. Fields are visited in the order Go marshals them (sorted), the first error wins.
 */
export function objectMetaDecodeError(meta: unknown): string | undefined {
  if (meta === null || meta === undefined) return undefined;
  if (!isJsonObject(meta)) return `json: cannot unmarshal ${jsonKind(meta)} into Go value of type v1.ObjectMeta`;
  const fieldErr = (kind: string, field: string, type: string) => `json: cannot unmarshal ${kind} into Go struct field ObjectMeta.${field} of type ${type}`;
  for (const k of Object.keys(meta).sort()) {
    const v = meta[k];
    if (v === null) continue;
    if (STRING_FIELDS.has(k) && typeof v !== "string") return fieldErr(jsonKind(v), k, "string");
    if (INT_FIELDS.has(k)) {
      if (typeof v !== "number") return fieldErr(jsonKind(v), k, "int64");
      if (!Number.isInteger(v)) return fieldErr(`number ${v}`, k, "int64");
    }
    if (k === "labels" || k === "annotations") {
      if (!isJsonObject(v)) return fieldErr(jsonKind(v), k, "map[string]string");
      for (const key of Object.keys(v).sort()) {
        const s = v[key];
        if (s !== null && typeof s !== "string") return fieldErr(jsonKind(s), k, "string");
      }
    }
    const list = Object.hasOwn(LIST_FIELDS, k) ? LIST_FIELDS[k] : undefined;
    if (list !== undefined) {
      if (!Array.isArray(v)) return fieldErr(jsonKind(v), k, list);
      if (k === "finalizers") for (const s of v) if (s !== null && typeof s !== "string") return fieldErr(jsonKind(s), k, "string");
    }
  }
  return undefined;
}
