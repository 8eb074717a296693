import type { FieldSchema } from "../meta/field-schema.ts";
import { ApplyError } from "./errors.ts";
import { compareElements, fieldElement, type PathElement } from "./path.ts";
import { childSchema, isObj, itemElement, resolve } from "./schema-type.ts";
import { jsonEqual } from "./typed.ts";
import { zeroSkeleton } from "./updater.ts";

/**
 * The FieldsV1 a create records for its manager, built in one walk of the new object:
 * the same result as comparing the object with its zero skeleton (zeroSkeleton), keeping
 * added and modified paths, dropping status when the schema has one (reset by the
 * strategy) and the stripped metadata fields, then encoding the set (sorted, "." marks).
 *
 * Paths are visited in sorted order, not the object's order; when a list item has no key,
 * the walk gives up (returns undefined) so that the caller's general path reports the
 * error upstream's walk meets first.
 */
export function createFieldsV1(obj: Readonly<Record<string, unknown>>, schema: FieldSchema): Record<string, unknown> | undefined {
  try {
    return rootFields(obj, schema);
  } catch (e) {
    if (e instanceof ApplyError) return undefined;
    throw e;
  }
}

/** Struct fields present in Go's zero value of an object (as zeroSkeleton). */
const ZERO_STRUCT_FIELDS = new Set(["metadata", "spec", "status", "template", "strategy", "updateStrategy", "jobTemplate"]);
/** The skeleton stops below this depth (as zeroSkeleton). */
const MAX_SKELETON_DEPTH = 6;
/** metadata fields never tracked (STRIP_SET, below metadata). */
const STRIPPED_META = new Set(["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"]);
const STRIPPED_ROOT = new Set(["apiVersion", "kind", "metadata"]);

type Out = Record<string, unknown>;

function hasDefinedValue(o: Readonly<Record<string, unknown>>): boolean {
  for (const k in o) if (o[k] !== undefined) return true;
  return false;
}

/** The keys in string order; objects are small, so an insertion sort beats Array#sort. */
function sortedKeys(o: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(o);
  const n = keys.length;
  if (n > 32) return keys.sort();
  for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** A stripped path keeps its descendants but not itself: drop the "." mark, or the whole leaf. */
function unmark(v: Out): Out | undefined {
  if (Object.hasOwn(v, ".")) delete v["."];
  for (const _ in v) return v;
  return undefined;
}

function rootFields(obj: Readonly<Record<string, unknown>>, schema: FieldSchema): Out {
  const out: Out = {};
  const skipStatus = schema.field("status") !== undefined;
  for (const k of sortedKeys(obj)) {
    const v = obj[k];
    if (v === undefined || (skipStatus && k === "status")) continue;
    const s = childSchema(schema, k);
    let f: Out | undefined;
    if (k === "metadata" && isObj(v)) f = metadataFields(v, s);
    else f = childFields(k, v, s, 0);
    if (f && STRIPPED_ROOT.has(k)) f = unmark(f);
    if (f) out[fieldElement(k)] = f;
  }
  return out;
}

/** metadata without managedFields, its system fields untracked. */
function metadataFields(meta: Readonly<Record<string, unknown>>, s: FieldSchema): Out | undefined {
  const skeleton = s.kind === "object";
  if (!skeleton) {
    const f = newFields(withoutKey(meta, "managedFields"), s);
    return f && stripMetaChildren(f);
  }
  const t = resolve(s);
  if (t.atomic) {
    const view = withoutKey(meta, "managedFields");
    return jsonEqual(zeroSkeleton(view, s, 1), view) ? undefined : {};
  }
  const out: Out = {};
  for (const k of sortedKeys(meta)) {
    const v = meta[k];
    if (v === undefined || k === "managedFields") continue;
    let f = childFields(k, v, childSchema(s, k), 1);
    if (f && STRIPPED_META.has(k)) f = unmark(f);
    if (f) out[fieldElement(k)] = f;
  }
  return out;
}

function stripMetaChildren(f: Out): Out {
  for (const k of STRIPPED_META) {
    const pe = fieldElement(k);
    const c = f[pe] as Out | undefined;
    if (c !== undefined && unmark(c) === undefined) delete f[pe];
  }
  return f;
}

function withoutKey(o: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  if (!Object.hasOwn(o, key)) return o as Record<string, unknown>;
  const c = { ...o };
  delete c[key];
  return c;
}

/**
 * The entry of a child of a skeleton node at `depth`: a skeleton struct itself, a
 * container list the zero value has as null, or a new value.
 */
function childFields(k: string, v: unknown, s: FieldSchema, depth: number): Out | undefined {
  if (depth <= MAX_SKELETON_DEPTH) {
    if (isObj(v) && s.kind === "object" && ZERO_STRUCT_FIELDS.has(k)) return skeletonFields(v, s, depth + 1);
    if (k === "containers" && Array.isArray(v) && s.kind === "array") return nullListFields(v, s);
  }
  return newFields(v, s);
}

/** A struct the zero value has: not a path of its own unless changed as a whole (atomic). */
function skeletonFields(v: Readonly<Record<string, unknown>>, s: FieldSchema, depth: number): Out | undefined {
  const t = resolve(s);
  if (t.atomic) return jsonEqual(zeroSkeleton(v, s, depth), v) ? undefined : {};
  let out: Out | undefined;
  for (const k of sortedKeys(v)) {
    const x = v[k];
    if (x === undefined) continue;
    const f = childFields(k, x, childSchema(s, k), depth);
    if (f) (out ??= {})[fieldElement(k)] = f;
  }
  return out;
}

/** A list the zero value has as null: a changed leaf when atomic or empty, else its items. */
function nullListFields(v: readonly unknown[], s: FieldSchema): Out | undefined {
  const t = resolve(s);
  if (t.atomic || v.length === 0) return {};
  return listItems({}, v, s);
}

/** A value the old object lacks: itself and every path below it. */
function newFields(v: unknown, s: FieldSchema): Out {
  const t = resolve(s);
  if (t.kind === "scalar") return {};
  if (t.kind === "list" || (t.kind === "deduced" && Array.isArray(v))) {
    if (t.kind === "deduced" || t.atomic || !Array.isArray(v) || v.length === 0) return {};
    return listItems({ ".": {} }, v, s);
  }
  if (t.kind === "struct" || t.kind === "map" || t.kind === "deduced") {
    if (t.atomic || !isObj(v) || !hasDefinedValue(v)) return {};
    const out: Out = { ".": {} };
    for (const k of sortedKeys(v)) {
      const x = v[k];
      if (x !== undefined) out[fieldElement(k)] = newFields(x, childSchema(s, k));
    }
    return out;
  }
  return {};
}

/** Each distinct item (the first of equal keys, as upstream's merge), in element order. */
function listItems(out: Out, v: readonly unknown[], s: FieldSchema): Out {
  const t = resolve(s);
  const items = s.items ?? childSchema(s, "");
  if (v.length === 1) {
    out[itemElement(t, v[0], 0)] = newFields(v[0], items);
    return out;
  }
  const pes: PathElement[] = [];
  const firsts = new Map<PathElement, unknown>();
  for (let i = 0; i < v.length; i++) {
    const pe = itemElement(t, v[i], i);
    if (firsts.has(pe)) continue;
    firsts.set(pe, v[i]);
    pes.push(pe);
  }
  if (pes.length > 1) pes.sort(compareElements);
  for (const pe of pes) out[pe] = newFields(firsts.get(pe), items);
  return out;
}
