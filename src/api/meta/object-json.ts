/**
 * JSON.stringify for API objects, without JavaScriptCore's slow path for managedFields.
 *
 * JSC's JSON.stringify has a fast path that gives up on the whole value as soon as one
 * property name needs escaping, and managedFields' FieldsV1 is full of such names
 * (`k:{"name":"web"}`): a 2.8 KB Pod with its managedFields took ~10 µs where the same Pod
 * without them took ~1.3 µs. `objectJson` writes managedFields with its own serializer
 * (escaped names cached) and everything else with JSON.stringify, and returns exactly
 * what `JSON.stringify(obj)` returns; anything unusual in managedFields (cycles, bigints,
 * boxed primitives, class instances) falls back to plain JSON.stringify. A frozen value
 * whose JSON is known (rememberJson: the FieldsV1 sets creates share) is written as that.
 */
import { randomBytes } from "node:crypto";

/** Stands in for managedFields while the rest is stringified; random, so no stored value can contain it. */
const MARK = `\u0000managedFields:${randomBytes(12).toString("hex")}\u0000`;
const MARK_JSON = JSON.stringify(MARK);
/** Nesting beyond which the serializer leaves the value to JSON.stringify (which reports cycles). */
const MAX_DEPTH = 100;
/** Escaped names remembered; the cache is emptied when full. */
const MAX_NAMES = 20_000;

const names = new Map<string, string>();
/** The JSON of frozen values made from known JSON (createFieldsV1's shared sets). */
const known = new WeakMap<object, string>();

/** Remembers `json` as the JSON of `value`, which must be deeply frozen (so it stays true). */
export function rememberJson(value: object, json: string): void {
  if (!Object.isFrozen(value)) throw new Error("rememberJson: the value must be frozen");
  known.set(value, json);
}

/** A property name as JSON writes it (quoted and escaped), cached. */
export function quotedName(k: string): string {
  let q = names.get(k);
  if (q === undefined) {
    if (names.size >= MAX_NAMES) names.clear();
    q = JSON.stringify(k);
    names.set(k, q);
  }
  return q;
}

/** Thrown to give up on the fast serializer. */
const UNUSUAL = Object.freeze({ unusual: true });

/** What JSON.stringify writes for `v` (undefined where it writes nothing), for plain JSON data. */
function write(v: unknown, key: string, depth: number): string | undefined {
  if (typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    v = (v as { toJSON(k: string): unknown }).toJSON(key);
  }
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? String(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    case "object":
      break;
    default:
      throw UNUSUAL;
  }
  if (v === null) return "null";
  const json = known.get(v);
  if (json !== undefined) return json;
  if (depth > MAX_DEPTH) throw UNUSUAL;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) throw UNUSUAL;
    let out = "[";
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ",";
      out += write(v[i], String(i), depth + 1) ?? "null";
    }
    return out + "]";
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
  let out = "{";
  let first = true;
  // for-in is own keys in Object.keys order here: the prototype is Object.prototype or null
  for (const k in v as object) {
    const s = write((v as Record<string, unknown>)[k], k, depth + 1);
    if (s === undefined) continue;
    out += first ? `${quotedName(k)}:${s}` : `,${quotedName(k)}:${s}`;
    first = false;
  }
  return out + "}";
}

/** `JSON.stringify(obj)`, faster for objects with metadata.managedFields. */
export function objectJson(obj: unknown): string {
  const meta = (obj as { metadata?: { managedFields?: unknown } } | null)?.metadata;
  const mf = meta?.managedFields;
  if (!Array.isArray(mf) || mf.length === 0 || typeof meta !== "object" || Object.isFrozen(meta)) return JSON.stringify(obj);
  let mfJson: string | undefined;
  try {
    mfJson = write(mf, "managedFields", 2);
  } catch (e) {
    if (e !== UNUSUAL) throw e;
    return JSON.stringify(obj);
  }
  const desc = Object.getOwnPropertyDescriptor(meta, "managedFields");
  if (mfJson === undefined || !desc?.writable || !desc.enumerable) return JSON.stringify(obj);
  let s: string;
  meta.managedFields = MARK;
  try {
    s = JSON.stringify(obj);
  } finally {
    meta.managedFields = mf;
  }
  const at = s.indexOf(MARK_JSON);
  return at < 0 ? JSON.stringify(obj) : s.slice(0, at) + mfJson + s.slice(at + MARK_JSON.length);
}
