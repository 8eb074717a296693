/**
 * Which requests the TLS front hands to the apiserver on its message channel rather than
 * over a backend socket (watch-channel.ts), and the Request each one stands for there.
 *
 * Plain HTTP/1.1 requests go down the channel: GET, POST, PUT, PATCH or DELETE of an
 * origin-form target, with a Host, a Content-Length body of at most MAX_CHANNEL_BODY bytes
 * (none for a GET), and no upgrade, expectation, chunked body or Connection: close. Among
 * them, watches of an API path (`watch=true` or `watch=1`, as the pipeline reads it) are
 * told apart, since a watching client that stops reading is cut off as a watch is.
 * Everything else about a request (the resource, selectors, versions, media types,
 * impersonation) is the pipeline's to judge, as for any other request.
 */
import { withoutAbortSignal } from "../http/request-signal.ts";
import { bodilessKeepAlive, eachHeader, isHttp11 } from "./http-framing.ts";

/**
 * The largest request body sent down the channel. The front holds a request until its body
 * is complete; a larger one (a big apply, a chart's release) streams over a backend socket.
 */
export const MAX_CHANNEL_BODY = 64 * 1024;

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const DIGITS = /^\d{1,15}$/;

/** The value of `key` in a query string, undecoded (the first one), or undefined. */
function queryValue(query: string, key: string): string | undefined {
  for (const param of query.split("&")) {
    const eq = param.indexOf("=");
    if ((eq < 0 ? param : param.slice(0, eq)) === key) return eq < 0 ? "" : param.slice(eq + 1);
  }
  return undefined;
}

/** The request line's method and target (undefined unless `METHOD /target HTTP/1.1`). */
function requestLine(head: string): { method: string; target: string } | undefined {
  if (!isHttp11(head)) return undefined;
  const lineEnd = head.indexOf("\r\n");
  const line = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const sp = line.indexOf(" ");
  const target = line.slice(sp + 1, line.length - 9);
  if (sp < 0 || target[0] !== "/" || target.includes(" ")) return undefined;
  return { method: line.slice(0, sp), target };
}

/** Bytes of body that follow `head`, when the request goes down the channel; otherwise undefined. */
export function channelRequestBody(head: string): number | undefined {
  const line = requestLine(head);
  if (!line || !METHODS.has(line.method)) return undefined;
  let host = false;
  let length: number | undefined;
  const plain = eachHeader(head, (name, value) => {
    if (name === "host") host = true;
    else if (name === "content-length") {
      if (!DIGITS.test(value)) return false;
      const n = Number(value);
      if (length !== undefined && length !== n) return false;
      length = n;
      return true;
    }
    // no upgrade, expectation or chunked body, and a connection kept alive
    return bodilessKeepAlive(name, value);
  });
  // HTTP/1.1 requires Host; the apiserver's listener answers 400 without one
  if (!plain || !host) return undefined;
  const body = length ?? 0;
  if (body > MAX_CHANNEL_BODY || (body > 0 && line.method === "GET")) return undefined;
  return body;
}

/** Whether a channel request (its head, without the blank line) is a watch of an API path. */
export function isChannelWatch(head: string): boolean {
  if (!head.startsWith("GET /api/") && !head.startsWith("GET /apis/")) return false;
  const line = requestLine(head);
  const q = line ? line.target.indexOf("?") : -1;
  if (q < 0) return false;
  const watch = queryValue(line!.target.slice(q + 1), "watch");
  return (watch === "true" || watch === "1") && channelRequestBody(head) === 0;
}

/**
 * The Request a channel request's head and body stand for (headers as sent, Host and
 * Connection aside). It has no abort signal: the channel cancels its answer's source when
 * the client goes.
 */
export function requestOfHead(head: string, body?: Uint8Array): Request {
  const line = requestLine(head);
  if (!line) throw new Error("not a channel request");
  const headers = new Headers();
  eachHeader(head, (name, value) => {
    if (name !== "host" && name !== "connection") headers.append(name, value);
    return true;
  });
  const init: RequestInit = { method: line.method, headers };
  if (body !== undefined && body.length > 0) init.body = body;
  return withoutAbortSignal(new Request(`http://apiserver${line.target}`, init));
}
