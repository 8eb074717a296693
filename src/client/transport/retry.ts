/**
 * When a failed request is sent again (client-go's rest retry rules, made explicit):
 * - 429 TooManyRequests: always (the server did not act on it), after Retry-After.
 * - 5xx with a Retry-After header: always, after Retry-After (the server asks for it).
 * - other 5xx and transport errors: only for idempotent verbs (GET, HEAD, PUT, DELETE,
 *   OPTIONS), with exponential backoff; a refused connection never reached the
 *   server and is retried for every verb.
 * Streaming requests (watch, logs) are retried only before their body starts.
 */

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** Delay in ms the Retry-After header asks for (seconds or an HTTP date), capped. */
export function retryAfterMs(header: string | null, capMs = 30_000): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.min(capMs, Math.max(0, secs * 1000));
  const at = Date.parse(header);
  if (Number.isFinite(at)) return Math.min(capMs, Math.max(0, at - Date.now()));
  return undefined;
}

export function shouldRetryResponse(method: string, code: number, retryAfter: string | null): boolean {
  if (code === 429) return true;
  if (code >= 500 && code <= 599) return retryAfter !== null || isIdempotent(method);
  return false;
}

const REFUSED = new Set(["ECONNREFUSED", "ConnectionRefused"]);
const TRANSIENT = new Set(["ECONNRESET", "ConnectionClosed", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "ECONNABORTED"]);

export function shouldRetryError(method: string, err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === "string" && REFUSED.has(code)) return true;
  if (!isIdempotent(method)) return false;
  return typeof code === "string" && TRANSIENT.has(code);
}

/** Backoff for the n-th retry (0-based) without a server hint: 100 ms doubling to 2 s (3.1 s over 5 retries). */
export function retryBackoffMs(n: number): number {
  return Math.min(2_000, 100 * 2 ** n);
}
