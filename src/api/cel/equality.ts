/** CEL heterogeneous equality and ordering (cel-go with cross-type numeric comparisons). */
import { compareNumeric, isNumeric, numericEquals } from "./numbers.ts";
import { CelDuration, CelList, CelMap, CelObject, CelOptional, CelTimestamp, CelType, type CelValue } from "./values.ts";
import { noOverload } from "./overload-error.ts";

export function celEquals(a: CelValue, b: CelValue): boolean {
  if (a === b) return typeof a !== "number" || !Number.isNaN(a);
  if (a === null || b === null) return false;
  if (isNumeric(a)) return isNumeric(b) && numericEquals(a, b);
  switch (typeof a) {
    case "string":
    case "boolean":
      return false; // a === b handled above
  }
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesCompare(a, b) === 0;
  if (a instanceof CelList) {
    if (!(b instanceof CelList) || a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) if (!celEquals(a.get(i), b.get(i))) return false;
    return true;
  }
  if (a instanceof CelMap) {
    if (!(b instanceof CelMap) || a.size !== b.size) return false;
    for (const [k, v] of a.entries()) {
      const bv = b.get(k);
      if (bv === undefined || !celEquals(v, bv)) return false;
    }
    return true;
  }
  if (a instanceof CelType) return b instanceof CelType && a.name === b.name;
  if (a instanceof CelTimestamp) return b instanceof CelTimestamp && a.nanos === b.nanos;
  if (a instanceof CelDuration) return b instanceof CelDuration && a.nanos === b.nanos;
  if (a instanceof CelOptional) {
    if (!(b instanceof CelOptional)) return false;
    if (a.value === undefined || b.value === undefined) return a.value === b.value;
    return celEquals(a.value, b.value);
  }
  if (a instanceof CelObject) return b instanceof CelObject && a.typeName === b.typeName && a.equals(b);
  return false;
}

export function bytesCompare(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Orders strings by code point (as Go orders UTF-8 bytes), not by UTF-16 unit. */
export function stringCompare(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (0xD800-0xDFFF) starts a code point above every BMP one, 0xE000-0xFFFF included.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** The `<` family: -1, 0 or 1, or a no-overload error for values without an order. */
export function celCompare(op: string, a: CelValue, b: CelValue): -1 | 0 | 1 {
  if (isNumeric(a) && isNumeric(b)) return compareNumeric(a, b);
  if (typeof a === "string" && typeof b === "string") return stringCompare(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return bytesCompare(a, b);
  if (a instanceof CelTimestamp && b instanceof CelTimestamp) return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
  if (a instanceof CelDuration && b instanceof CelDuration) return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
  throw noOverload(op, [a, b]);
}
