/**
 * How Go sees and prints the JSON values of custom resources, so messages match upstream:
 * whole numbers are int64 and others float64 (as apimachinery's JSON decoding makes them),
 * %v of a float64 ("1e+06"), json.Marshal of composite bad values (sorted keys, HTML
 * characters escaped), and reflect.DeepEqual over decoded JSON.
 */
import { GoValue } from "../validation/go-values.ts";
import { isJsonObject, type JsonObject } from "./types.ts";

/** The JSON Schema type name of a decoded value, as kube-openapi infers it from the Go type. */
export type JsonType = "null" | "boolean" | "string" | "integer" | "number" | "array" | "object";

const INT64_LIMIT = 2 ** 63;

/** Whether a value decodes to a Go int64 (a whole number within int64's range). */
export function isInt64(v: unknown): boolean {
  if (typeof v === "number") return Number.isInteger(v) && v < INT64_LIMIT && v >= -INT64_LIMIT;
  return typeof v === "bigint";
}

export function jsonTypeOf(v: unknown): JsonType {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "string":
      return "string";
    case "number":
      return isInt64(v) ? "integer" : "number";
    case "bigint":
      return "integer";
    default:
      return Array.isArray(v) ? "array" : "object";
  }
}

/** Go's %v of a float64: shortest digits, exponent form below 1e-4 and from 1e6 on ("1e+06"). */
export function goFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const e = x.toExponential();
  const at = e.indexOf("e");
  const exp = Number(e.slice(at + 1));
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${e.slice(0, at)}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  return String(x);
}

/** Go's %v of a decoded JSON number (int64 or float64). */
export function goNumber(x: number | bigint): string {
  return typeof x === "bigint" || isInt64(x) ? String(x) : goFloat(x);
}

function goJSONString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else out += s[i]!;
  }
  return `${out}"`;
}

/** Go's json.Marshal of decoded JSON (map keys sorted). */
export function goJSON(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return goJSONString(v);
    case "number":
      return Number.isFinite(v) ? String(v) : "null";
    case "bigint":
      return String(v);
    case "boolean":
      return v ? "true" : "false";
  }
  if (Array.isArray(v)) return `[${v.map(goJSON).join(",")}]`;
  const o = v as JsonObject;
  const keys = Object.keys(o).sort();
  return `{${keys.map((k) => `${goJSONString(k)}:${goJSON(o[k])}`).join(",")}}`;
}

/**
 * A value as field.Error prints it: strings quoted, int64/bool with %v, float64 with %v
 * (wrapped, since JavaScript prints some floats differently), composites as JSON.
 */
export function goBadValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return isInt64(v) ? v : new GoValue(goFloat(v), v);
  if (typeof v === "object") return new GoValue(goJSON(v), v);
  return v;
}

/** reflect.DeepEqual of two decoded JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return typeof a === "bigint" || typeof b === "bigint" ? a == b : a === undefined ? b === null : b === undefined ? a === null : false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isJsonObject(a) || !isJsonObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonEqual(a[k], b[k])) return false;
  return true;
}
