/**
 * Pod template hashing (upstream controller.ComputeHash): FNV-32a over the template,
 * then the collision count as 8 little-endian bytes, printed in decimal and mapped to
 * safe characters (rand.SafeEncodeString). Upstream hashes Go's deep print of the
 * struct; we hash canonical JSON (keys sorted, undefined dropped), so equal templates
 * always get equal hashes within kubun.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** FNV-1a 32-bit over bytes, continuing from state (default: the offset basis). */
export function fnv32a(bytes: Uint8Array, state = FNV_OFFSET): number {
  let h = state >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys in sorted order, so the text depends only on content. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(",")}}`;
}

const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** Maps each character to one of 27 characters that cannot spell words (rand.SafeEncodeString). */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

/** The pod-template-hash of a template, perturbed by collisionCount when set. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(encoder.encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}

/** Deep equality of JSON values (key order and undefined members ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
