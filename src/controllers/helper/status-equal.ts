/**
 * Status comparison as Go sees it after a JSON round trip: fields tagged omitempty
 * vanish when zero, so 0, false, "", empty lists and empty maps equal an absent field.
 * Controllers compare the status they computed with the stored one this way, so a
 * server that drops zeros never makes them write the same status again and again.
 */
import { setOwn } from "../../util/own-keys.ts";
import { canonicalJson } from "./hash.ts";

function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => dropEmpty(x) ?? null);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const d = dropEmpty(x);
      if (d !== undefined) setOwn(out, k, d);
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (v === 0 || v === false || v === "" || v === null) return undefined;
  return v;
}

export function statusEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(dropEmpty(a) ?? {}) === canonicalJson(dropEmpty(b) ?? {});
}
