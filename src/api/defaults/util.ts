import { Quantity } from "../quantity/quantity.ts";

/** Helpers for defaulting plain JSON objects in place. */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The object at o[key], created when absent (like Go's zero-value structs). */
export function child(o: Obj, key: string): Obj {
  const v = o[key];
  if (isObj(v)) return v;
  const created: Obj = {};
  o[key] = created;
  return created;
}

/**
 * The objects in the list at o[key], for iterating: the list itself when it holds nothing
 * else (the usual case; defaulting runs on every write and this was a copy per list).
 */
export function list(o: Obj, key: string): Obj[] {
  const v = o[key];
  if (!Array.isArray(v)) return [];
  for (let i = 0; i < v.length; i++) if (!isObj(v[i])) return v.filter(isObj) as Obj[];
  return v as Obj[];
}

/** Sets o[key] when it is absent, null or "" (Go's empty string / nil pointer). */
export function setDefault(o: Obj, key: string, value: unknown): void {
  const v = o[key];
  if (v === undefined || v === null || v === "") o[key] = value;
}

/** Sets o[key] when it is absent, null, "" or 0 (Go's zero value of an int field). */
export function setDefaultNonZero(o: Obj, key: string, value: unknown): void {
  const v = o[key];
  if (v === undefined || v === null || v === "" || v === 0) o[key] = value;
}

/** Parsed quantities (undefined: does not parse) by text; at most QUANTITY_MEMO_LIMIT, then starts over. */
const parsed = new Map<string, Quantity | undefined>();
const QUANTITY_MEMO_LIMIT = 4096;

/**
 * Quantity.parse, undefined when it throws; memoized for strings, since the same "100m"
 * and "128Mi" come by on every write (quantities are immutable values).
 */
export function parseQuantity(v: string | number): Quantity | undefined {
  if (typeof v === "number") return tryParse(v);
  if (parsed.has(v)) return parsed.get(v);
  const q = tryParse(v);
  if (parsed.size >= QUANTITY_MEMO_LIMIT) parsed.clear();
  parsed.set(v, q);
  return q;
}

function tryParse(v: string | number): Quantity | undefined {
  try {
    return Quantity.parse(v);
  } catch {
    return undefined;
  }
}

/** The canonical text upstream re-encodes a quantity with; undefined when it does not parse (validation reports it). */
function canonicalQuantity(raw: string | number): string | undefined {
  return parseQuantity(typeof raw === "string" ? raw.trim() : raw)?.toString();
}

/** Rewrites parseable quantities in a resource list to their canonical text, as upstream re-encodes them. */
export function canonicalizeResourceList(v: unknown): void {
  if (!isObj(v)) return;
  for (const k in v) {
    const raw = v[k];
    if (typeof raw !== "string" && typeof raw !== "number") continue;
    const text = canonicalQuantity(raw);
    if (text !== undefined) v[k] = text;
  }
}

export function canonicalizeQuantityField(o: Obj, key: string): void {
  const raw = o[key];
  if (typeof raw !== "string" && typeof raw !== "number") return;
  const text = canonicalQuantity(raw);
  if (text !== undefined) o[key] = text;
}
