/**
 * The memo key of a create's FieldsV1 set (create-fields.ts): the walk's result as a row
 * of integers instead of text. The walk makes the decisions the set's own walk makes, in
 * the object's key order; a node is OPEN, then its entries (an element's id, then the
 * child node), then CLOSE or CLOSE_DOT (the node holds "."). That row is one-to-one with
 * the set for objects whose keys come in one order, and costs no string building: each
 * field name and list element is interned once as a small id.
 *
 * Building text for the key took most of a pod's FieldsV1 time, on every create, only
 * to find a set the memo already had.
 */
import type { FieldSchema } from "../meta/field-schema.ts";
import { jsonEqual } from "./typed.ts";
import { zeroSkeleton } from "./updater.ts";
import { childSchema, isObj, itemElement, KEY_DEFAULTS, resolve, type TypeInfo } from "./schema-type.ts";
import { GENERAL_PATH, hasDefinedValue, MAX_SKELETON_DEPTH, STRIPPED_META, STRIPPED_ROOT, withoutKey, ZERO_STRUCT_FIELDS } from "./create-fields-rules.ts";

const OPEN = -1;
const CLOSE = -2;
const CLOSE_DOT = -3;

/** Ids of field names and of list elements, one space; emptied (a new generation) when full. */
const fieldIds = new Map<string, number>();
const elementIds = new Map<string, number>();
const MAX_IDS = 50_000;
let nextId = 1;
let generation = 0;

/** Which interning the ids of a key belong to: keys of another generation mean nothing now. */
export function idGeneration(): number {
  return generation;
}

/**
 * Ids of list items by what their element is made of, so that no element text is built:
 * a map-list's items per list type, then by each key's value in turn; a set's items by
 * value; others by index. Equal elements get one id, as they have one text.
 */
let keyedItemIds = new WeakMap<TypeInfo, Map<unknown, unknown>>();
const valueItemIds = new Map<unknown, number>();
const indexItemIds = new Map<number, number>();

function newId(): number {
  if (nextId > MAX_IDS) restartIds();
  return nextId++;
}

/** The id of `k` in `ids`, given one when it has none. */
function intern<K>(ids: Map<K, number>, k: K): number {
  let id = ids.get(k);
  if (id === undefined) ids.set(k, (id = newId()));
  return id;
}

const fieldId = (k: string): number => intern(fieldIds, k);
const elementId = (pe: string): number => intern(elementIds, pe);

const isScalar = (v: unknown): boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** The id of a list item's element (as itemElement makes it), for the usual items without its text. */
function itemId(t: TypeInfo, item: unknown, index: number): number {
  if (t.listKind === "map") {
    const keys = t.keys;
    if (keys === undefined || keys.length === 0 || !isObj(item)) return elementId(itemElement(t, item, index));
    let level = keyedItemIds.get(t);
    if (level === undefined) keyedItemIds.set(t, (level = new Map()));
    const last = keys.length - 1;
    for (let j = 0; ; j++) {
      const k = keys[j]!;
      const v = Object.hasOwn(item, k) && item[k] !== null ? item[k] : KEY_DEFAULTS[k];
      // a missing key (itemElement's error) or a structured one: the element's text
      if (!isScalar(v)) return elementId(itemElement(t, item, index));
      if (j === last) return intern(level as Map<unknown, number>, v);
      let next = level.get(v) as Map<unknown, unknown> | undefined;
      if (next === undefined) level.set(v, (next = new Map()));
      level = next;
    }
  }
  if (t.listKind === "set") {
    return isScalar(item) ? intern(valueItemIds, item) : elementId(itemElement(t, item, index));
  }
  return intern(indexItemIds, index);
}

function restartIds(): void {
  fieldIds.clear();
  elementIds.clear();
  keyedItemIds = new WeakMap();
  valueItemIds.clear();
  indexItemIds.clear();
  nextId = 1;
  generation++;
}

let row = new Int32Array(1024);
let at = 0;

function put(token: number): void {
  if (at === row.length) {
    const bigger = new Int32Array(row.length * 2);
    bigger.set(row);
    row = bigger;
  }
  row[at++] = token;
}

/**
 * Writes the key of `obj`'s set and returns its length (read it with hashKey, sameKey and
 * copyKey before the next call), or -1 when it has none: the interning started over during
 * the walk (an object with more distinct names than it keeps). Throws what the set's walk
 * throws (ApplyError, GENERAL_PATH) where that walk would.
 */
export function createFieldsKey(obj: Readonly<Record<string, unknown>>, schema: FieldSchema): number {
  at = 0;
  const gen = generation;
  rootKey(obj, schema);
  // ids were restarted during the walk, so its first part used ids that mean nothing now
  return gen === generation ? at : -1;
}

/** A hash of the key just written (FNV-1a over its tokens). */
export function hashKey(length: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ row[i]!, 0x01000193);
  return h;
}

