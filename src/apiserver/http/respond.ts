/** JSON responses; every body the API sends carries Content-Type application/json. */
import type { Status } from "../../api/meta/index.ts";
import { ApiError, errors } from "./status.ts";
import { TOO_DEEP } from "./nesting.ts";

export const JSON_TYPE = "application/json";

export interface ResponseExtras {
  /** Upstream `Warning` headers: 299 - "text". */
  warnings?: readonly string[];
  headers?: Record<string, string>;
}

/**
 * The headers of a plain JSON answer, built once: Response copies a Headers instance it is
 * given (0.6 µs) where it builds one from a plain object (2 µs) on every answer.
 */
const JSON_HEADERS = new Headers({ "content-type": JSON_TYPE });

/**
 * The bodies of answers made here, so that the front's message channel can write them
 * whole without reading the Response's stream (transport/watch-channel.ts); and which of
 * those carry only the JSON Content-Type, whose head it can write without reading headers.
 */
const bodies = new WeakMap<Response, string | Uint8Array>();
const plainHeaders = new WeakSet<Response>();

/** A JSON body given as text or as UTF-8 bytes (sent without copying). */
export function jsonText(body: string | Uint8Array, status = 200, extras?: ResponseExtras): Response {
  let res: Response;
  if (!extras) {
    res = new Response(body, { status, headers: JSON_HEADERS });
    plainHeaders.add(res);
  } else {
    const headers = new Headers({ "content-type": JSON_TYPE });
    for (const w of extras.warnings ?? []) headers.append("warning", formatWarning(w));
    for (const [k, v] of Object.entries(extras.headers ?? {})) headers.set(k, v);
    res = new Response(body, { status, headers });
  }
  bodies.set(res, body);
  return res;
}

/** The whole body of an answer made by jsonText; undefined for any other. */
export function knownBody(res: Response): string | Uint8Array | undefined {
  return bodies.get(res);
}

/** Whether an answer made by jsonText carries no header but the JSON Content-Type. */
export function hasPlainJsonHeaders(res: Response): boolean {
  return plainHeaders.has(res);
}

/** Adds a header to an answer already made (so its headers are no longer only the Content-Type). */
export function appendHeader(res: Response, name: string, value: string): void {
  res.headers.append(name, value);
  plainHeaders.delete(res);
}

export function json(body: unknown, status = 200, extras?: ResponseExtras): Response {
  return jsonText(JSON.stringify(body), status, extras);
}

/** `299 - "text"` with the text's quotes and backslashes escaped, as upstream's warning header. */
export function formatWarning(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

export function statusResponse(status: Status, extras?: ResponseExtras): Response {
  return json(status, status.code, extras);
}

/**
 * A stack overflow while a request is handled: a document nested within the decoders' limit
 * (http/nesting.ts) but too deep for one of the walks behind them (msgpackr's encoder
 * recurses three frames per level). It is the document's depth, so it is answered as the
 * decoders answer a deeper one.
 */
function stackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

export function errorResponse(e: unknown, extras?: ResponseExtras): Response {
  const apiErr = e instanceof ApiError ? e : stackOverflow(e) ? errors.badRequest(`the object is nested too deeply to be processed: ${TOO_DEEP}`) : errors.internal(e instanceof Error ? e.message : String(e));
  const headers: Record<string, string> = { ...(extras?.headers ?? {}) };
  const retry = apiErr.status.details?.retryAfterSeconds;
  if (retry !== undefined) headers["retry-after"] = String(retry);
  return statusResponse(apiErr.status, { ...(extras ?? {}), headers });
}

/** A success Status, as DELETE answers when the object is gone at once for some kinds. */
export function successStatus(details?: Status["details"]): Status {
  const s: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 200 };
  if (details) s.details = details;
  return s;
}
