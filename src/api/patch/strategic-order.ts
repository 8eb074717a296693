import { goValueString, PatchError } from "./errors.ts";

/**
 * Element ordering of merged lists (upstream normalizeElementOrder and friends): items in
 * the patch keep the patch's (or $setElementOrder's) order, server-only items keep the live
 * order, and the two are interleaved using the live order where both are known.
 */

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
export const DIRECTIVE = "$patch";

export function noMergeKey(m: Obj, key: string): PatchError {
  return new PatchError(`map: ${goValueString(m)} does not contain declared merge key: ${key}`, 500);
}

/** The value an item is compared by: its merge key for maps, itself otherwise. */
function keyOf(item: unknown, mergeKey: string, maps: boolean): unknown {
  if (!maps) return item;
  return isObj(item) ? item[mergeKey] : undefined;
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string, maps: boolean): number {
  const k = keyOf(item, mergeKey, maps);
  return list.findIndex((v) => keyOf(v, mergeKey, maps) === k);
}

export function validateMergeKeys(mergeKey: string, ...lists: (readonly unknown[])[]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObj(item)) throw new PatchError(`expected a map, but received a ${Array.isArray(item) ? "slice" : typeof item}`, 500);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

/** Splits out items carrying `$patch: delete`. */
export function extractToDeleteItems(list: readonly unknown[]): { keep: unknown[]; toDelete: unknown[] } {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const item of list) {
    if (!isObj(item)) throw new PatchError(`expected a map, but received a ${typeof item}`, 500);
    if (item[DIRECTIVE] === "delete") toDelete.push(item);
    else keep.push(item);
  }
  return { keep, toDelete };
}

function normalizeSliceOrder(toSort: unknown[], order: readonly unknown[], mergeKey: string, maps: boolean): unknown[] {
  let toDelete: unknown[] = [];
  if (maps) {
    validateMergeKeys(mergeKey, toSort, order);
    ({ keep: toSort, toDelete } = extractToDeleteItems(toSort));
  }
  const rank = (x: unknown) => {
    const i = indexIn(order, x, mergeKey, maps);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const sorted = toSort
    .map((item, i) => ({ item, i, r: rank(item) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.item);
  return [...sorted, ...toDelete];
}

/** Inserts server-only items (left) among patch items (right) using the live order. */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: readonly unknown[], mergeKey: string, maps: boolean): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, maps);
      const ri = indexIn(serverOrder, right[j], mergeKey, maps);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  maps: boolean,
): unknown[] {
  const p = normalizeSliceOrder(patchItems, patchOrder, mergeKey, maps);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, maps);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, maps);
}

/** Splits merged items into those present in `by` and the rest (server-only). */
export function partition(merged: readonly unknown[], by: readonly unknown[], mergeKey: string, maps: boolean): { inList: unknown[]; serverOnly: unknown[] } {
  const inList: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    if (maps) {
      if (!isObj(item)) throw new PatchError(`expected a map, but received a ${typeof item}`, 500);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      for (const b of by) if (!isObj(b)) throw new PatchError(`value for key is not a map.`, 500);
    }
    (indexIn(by, item, mergeKey, maps) >= 0 ? inList : serverOnly).push(item);
  }
  return { inList, serverOnly };
}
