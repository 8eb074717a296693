/** Deep copy of JSON-like data (plain objects, arrays, primitives); NOT_PLAIN for anything else. */
export const NOT_PLAIN: unique symbol = Symbol("not plain");

/** Thrown from deep inside a copy and caught at the top: cheaper than checking every result. */
const REFUSED = { refused: true };

function copy(v: object): unknown {
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      out[i] = typeof x === "object" && x !== null ? copy(x) : x;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw REFUSED;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    const c = typeof x === "object" && x !== null ? copy(x) : x;
    // assigning "__proto__" would set the prototype; JSON.parse makes it an own property
    if (k === "__proto__") Object.defineProperty(out, k, { value: c, writable: true, enumerable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}

export function clonePlain(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  try {
    return copy(v);
  } catch (err) {
    if (err === REFUSED) return NOT_PLAIN;
    throw err;
  }
}
