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

export function list(o: Obj, key: string): Obj[] {
  const v = o[key];
  return Array.isArray(v) ? (v.filter(isObj) as Obj[]) : [];
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

/** Rewrites parseable quantities in a resource list to their canonical text, as upstream re-encodes them. */
export function canonicalizeResourceList(v: unknown): void {
  if (!isObj(v)) return;
  for (const [k, raw] of Object.entries(v)) {
    if (typeof raw !== "string" && typeof raw !== "number") continue;
    try {
      v[k] = Quantity.parse(typeof raw === "string" ? raw.trim() : raw).toString();
    } catch {
      // left as is: validation reports it
    }
  }
}

export function canonicalizeQuantityField(o: Obj, key: string): void {
  const raw = o[key];
  if (typeof raw !== "string" && typeof raw !== "number") return;
  try {
    o[key] = Quantity.parse(typeof raw === "string" ? raw.trim() : raw).toString();
  } catch {
    // left as is: validation reports it
  }
}
