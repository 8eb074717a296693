import type { FieldSchema } from "../meta/field-schema.ts";
import { quotedName, rememberJson } from "../meta/object-json.ts";
import { deepFreeze } from "../../util/deep-freeze.ts";
import { holdEncodings } from "../../util/encoding-cache.ts";
import { ApplyError } from "./errors.ts";
import { copyKey, createFieldsKey, hashKey, idGeneration, sameKey } from "./create-fields-key.ts";
import { GENERAL_PATH, hasDefinedValue, MAX_SKELETON_DEPTH, STRIPPED_META, STRIPPED_ROOT, withoutKey, ZERO_STRUCT_FIELDS } from "./create-fields-rules.ts";
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
 * Objects made alike (a ReplicaSet's pods, a client's repeated creates) have the same
 * set, so a memo keeps the sets made, each one frozen and shared, its JSON remembered for
 * objectJson and its msgpack bytes for the store (util/encoding-cache.ts). The memo is
 * looked up by a key the same walk writes as integers in the object's own key order
 * (create-fields-key.ts); only for a key not seen does this walk write the set's JSON
 * text, which keys the sets themselves. Building the nested objects of every set was a
 * fifth of the apiserver's time on a pod create, and then writing its text a sixth
 * (docs/decisions.md).
 *
 * Paths are visited in sorted order, not the object's order; when a list item has no key,
 * the walk gives up (returns undefined) so that the caller's general path reports the
 * error upstream's walk meets first. So does an object whose metadata has no object schema.
 */
export function createFieldsV1(obj: Readonly<Record<string, unknown>>, schema: FieldSchema): Record<string, unknown> | undefined {
  const length = walking(() => createFieldsKey(obj, schema));
  if (length === undefined) return undefined;
  if (length < 0) {
    const text = walking(() => rootFields(obj, schema));
    return text === undefined ? undefined : setOf(text);
  }
  let sets = memo.get(schema);
  if (!sets || sets.generation !== idGeneration()) memo.set(schema, (sets = { generation: idGeneration(), byKey: new Map(), keys: 0, byText: new Map() }));
  const hash = hashKey(length);
  const candidates = sets.byKey.get(hash);
  if (candidates) for (const c of candidates) if (sameKey(c.key, length)) return c.set;
  // a key not seen: the set's text (sorted), shared with objects whose keys came in another order
  const key = copyKey(length);
  const text = walking(() => rootFields(obj, schema));
  if (text === undefined) return undefined;
  let set = sets.byText.get(text);
  if (!set) {
    if (sets.byText.size >= MEMO_PER_SCHEMA) sets.byText.clear();
    set = setOf(text);
    sets.byText.set(text, set);
  }
  if (sets.keys >= MEMO_PER_SCHEMA) {
    sets.byKey.clear();
    sets.keys = 0;
  }
  const entry = { key, set };
  if (candidates && sets.byKey.has(hash)) candidates.push(entry);
  else sets.byKey.set(hash, [entry]);
  sets.keys++;
  return set;
}

/** What a walk returns, or undefined where the general path must run instead. */
function walking<T>(walk: () => T): T | undefined {
  try {
    return walk();
  } catch (e) {
    if (e instanceof ApplyError || e === GENERAL_PATH) return undefined;
    throw e;
  }
}

/** The set written as `text`, frozen to be shared, its JSON and msgpack bytes remembered. */
function setOf(text: string): Record<string, unknown> {
  const set = deepFreeze(holdEncodings(JSON.parse(text) as Record<string, unknown>));
  rememberJson(set, text);
  return set;
}

interface SchemaSets {
  /** The interning generation the keys were made in (create-fields-key.ts). */
  generation: number;
  /** Sets by their key's hash, each with its key. */
  byKey: Map<number, { key: Int32Array; set: Record<string, unknown> }[]>;
  keys: number;
  /** Sets by their JSON text. */
  byText: Map<string, Record<string, unknown>>;
}

/** Sets made, per schema (each map emptied when full). */
const memo = new WeakMap<FieldSchema, SchemaSets>();
const MEMO_PER_SCHEMA = 512;

/**
 * A set being written: whether it holds "." (the path itself, always first) and the JSON
 * of its entries (`"pe":{...},...`, in order). Never changed once made.
 */
interface Node {
  readonly dot: boolean;
  readonly body: string;
}

/** An empty set, `{}`: a leaf. */
const LEAF: Node = Object.freeze({ dot: false, body: "" });

function text(n: Node): string {
  if (!n.dot) return `{${n.body}}`;
  return n.body === "" ? `{".":{}}` : `{".":{},${n.body}}`;
}

