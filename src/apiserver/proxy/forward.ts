/**
 * Forwards one HTTP request to a proxy target and relays the answer, as upstream's
 * proxy handler does for pods/, services/ and nodes/proxy: the caller's credentials
 * (Authorization, impersonation) are not passed on, hop-by-hop headers are dropped both
 * ways, the body streams back as it comes (not decompressed), and a redirect to the target
 * itself is rewritten to go through the proxy path again. Upgrades (WebSocket) are not
 * proxied here.
 */
import { errors } from "../http/status.ts";

/** Headers that belong to one connection and are never relayed (both ways). */
export const HOP_BY_HOP: ReadonlySet<string> = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host"]);

export interface ForwardTarget {
  /** scheme://host[:port] */
  origin: string;
  /** Path on the target, "/" or longer. */
  path: string;
  /** Query string with its "?", or "". */
  search: string;
  /** The proxy path prefix on this server (…/proxy), used to rewrite redirects. */
  prefix: string;
  /** Credentials for the target (the kubelet's token), replacing none of the caller's. */
  token?: string;
  caPem?: string;
}

function requestHeaders(req: Request, t: ForwardTarget): Headers {
  const out = new Headers();
  req.headers.forEach((value, key) => {
    const k = key.toLowerCase();
    if (HOP_BY_HOP.has(k) || k === "authorization" || k.startsWith("impersonate-") || k === "content-length") return;
    out.append(key, value);
  });
  if (t.token) out.set("authorization", `Bearer ${t.token}`);
  return out;
}

/** A redirect to the target itself, or to a path on it, goes back through the proxy. */
export function rewriteLocation(location: string, t: ForwardTarget): string {
  if (location.startsWith("/") && !location.startsWith("//")) return t.prefix + location;
  try {
    const u = new URL(location);
    if (u.origin === new URL(t.origin).origin) return t.prefix + u.pathname + u.search + u.hash;
  } catch {
    // not an absolute URL: left as it is
  }
  return location;
}

export async function forward(req: Request, t: ForwardTarget): Promise<Response> {
  const method = req.method.toUpperCase();
  const body = method === "GET" || method === "HEAD" ? undefined : await req.arrayBuffer();
  let res: Response;
  try {
    res = await fetch(t.origin + t.path + t.search, {
      method,
      headers: requestHeaders(req, t),
      ...(body !== undefined && body.byteLength > 0 ? { body } : {}),
      redirect: "manual",
      decompress: false,
      signal: req.signal,
      ...(t.origin.startsWith("https:") ? { tls: t.caPem ? { ca: t.caPem } : { rejectUnauthorized: false } } : {}),
    } as RequestInit);
  } catch (e) {
    throw errors.serviceUnavailable(`error trying to reach service: ${(e as Error).message}`);
  }
  const headers = new Headers();
  res.headers.forEach((value, key) => {
    const k = key.toLowerCase();
    if (HOP_BY_HOP.has(k)) return;
    headers.append(key, k === "location" ? rewriteLocation(value, t) : value);
  });
  return new Response(method === "HEAD" ? null : res.body, { status: res.status, statusText: res.statusText, headers });
}
