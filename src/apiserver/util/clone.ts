/**
 * Deep copy of a JSON value, with JSON's semantics: what `JSON.parse(JSON.stringify(v))`
 * returns. API objects are plain data, so the copy walks them directly (about 1.3 µs for a
 * 2 KB Pod, against 6.5 µs for the round trip and 50 µs for structuredClone under Bun);
 * JSON's transformations of plain data (dropped undefined, null array slots, non-finite
 * numbers as null, -0 as 0) are applied in place, and anything else JSON would transform
 * (toJSON, a class instance, a bigint) goes through the round trip, for that subtree only.
 */
import { setOwn } from "../../util/own-keys.ts";

export function jsonClone<T>(v: T): T {
  if (v === undefined) return v;
  if (typeof v !== "object" || v === null) return roundTrip(v);
  return copyValue(v) as T;
}

function roundTrip<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function copyValue(v: object): unknown {
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const x: unknown = v[i];
      if (typeof x === "object" && x !== null) out[i] = copyValue(x);
      else if (typeof x === "string" || typeof x === "boolean" || x === null) out[i] = x;
      else if (typeof x === "number") out[i] = Number.isFinite(x) ? x + 0 : null; // -0 prints as 0
      else out[i] = x === undefined || typeof x === "function" || typeof x === "symbol" ? null : roundTrip(x);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === "function") return roundTrip(v);
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (k === "__proto__") {
      // a client's key (JSON.parse makes it an own member): assigning it would set the prototype
      if (x !== undefined && typeof x !== "function" && typeof x !== "symbol") setOwn(out, k, jsonClone(x));
      continue;
    }
    if (typeof x === "object" && x !== null) out[k] = copyValue(x);
    else if (typeof x === "string" || typeof x === "boolean" || x === null) out[k] = x;
    else if (typeof x === "number") out[k] = Number.isFinite(x) ? x + 0 : null;
    else if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
    else out[k] = roundTrip(x);
  }
  return out;
}
