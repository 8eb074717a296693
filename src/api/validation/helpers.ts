import { Quantity } from "../quantity/quantity.ts";
import { isValidPercent } from "./names.ts";
import { invalid, notSupported, type FieldError, type Path } from "./field-error.ts";
import { goIntOrString } from "./go-values.ts";
import { IS_NEGATIVE } from "./object-meta.ts";

/** Small shared checks used by several kinds' validation. */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function arr<T = unknown>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

export function nonNegative(value: number | undefined | null, path: Path): FieldError[] {
  return typeof value === "number" && value < 0 ? [invalid(path, value, IS_NEGATIVE)] : [];
}

/** Value must be > 0 when set. */
export function positive(value: number | undefined | null, path: Path): FieldError[] {
  return typeof value === "number" && value <= 0 ? [invalid(path, value, "must be greater than 0")] : [];
}

export function inRange(value: number | undefined | null, lo: number, hi: number, path: Path): FieldError[] {
  return typeof value === "number" && (value < lo || value > hi) ? [invalid(path, value, `must be between ${lo} and ${hi}, inclusive`)] : [];
}

export function enumValue(value: unknown, allowed: readonly string[], path: Path, requiredWhenEmpty = true): FieldError[] {
  if (value === undefined || value === null || value === "") return requiredWhenEmpty ? [{ type: "FieldValueRequired", field: path.toString(), message: "", badValue: "" }] : [];
  return allowed.includes(value as string) ? [] : [notSupported(path, value, allowed)];
}

/** ValidatePositiveIntOrPercent: a non-negative int or a valid "N%". */
export function intOrPercent(v: string | number | undefined, path: Path): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === "string") return isValidPercent(v).map((msg) => invalid(path, v, msg));
  return v < 0 ? [invalid(path, goIntOrString(v), IS_NEGATIVE)] : [];
}

/** The number an int-or-percent stands for when comparing with zero (percent as its number). */
export function intOrPercentValue(v: string | number | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === "number") return v;
  const m = /^([0-9]+)%$/.exec(v);
  return m ? Number(m[1]) : 0;
}

export function notMoreThan100Percent(v: string | number | undefined, path: Path): FieldError[] {
  if (typeof v !== "string" || !v.endsWith("%")) return [];
  return intOrPercentValue(v) > 100 ? [invalid(path, goIntOrString(v), "must not be greater than 100%")] : [];
}

/** Parsed quantities (or the parse error's message) by text; at most QUANTITY_MEMO_LIMIT, then starts over. */
const parsedQuantities = new Map<string, Quantity | string>();
const QUANTITY_MEMO_LIMIT = 4096;

/** Quantity.parse, memoized for strings (the same "100m" and "128Mi" come by on every write). */
function parseQuantity(v: string | number): Quantity | string {
  if (typeof v === "string") {
    const hit = parsedQuantities.get(v);
    if (hit !== undefined) return hit;
  }
  let r: Quantity | string;
  try {
    r = Quantity.parse(v);
  } catch (e) {
    r = (e as Error).message;
  }
  if (typeof v === "string") {
    if (parsedQuantities.size >= QUANTITY_MEMO_LIMIT) parsedQuantities.clear();
    parsedQuantities.set(v, r);
  }
  return r;
}

/** Parses a quantity field; undefined (with an error recorded) when it does not parse. */
export function quantityAt(v: unknown, path: Path, errs: FieldError[]): Quantity | undefined {
  const q = typeof v === "string" || typeof v === "number" ? parseQuantity(v) : "quantities must be a string or number";
  if (typeof q !== "string") return q;
  errs.push(invalid(path, v, q));
  return undefined;
}
