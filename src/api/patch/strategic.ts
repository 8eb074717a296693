import { setOwn } from "../../util/own-keys.ts";
import { ANY_FIELD, type FieldSchema } from "../meta/field-schema.ts";
import { goValueString, PatchError } from "./errors.ts";
import { DIRECTIVE, extractToDeleteItems, isObj, noMergeKey, normalizeElementOrder, type Obj, partition } from "./strategic-order.ts";

/**
 * Strategic merge patch, apply side, as the apiserver runs it (strategicpatch.mergeMap with
 * MergeParallelList and IgnoreUnmatchedNulls): merge keys and strategies come from the
 * FieldSchema; directives $patch (replace | delete, and merge on maps as upstream rejects),
 * $retainKeys, $setElementOrder/<field> and $deleteFromPrimitiveList/<field> are honoured.
 */

const RETAIN_KEYS = "$retainKeys";
const SET_ORDER = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE = "$deleteFromPrimitiveList/";

const ERR_BAD_PRIMITIVE_LIST = "invalid patch format of primitive list";
const ERR_BAD_RETAIN_KEYS = "invalid patch format of retainKeys";
const ERR_BAD_SET_ORDER = "invalid patch format of setElementOrder list";
const ERR_LIST_OF_LISTS = "lists of lists are not supported";

interface FieldMeta {
  schema: FieldSchema;
  strategy: string;
  mergeKey: string;
}

/** The field's schema, with "merge"/"replace" from its strategy (retainKeys stripped). */
function lookup(schema: FieldSchema, key: string): FieldMeta {
  const sub = schema.field(key) ?? ANY_FIELD;
  const parts = sub.patchStrategy ? sub.patchStrategy.split(",").map((s) => s.trim()) : [];
  let strategy = "";
  if (parts.length === 1) strategy = parts[0] === "retainKeys" ? "" : (parts[0] as string);
  else if (parts.length === 2) {
    if (parts[0] === "retainKeys") strategy = parts[1] as string;
    else if (parts[1] === "retainKeys") strategy = parts[0] as string;
    else throw new PatchError(`unexpected patch strategy: [${parts.join(" ")}]`, 500);
  } else if (parts.length > 2) throw new PatchError(`unexpected patch strategy: [${parts.join(" ")}]`, 500);
  return { schema: sub, strategy, mergeKey: sub.patchMergeKey ?? "" };
}

type Kind = "map" | "slice" | "string" | "number" | "boolean" | "null";
function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "slice";
  if (typeof v === "object") return "map";
  return typeof v as Kind;
}

/** Drops maps carrying $patch (and directive keys) from a value that is taken as is. */
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (isObj(v)) {
    if (Object.hasOwn(v, DIRECTIVE)) return { value: undefined, keep: false };
    for (const [k, x] of Object.entries(v)) {
      if (k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE)) {
        delete v[k];
        continue;
      }
      const r = removeDirectives(x);
      if (r.keep) v[k] = r.value;
      else delete v[k];
    }
    return { value: v, keep: true };
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = removeDirectives(x);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  return { value: v, keep: true };
}

function discardNulls(v: unknown): void {
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) discardNulls(x);
  }
}

function handleDirectiveInMap(directive: unknown, patch: Obj): Obj {
  if (directive === "replace") {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === "delete") return {};
  throw new PatchError(`unknown patch type: ${String(directive)} in map: ${goValueString(patch)}`, 500);
}

function applyRetainKeys(original: Obj, patch: Obj): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw new PatchError(ERR_BAD_RETAIN_KEYS, 400);
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw new PatchError(ERR_BAD_RETAIN_KEYS, 400);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function elementKind(...lists: (readonly unknown[])[]): Kind | undefined {
  let prev: Kind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (prev === undefined) {
        prev = k;
        if (k === "slice") throw new PatchError(ERR_LIST_OF_LISTS, 422);
      } else if (prev !== k) {
        throw new PatchError(`list element types are not identical: ${lists.map((l) => goValueString(l)).join(" ")}`, 500);
      }
    }
  }
  return prev;
}