/** Whether `stored` is the key just written. */
export function sameKey(stored: Int32Array, length: number): boolean {
  if (stored.length !== length) return false;
  for (let i = 0; i < length; i++) if (stored[i] !== row[i]) return false;
  return true;
}

/** A copy of the key just written, to keep. */
export function copyKey(length: number): Int32Array {
  return row.slice(0, length);
}

function leaf(): true {
  put(OPEN);
  put(CLOSE);
  return true;
}

/**
 * After a child written from `mark` (its id, then its node): a stripped path keeps its
 * descendants but not itself, so drop the "." mark, or the child when it holds nothing.
 */
function unmarkSince(mark: number): void {
  if (at - mark === 3) at = mark;
  else if (row[at - 1] === CLOSE_DOT) row[at - 1] = CLOSE;
}

function rootKey(obj: Readonly<Record<string, unknown>>, schema: FieldSchema): void {
  put(OPEN);
  const skipStatus = schema.field("status") !== undefined;
  for (const k in obj) {
    const v = obj[k];
    if (v === undefined || (skipStatus && k === "status")) continue;
    const s = childSchema(schema, k);
    const mark = at;
    put(fieldId(k));
    const kept = k === "metadata" && isObj(v) ? metadataKey(v, s) : childKey(k, v, s, 0);
    if (!kept) at = mark;
    else if (STRIPPED_ROOT.has(k)) unmarkSince(mark);
  }
  put(CLOSE);
}

function metadataKey(meta: Readonly<Record<string, unknown>>, s: FieldSchema): boolean {
  if (s.kind !== "object") throw GENERAL_PATH;
  const t = resolve(s);
  if (t.atomic) {
    const view = withoutKey(meta, "managedFields");
    return jsonEqual(zeroSkeleton(view, s, 1), view) ? false : leaf();
  }
  put(OPEN);
  for (const k in meta) {
    const v = meta[k];
    if (v === undefined || k === "managedFields") continue;
    const mark = at;
    put(fieldId(k));
    if (!childKey(k, v, childSchema(s, k), 1)) at = mark;
    else if (STRIPPED_META.has(k)) unmarkSince(mark);
  }
  put(CLOSE);
  return true;
}

function childKey(k: string, v: unknown, s: FieldSchema, depth: number): boolean {
  if (depth <= MAX_SKELETON_DEPTH) {
    if (isObj(v) && s.kind === "object" && ZERO_STRUCT_FIELDS.has(k)) return skeletonKey(v, s, depth + 1);
    if (k === "containers" && Array.isArray(v) && s.kind === "array") return nullListKey(v, s);
  }
  return newKey(v, s);
}

function skeletonKey(v: Readonly<Record<string, unknown>>, s: FieldSchema, depth: number): boolean {
  const t = resolve(s);
  if (t.atomic) return jsonEqual(zeroSkeleton(v, s, depth), v) ? false : leaf();
  const start = at;
  put(OPEN);
  for (const k in v) {
    const x = v[k];
    if (x === undefined) continue;
    const mark = at;
    put(fieldId(k));
    if (!childKey(k, x, childSchema(s, k), depth)) at = mark;
  }
  if (at === start + 1) {
    at = start;
    return false;
  }
  put(CLOSE);
  return true;
}

function nullListKey(v: readonly unknown[], s: FieldSchema): boolean {
  const t = resolve(s);
  if (t.atomic || v.length === 0) return leaf();
  return listKey(false, v, s);
}

function newKey(v: unknown, s: FieldSchema): boolean {
  const t = resolve(s);
  if (t.kind === "scalar") return leaf();
  if (t.kind === "list" || (t.kind === "deduced" && Array.isArray(v))) {
    if (t.kind === "deduced" || t.atomic || !Array.isArray(v) || v.length === 0) return leaf();
    return listKey(true, v, s);
  }
  if (t.kind === "struct" || t.kind === "map" || t.kind === "deduced") {
    if (t.atomic || !isObj(v) || !hasDefinedValue(v)) return leaf();
    put(OPEN);
    for (const k in v) {
      const x = v[k];
      if (x === undefined) continue;
      put(fieldId(k));
      newKey(x, childSchema(s, k));
    }
    put(CLOSE_DOT);
    return true;
  }
  return leaf();
}

/** Each distinct item (the first of equal elements), in the list's order. */
function listKey(dot: boolean, v: readonly unknown[], s: FieldSchema): boolean {
  const t = resolve(s);
  const items = s.items ?? childSchema(s, "");
  put(OPEN);
  if (v.length === 1) {
    put(itemId(t, v[0], 0));
    newKey(v[0], items);
  } else {
    const seen = new Set<number>();
    for (let i = 0; i < v.length; i++) {
      const id = itemId(t, v[i], i);
      if (seen.has(id)) continue;
      seen.add(id);
      put(id);
      newKey(v[i], items);
    }
  }
  put(dot ? CLOSE_DOT : CLOSE);
  return true;
}