/** `body` with the entry `pe` -> `n` after what it holds. */
function entry(body: string, pe: string, n: Node): string {
  const e = `${quotedName(pe)}:${text(n)}`;
  return body === "" ? e : `${body},${e}`;
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
function unmark(n: Node): Node | undefined {
  if (n.body === "") return undefined;
  return n.dot ? { dot: false, body: n.body } : n;
}

function rootFields(obj: Readonly<Record<string, unknown>>, schema: FieldSchema): string {
  let body = "";
  const skipStatus = schema.field("status") !== undefined;
  for (const k of sortedKeys(obj)) {
    const v = obj[k];
    if (v === undefined || (skipStatus && k === "status")) continue;
    const s = childSchema(schema, k);
    let f: Node | undefined;
    if (k === "metadata" && isObj(v)) f = metadataFields(v, s);
    else f = childFields(k, v, s, 0);
    if (f && STRIPPED_ROOT.has(k)) f = unmark(f);
    if (f) body = entry(body, fieldElement(k), f);
  }
  return `{${body}}`;
}

/** metadata without managedFields, its system fields untracked. */
function metadataFields(meta: Readonly<Record<string, unknown>>, s: FieldSchema): Node | undefined {
  // metadata without an object schema: rare enough to leave to the general path
  if (s.kind !== "object") throw GENERAL_PATH;
  const t = resolve(s);
  if (t.atomic) {
    const view = withoutKey(meta, "managedFields");
    return jsonEqual(zeroSkeleton(view, s, 1), view) ? undefined : LEAF;
  }
  let body = "";
  for (const k of sortedKeys(meta)) {
    const v = meta[k];
    if (v === undefined || k === "managedFields") continue;
    let f = childFields(k, v, childSchema(s, k), 1);
    if (f && STRIPPED_META.has(k)) f = unmark(f);
    if (f) body = entry(body, fieldElement(k), f);
  }
  return { dot: false, body };
}


/**
 * The entry of a child of a skeleton node at `depth`: a skeleton struct itself, a
 * container list the zero value has as null, or a new value.
 */
function childFields(k: string, v: unknown, s: FieldSchema, depth: number): Node | undefined {
  if (depth <= MAX_SKELETON_DEPTH) {
    if (isObj(v) && s.kind === "object" && ZERO_STRUCT_FIELDS.has(k)) return skeletonFields(v, s, depth + 1);
    if (k === "containers" && Array.isArray(v) && s.kind === "array") return nullListFields(v, s);
  }
  return newFields(v, s);
}

/** A struct the zero value has: not a path of its own unless changed as a whole (atomic). */
function skeletonFields(v: Readonly<Record<string, unknown>>, s: FieldSchema, depth: number): Node | undefined {
  const t = resolve(s);
  if (t.atomic) return jsonEqual(zeroSkeleton(v, s, depth), v) ? undefined : LEAF;
  let body = "";
  for (const k of sortedKeys(v)) {
    const x = v[k];
    if (x === undefined) continue;
    const f = childFields(k, x, childSchema(s, k), depth);
    if (f) body = entry(body, fieldElement(k), f);
  }
  return body === "" ? undefined : { dot: false, body };
}

/** A list the zero value has as null: a changed leaf when atomic or empty, else its items. */
function nullListFields(v: readonly unknown[], s: FieldSchema): Node {
  const t = resolve(s);
  if (t.atomic || v.length === 0) return LEAF;
  return listItems(false, v, s);
}

/** A value the old object lacks: itself and every path below it. */
function newFields(v: unknown, s: FieldSchema): Node {
  const t = resolve(s);
  if (t.kind === "scalar") return LEAF;
  if (t.kind === "list" || (t.kind === "deduced" && Array.isArray(v))) {
    if (t.kind === "deduced" || t.atomic || !Array.isArray(v) || v.length === 0) return LEAF;
    return listItems(true, v, s);
  }
  if (t.kind === "struct" || t.kind === "map" || t.kind === "deduced") {
    if (t.atomic || !isObj(v) || !hasDefinedValue(v)) return LEAF;
    let body = "";
    for (const k of sortedKeys(v)) {
      const x = v[k];
      if (x !== undefined) body = entry(body, fieldElement(k), newFields(x, childSchema(s, k)));
    }
    return { dot: true, body };
  }
  return LEAF;
}

/** Each distinct item (the first of equal keys, as upstream's merge), in element order. */
function listItems(dot: boolean, v: readonly unknown[], s: FieldSchema): Node {
  const t = resolve(s);
  const items = s.items ?? childSchema(s, "");
  if (v.length === 1) return { dot, body: entry("", itemElement(t, v[0], 0), newFields(v[0], items)) };
  const pes: PathElement[] = [];
  const firsts = new Map<PathElement, unknown>();
  for (let i = 0; i < v.length; i++) {
    const pe = itemElement(t, v[i], i);
    if (firsts.has(pe)) continue;
    firsts.set(pe, v[i]);
    pes.push(pe);
  }
  if (pes.length > 1) pes.sort(compareElements);
  let body = "";
  for (const pe of pes) body = entry(body, pe, newFields(firsts.get(pe), items));
  return { dot, body };
}