/** Checks that the patch list's items appear in the $setElementOrder list in the same order. */
function validateWithSetOrder(patchList: readonly unknown[], setOrder: readonly unknown[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList).keep : [...patchList];
  const keyOf = (x: unknown) => (mergeKey ? (isObj(x) ? x[mergeKey] : undefined) : x);
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrder.length) {
    if (isObj(nonDelete[p]) && Object.hasOwn(nonDelete[p] as Obj, DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKey) {
      if (!isObj(nonDelete[p]) || !Object.hasOwn(nonDelete[p] as Obj, mergeKey)) throw noMergeKey(nonDelete[p] as Obj, mergeKey);
      if (!isObj(setOrder[s]) || !Object.hasOwn(setOrder[s] as Obj, mergeKey)) throw noMergeKey(setOrder[s] as Obj, mergeKey);
    }
    if (keyOf(nonDelete[p]) === keyOf(setOrder[s])) p++;
    s++;
  }
  if (p < nonDelete.length && s >= setOrder.length) {
    throw new PatchError(`The order in patch list:\n${goValueString(patchList)}\n doesn't match $setElementOrder list:\n${goValueString(setOrder)}\n`, 500);
  }
}

function mergeSliceHandler(original: unknown[], patch: unknown[], meta: FieldMeta, isDeleteList: boolean): unknown[] {
  if (meta.strategy !== "merge") return patch;
  return mergeSlice(original, patch, meta.schema.items ?? ANY_FIELD, meta.mergeKey, isDeleteList);
}

/** Orders a list field by its $setElementOrder directive, merging the patch's list into it. */
function mergePatchIntoOriginal(original: Obj, patch: Obj, schema: FieldSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const setOrder = patch[key];
    delete patch[key];
    if (!Array.isArray(setOrder)) throw new PatchError(`expected a slice, but received a ${kindOf(setOrder)}`, 500);
    const field = key.slice(SET_ORDER.length);
    if (!field) throw new PatchError(ERR_BAD_SET_ORDER, 400);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const originalList = original[field];
    const patchList = patch[field];
    if (foundOriginal && !Array.isArray(originalList)) throw new PatchError(`expected a slice, but received a ${kindOf(originalList)}`, 500);
    if (foundPatch && !Array.isArray(patchList)) throw new PatchError(`expected a slice, but received a ${kindOf(patchList)}`, 500);
    const origValue = (foundOriginal ? originalList : []) as unknown[];
    const patchValue = (foundPatch ? patchList : []) as unknown[];
    const meta = lookup(schema, field);
    validateWithSetOrder(patchValue, setOrder, meta.mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = origValue;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchValue).value as unknown[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(origValue, patchValue, meta, false);
    else continue;
    const kind = elementKind(origValue, patchValue);
    if (kind === undefined) {
      setOwn(original, field, merged);
      delete patch[field];
      continue;
    }
    const maps = meta.mergeKey !== "";
    const { inList, serverOnly } = partition(merged, setOrder, meta.mergeKey, maps);
    setOwn(original, field, normalizeElementOrder(inList, serverOnly, setOrder, origValue, meta.mergeKey, kind === "map" && maps));
    delete patch[field];
  }
}

function mergeSlice(original: unknown[], patch: unknown[], elemSchema: FieldSchema, mergeKey: string, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: unknown[];
  let orig = original;
  let pat = patch;
  if (kind !== "map") {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    merged = [...new Set([...original, ...patch])];
  } else {
    if (!mergeKey) throw new PatchError("cannot merge lists without merge key for type map", 500);
    ({ original: orig, patch: pat } = mergeSpecialElements(original, patch, mergeKey));
    merged = mergeWithoutSpecialElements(orig, pat, mergeKey, elemSchema);
  }
  const maps = mergeKey !== "" && kind === "map";
  const { inList, serverOnly } = partition(merged, pat, maps ? mergeKey : "", maps);
  return normalizeElementOrder(inList, serverOnly, pat, orig, maps ? mergeKey : "", maps);
}

