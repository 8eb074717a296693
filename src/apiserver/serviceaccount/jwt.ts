/**
 * Compact JWS with RS256, the form upstream's service-account tokens take: a header with
 * alg and kid, the claims, and the signature, each unpadded base64url. Only what tokens
 * need: signing our own claims and checking a token against our key.
 */
import { sign, verify, type KeyObject } from "node:crypto";

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString("base64url");

export function signJwt(claims: Record<string, unknown>, key: KeyObject, keyId: string): string {
  const head = `${b64(JSON.stringify({ alg: "RS256", kid: keyId }))}.${b64(JSON.stringify(claims))}`;
  return `${head}.${b64(sign("sha256", Buffer.from(head), key))}`;
}

/** Whether a bearer token has a JWT's shape (three base64url parts), before any check. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
}

/** The claims of a token signed by `key` with RS256, or undefined (malformed, another alg, a bad signature). */
export function verifyJwt(token: string, key: KeyObject): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, c, s] = parts as [string, string, string];
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(c, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof header !== "object" || header === null || (header as { alg?: unknown }).alg !== "RS256") return undefined;
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return undefined;
  if (!verify("sha256", Buffer.from(`${h}.${c}`), key, Buffer.from(s, "base64url"))) return undefined;
  return claims as Record<string, unknown>;
}
