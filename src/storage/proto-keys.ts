/**
 * Object keys named "__proto__" survive storage. JSON.parse makes such a key an ordinary own
 * property (a ConfigMap's data key "__proto__" is valid, and so is any key of a custom
 * resource's free-form map), but msgpackr reads it back as "__proto_", which loses the value
 * or overwrites a real "__proto_" key. A value holding such a key is therefore stored
 * escaped: every key of the form NUL* "__proto__" gains one more leading NUL, and the
 * whole value is wrapped as `{ [ESCAPED]: value }` so that decoding knows to undo it. Values
 * without the key (all but a few) are stored exactly as before and decode with one failed
 * property lookup. A top-level ESCAPED key of a user's own is wrapped too, so it is never
 * mistaken for the marker.
 */
import { setOwn } from "../util/own-keys.ts";

const PROTO = "__proto__";
/** The wrapper's single key (never a valid field name, label or data key). */
export const ESCAPED = "\u0000kubun:escaped-keys";
/** NUL* "__proto__": the keys escaping gives one NUL more. */
const ESCAPABLE = /^\0*__proto__$/;
/** NUL+ "__proto__": the keys of an escaped value that lose one NUL again. */
const ESCAPED_KEY = /^\0+__proto__$/;

/** True when `v` has a "__proto__" own key at any depth (or the marker at the top). */
export function needsEscape(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  if (!Array.isArray(v) && Object.hasOwn(v, ESCAPED)) return true;
  return hasProtoKey(v);
}

function hasProtoKey(v: object): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "object" && x !== null && hasProtoKey(x)) return true;
    }
    return false;
  }
  for (const k in v) {
    if (k === PROTO) return true;
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === "object" && x !== null && hasProtoKey(x)) return true;
  }
  return false;
}

/** A copy of `v` with the keys `which` matches renamed by `rename`; leaves shared. */
function rewrite(v: unknown, which: RegExp, rename: (k: string) => string): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => rewrite(x, which, rename));
  if (v instanceof Uint8Array || v instanceof Date) return v;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = rewrite((v as Record<string, unknown>)[k], which, rename);
    setOwn(out, which.test(k) ? rename(k) : k, x);
  }
  return out;
}

/** The form to encode when `needsEscape(v)`: a wrapped copy with the keys escaped. */
export function escapeKeys(v: unknown): Record<string, unknown> {
  return { [ESCAPED]: rewrite(v, ESCAPABLE, (k) => `\0${k}`) };
}

/** A decoded value as it was given to `escapeKeys` (other values are returned as they are). */
export function unescapeKeys<V>(decoded: V): V {
  if (typeof decoded !== "object" || decoded === null) return decoded;
  const inner = (decoded as Record<string, unknown>)[ESCAPED];
  if (inner === undefined || !Object.hasOwn(decoded, ESCAPED)) return decoded;
  return rewrite(inner, ESCAPED_KEY, (k) => k.slice(1)) as V;
}