/** Applies $patch elements of a map list: delete removes matches, replace drops the live list. */
function mergeSpecialElements(original: unknown[], patch: unknown[], mergeKey: string): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const m = v as Obj;
    if (!Object.hasOwn(m, DIRECTIVE)) {
      plain.push(v);
      continue;
    }
    switch (m[DIRECTIVE]) {
      case "delete":
        if (!Object.hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
        orig = orig.filter((o) => {
          if (!isObj(o)) throw new PatchError("value for key is not a map.", 500);
          return !(Object.hasOwn(o, mergeKey) && o[mergeKey] === m[mergeKey]);
        });
        break;
      case "replace":
        replace = true;
        break;
      case "merge":
        throw new PatchError("merging lists cannot yet be specified in the patch", 500);
      default:
        throw new PatchError(`unknown patch type: ${String(m[DIRECTIVE])} in map: ${goValueString(m)}`, 500);
    }
  }
  return replace ? { original: plain, patch: [] } : { original: orig, patch: plain };
}

function mergeWithoutSpecialElements(original: unknown[], patch: unknown[], mergeKey: string, elemSchema: FieldSchema): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as Obj;
    if (!Object.hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
    const idx = out.findIndex((o) => {
      if (!isObj(o)) throw new PatchError("value for key is not a map.", 500);
      return Object.hasOwn(o, mergeKey) && o[mergeKey] === m[mergeKey];
    });
    if (idx >= 0) out[idx] = mergeMap(out[idx] as Obj, m, elemSchema);
    else out.push(removeDirectives(discardAndReturn(v)).value);
  }
  return out;
}

function discardAndReturn<T>(v: T): T {
  discardNulls(v);
  return v;
}

function mergeMap(original: Obj | undefined, patch: Obj, schema: FieldSchema): Obj {
  if (Object.hasOwn(patch, DIRECTIVE)) return handleDirectiveInMap(patch[DIRECTIVE], patch);
  const out: Obj = original ?? {};
  applyRetainKeys(out, patch);
  mergePatchIntoOriginal(out, patch, schema);
  for (let [k, patchV] of Object.entries(patch)) {
    let isDeleteList = false;
    if (k.startsWith(DELETE_FROM_PRIMITIVE)) {
      k = k.slice(DELETE_FROM_PRIMITIVE.length);
      if (!k) throw new PatchError(ERR_BAD_PRIMITIVE_LIST, 400);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete out[k];
      continue;
    }
    const present = Object.hasOwn(out, k);
    if (!present || kindOf(out[k]) !== kindOf(patchV)) {
      if (!isDeleteList) {
        discardNulls(patchV);
        const r = removeDirectives(patchV);
        if (r.keep) setOwn(out, k, r.value);
        else delete out[k];
      }
      continue;
    }
    const meta = lookup(schema, k);
    if (Array.isArray(patchV)) {
      out[k] = mergeSliceHandler(out[k] as unknown[], patchV, meta, isDeleteList);
    } else if (isObj(patchV)) {
      out[k] = meta.strategy === "replace" ? patchV : mergeMap(out[k] as Obj, patchV, meta.schema);
    } else {
      out[k] = patchV;
    }
  }
  return out;
}

/**
 * Applies a strategic merge patch to a copy of `doc`. A body that is not a JSON object is
 * rejected with upstream's 400 decoding message.
 */
export function applyStrategicMergePatch<T = unknown>(doc: T, patch: unknown, schema: FieldSchema): T {
  if (!isObj(patch)) {
    const kind = Array.isArray(patch) ? "array" : patch === null ? "null" : typeof patch === "number" ? "number" : typeof patch === "boolean" ? "bool" : typeof patch;
    throw new PatchError(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`, 400);
  }
  const original = isObj(doc) ? (structuredClone(doc) as Obj) : {};
  return mergeMap(original, structuredClone(patch), schema) as T;
}
