/**
 * Which requests the TLS front may answer itself from its read replica (read-replica.ts):
 * a plain HTTP/1.1 GET of one object of a built-in resource, JSON, without a body, query
 * (other than resourceVersion=0), impersonation, upgrade or Connection header. Everything
 * else, and every request whose answer is not certain (a replica behind the apiserver, an
 * object it does not hold), goes through the apiserver's pipeline as before. The parse
 * works on the request head as latin1 text and returns undefined at the first doubt.
 */

export interface FastGet {
  /** The resource's path, e.g. "/api/v1/pods" or "/apis/apps/v1/deployments". */
  resource: string;
  /** "namespace/name", or "name" for cluster-scoped objects. */
  object: string;
  /** The bearer token, when the request carries one. */
  token: string | undefined;
  /** resourceVersion=0: any cached state will do (no freshness check). */
  anyVersion: boolean;
}

/** Media ranges that select plain JSON of the object (no Table, metadata-only or protobuf). */
const JSON_ACCEPT = new Set(["application/json", "*/*", "application/*", ""]);

function acceptsPlainJson(value: string): boolean {
  for (const part of value.split(",")) {
    const range = part.trim().toLowerCase();
    // any parameter (as=Table;g=meta.k8s.io, q=...) or another type sends the request on
    if (!JSON_ACCEPT.has(range)) return false;
  }
  return true;
}

/** A name as it appears in a path: no encoding, no dot segments. */
function plainSegment(s: string | undefined): s is string {
  return s !== undefined && s !== "" && s !== "." && s !== "..";
}

/** The resource path and object of `/api/v1/...` or `/apis/G/V/...`, or undefined. */
function objectPath(path: string): { resource: string; object: string } | undefined {
  let base: string;
  let rest: string;
  if (path.startsWith("/api/v1/")) {
    base = "/api/v1/";
    rest = path.slice(8);
  } else if (path.startsWith("/apis/")) {
    const g = path.indexOf("/", 6);
    const v = g < 0 ? -1 : path.indexOf("/", g + 1);
    if (g <= 6 || v <= g + 1) return undefined;
    base = path.slice(0, v + 1);
    rest = path.slice(v + 1);
  } else return undefined;
  const seg = rest.split("/");
  if (seg.length === 2) {
    const [resource, name] = seg;
    if (!plainSegment(resource) || !plainSegment(name)) return undefined;
    return { resource: base + resource, object: name };
  }
  if (seg.length === 4 && seg[0] === "namespaces") {
    const [, ns, resource, name] = seg;
    if (!plainSegment(ns) || !plainSegment(resource) || !plainSegment(name)) return undefined;
    return { resource: base + resource, object: `${ns}/${name}` };
  }
  return undefined;
}

/** Parses a request head (request line and headers, without the blank line). */
export function parseFastGet(head: string): FastGet | undefined {
  if (!head.startsWith("GET /")) return undefined;
  const lineEnd = head.indexOf("\r\n");
  const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  if (!requestLine.endsWith(" HTTP/1.1")) return undefined;
  let target = requestLine.slice(4, requestLine.length - 9);
  if (target.includes("%") || target.includes(" ") || target.includes("#")) return undefined;
  let anyVersion = false;
  const q = target.indexOf("?");
  if (q >= 0) {
    const query = target.slice(q + 1);
    if (query === "resourceVersion=0") anyVersion = true;
    else if (query !== "resourceVersion=" && query !== "") return undefined;
    target = target.slice(0, q);
  }
  const where = objectPath(target);
  if (!where) return undefined;
  let token: string | undefined;
  let at = lineEnd < 0 ? head.length : lineEnd + 2;
  while (at < head.length) {
    let end = head.indexOf("\r\n", at);
    if (end < 0) end = head.length;
    const colon = head.indexOf(":", at);
    if (colon < 0 || colon > end) return undefined;
    const name = head.slice(at, colon).toLowerCase();
    const value = head.slice(colon + 1, end).trim();
    at = end + 2;
    switch (name) {
      case "authorization":
        if (token !== undefined || !value.startsWith("Bearer ")) return undefined;
        token = value.slice(7).trim();
        if (token === "") return undefined;
        break;
      case "accept":
        if (!acceptsPlainJson(value)) return undefined;
        break;
      case "content-length":
        if (value !== "0") return undefined;
        break;
      case "connection":
        if (value.toLowerCase() !== "keep-alive") return undefined;
        break;
      case "transfer-encoding":
      case "upgrade":
      case "expect":
        return undefined;
      default:
        if (name.startsWith("impersonate-")) return undefined;
        if (name.includes(" ") || name === "") return undefined;
    }
  }
  return { resource: where.resource, object: where.object, token, anyVersion };
}

let dateSecond = -1;
let dateText = "";

/** The Date header's value, formatted once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

/** A 200 response carrying `body` (JSON), headed as the apiserver's own GET responses are. */
export function okResponse(body: Uint8Array): Uint8Array {
  const head = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: ${httpDate()}\r\nContent-Length: ${body.length}\r\n\r\n`;
  const out = new Uint8Array(head.length + body.length);
  for (let i = 0; i < head.length; i++) out[i] = head.charCodeAt(i);
  out.set(body, head.length);
  return out;
}
