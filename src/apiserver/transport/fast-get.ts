/**
 * Which requests the TLS front may answer itself from its read replica (read-replica.ts):
 * plain HTTP/1.1 GETs of built-in resources, as JSON, without a body, impersonation,
 * upgrade or Connection header: of one object or of a list, as the watch cache answers
 * them (no query but resourceVersion "0" or unset, and for lists a limit the cache
 * ignores). Everything else, and every request whose answer is not certain (a replica
 * behind the apiserver, an object it does not hold), goes through the apiserver's pipeline
 * as before. The parse works on the request head as latin1 text and returns undefined at
 * the first doubt.
 */
import { bodilessKeepAlive, eachHeader, isHttp11 } from "./http-framing.ts";

export interface FastGet {
  /** The resource's path, e.g. "/api/v1/pods" or "/apis/apps/v1/deployments". */
  resource: string;
  /**
   * One object: "namespace/name", or "name" for cluster-scoped objects. A list: undefined,
   * and `namespace` says which ("" for all).
   */
  object: string | undefined;
  namespace: string;
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

/** The resource path and object (or list) of `/api/v1/...` or `/apis/G/V/...`, or undefined. */
function objectPath(path: string): { resource: string; object: string | undefined; namespace: string } | undefined {
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
  if (seg.length === 1) {
    const [resource] = seg;
    if (!plainSegment(resource)) return undefined;
    return { resource: base + resource, object: undefined, namespace: "" };
  }
  if (seg.length === 2) {
    const [resource, name] = seg;
    if (!plainSegment(resource) || !plainSegment(name)) return undefined;
    return { resource: base + resource, object: name, namespace: "" };
  }
  if (seg.length === 3 && seg[0] === "namespaces") {
    const [, ns, resource] = seg;
    if (!plainSegment(ns) || !plainSegment(resource)) return undefined;
    return { resource: base + resource, object: undefined, namespace: ns };
  }
  if (seg.length === 4 && seg[0] === "namespaces") {
    const [, ns, resource, name] = seg;
    if (!plainSegment(ns) || !plainSegment(resource) || !plainSegment(name)) return undefined;
    return { resource: base + resource, object: `${ns}/${name}`, namespace: ns };
  }
  return undefined;
}

/**
 * The query of a fast GET: nothing, or resourceVersion "0" or "" (any cached state, or a
 * consistent read); for a list also a limit, when the watch cache would ignore it
 * (resourceVersion=0, or limit=0): a limit with a consistent read pages from the store.
 * Returns anyVersion, or undefined.
 */
function fastQuery(query: string, list: boolean): boolean | undefined {
  let rv: string | undefined;
  let limit: string | undefined;
  for (const param of query === "" ? [] : query.split("&")) {
    const eq = param.indexOf("=");
    const key = eq < 0 ? param : param.slice(0, eq);
    const value = eq < 0 ? "" : param.slice(eq + 1);
    if (key === "resourceVersion" && rv === undefined && (value === "0" || value === "")) rv = value;
    else if (key === "limit" && list && limit === undefined && /^\d{1,9}$/.test(value)) limit = value;
    else return undefined;
  }
  if (limit !== undefined && Number(limit) > 0 && rv !== "0") return undefined;
  return rv === "0";
}

/** Parses a request head (request line and headers, without the blank line). */
export function parseFastGet(head: string): FastGet | undefined {
  if (!head.startsWith("GET /")) return undefined;
  const lineEnd = head.indexOf("\r\n");
  const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  if (!isHttp11(head)) return undefined;
  let target = requestLine.slice(4, requestLine.length - 9);
  if (target.includes("%") || target.includes(" ") || target.includes("#")) return undefined;
  const q = target.indexOf("?");
  const query = q >= 0 ? target.slice(q + 1) : "";
  if (q >= 0) target = target.slice(0, q);
  const where = objectPath(target);
  if (!where) return undefined;
  const anyVersion = fastQuery(query, where.object === undefined);
  if (anyVersion === undefined) return undefined;
  let token: string | undefined;
  let host = false;
  const plain = eachHeader(head, (name, value) => {
    switch (name) {
      case "host":
        host = true;
        return true;
      case "authorization":
        if (token !== undefined || !value.startsWith("Bearer ")) return false;
        token = value.slice(7).trim();
        return token !== "";
      case "accept":
        return acceptsPlainJson(value);
      default:
        return !name.startsWith("impersonate-") && bodilessKeepAlive(name, value);
    }
  });
  if (!plain) return undefined;
  // HTTP/1.1 requires Host; the apiserver's listener answers 400 without one
  if (!host) return undefined;
  return { resource: where.resource, object: where.object, namespace: where.namespace, token, anyVersion };
}

let dateSecond = -1;
let dateText = "";

/** The Date header's value, formatted once a second. */
export function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

/** The head of a 200 response carrying `length` bytes of JSON, as the apiserver's own GET responses are headed. */
function okHead(length: number): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: ${httpDate()}\r\nContent-Length: ${length}\r\n\r\n`;
}

/** Bodies up to this size are copied behind their head (one write); larger ones are written after it. */
const COPY_BODY_BYTES = 64 * 1024;

/** A 200 response carrying `body` (JSON): one buffer, or the head and the body itself when it is large. */
export function okResponse(body: Uint8Array): Uint8Array[] {
  const head = okHead(body.length);
  if (body.length > COPY_BODY_BYTES) return [Buffer.from(head, "latin1"), body];
  const out = new Uint8Array(head.length + body.length);
  for (let i = 0; i < head.length; i++) out[i] = head.charCodeAt(i);
  out.set(body, head.length);
  return [out];
}
