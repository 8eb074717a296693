/**
 * JSON output as kubectl writes it (Go's encoding/json over unstructured maps): keys
 * sorted, four-space indent, and <, >, & escaped as \u003c, \u003e, \u0026.
 */

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function toJson(value: unknown): string {
  return (
    JSON.stringify(sortKeys(value), null, 4)
      .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n"
  );
}
