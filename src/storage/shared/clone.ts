/** Deep copy of JSON-like data (plain objects, arrays, primitives); NOT_PLAIN for anything else. */
export const NOT_PLAIN: unique symbol = Symbol("not plain");

export function clonePlain(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = clonePlain(v[i]);
      if (c === NOT_PLAIN) return NOT_PLAIN;
      out[i] = c;
    }
    return out;
  }
  if ((v as object).constructor !== Object && Object.getPrototypeOf(v) !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const c = clonePlain((v as Record<string, unknown>)[k]);
    if (c === NOT_PLAIN) return NOT_PLAIN;
    out[k] = c;
  }
  return out;
}
