/**
 * Which requests the TLS front hands to the apiserver on its message channel rather than
 * over a backend socket (watch-channel.ts): plain HTTP/1.1 watches of an API path
 * (`watch=true` or `watch=1`, as the pipeline reads it) without a body, upgrade or
 * Connection: close. Everything else about the request (the resource, selectors, versions,
 * the media type, impersonation) is the pipeline's to judge, as for any other request.
 */
import { withoutAbortSignal } from "../http/request-signal.ts";
import { bodilessKeepAlive, eachHeader, isHttp11 } from "./http-framing.ts";

/** The value of `key` in a query string, undecoded (the first one), or undefined. */
function queryValue(query: string, key: string): string | undefined {
  for (const param of query.split("&")) {
    const eq = param.indexOf("=");
    if ((eq < 0 ? param : param.slice(0, eq)) === key) return eq < 0 ? "" : param.slice(eq + 1);
  }
  return undefined;
}

/** Whether a request head (without the blank line) is a watch to send down the channel. */
export function isChannelWatch(head: string): boolean {
  if (!head.startsWith("GET /api/") && !head.startsWith("GET /apis/")) return false;
  if (!isHttp11(head)) return false;
  const lineEnd = head.indexOf("\r\n");
  const target = head.slice(4, (lineEnd < 0 ? head.length : lineEnd) - 9);
  const q = target.indexOf("?");
  if (q < 0 || target.includes(" ")) return false;
  const watch = queryValue(target.slice(q + 1), "watch");
  if (watch !== "true" && watch !== "1") return false;
  let host = false;
  const plain = eachHeader(head, (name, value) => {
    if (name === "host") host = true;
    return bodilessKeepAlive(name, value);
  });
  // HTTP/1.1 requires Host; the apiserver's listener answers 400 without one
  return plain && host;
}

/**
 * The Request a channel watch's head stands for (headers as sent, Host and Connection aside).
 * It has no abort signal: the channel cancels its answer's source when the client goes.
 */
export function requestOfHead(head: string): Request {
  const lineEnd = head.indexOf("\r\n");
  const target = head.slice(4, (lineEnd < 0 ? head.length : lineEnd) - 9);
  const headers = new Headers();
  eachHeader(head, (name, value) => {
    if (name !== "host" && name !== "connection") headers.append(name, value);
    return true;
  });
  return withoutAbortSignal(new Request(`http://apiserver${target}`, { method: "GET", headers }));
}
