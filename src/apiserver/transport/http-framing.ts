/**
 * HTTP/1.1 message framing, just enough for the TLS front to hand one request at a time to
 * the apiserver and know when its answer is complete, so that the connection can go back
 * to having GETs answered from the replica (see tls-front.ts). Anything it cannot frame
 * with certainty (chunked or close-delimited request bodies, upgrades, Connection: close,
 * HTTP/1.0) makes the connection a plain byte pipe for the rest of its life.
 */

/**
 * Calls `visit` with each header field of a request head (the lines after the request
 * line; names lowercased, values trimmed) until it returns false. False when a visit did,
 * or a line is not a plain `name: value` (no colon, an empty name, a folded line).
 */
export function eachHeader(head: string, visit: (name: string, value: string) => boolean): boolean {
  const lineEnd = head.indexOf("\r\n");
  let at = lineEnd < 0 ? head.length : lineEnd + 2;
  while (at < head.length) {
    let end = head.indexOf("\r\n", at);
    if (end < 0) end = head.length;
    const colon = head.indexOf(":", at);
    if (colon < 0 || colon > end) return false;
    const name = head.slice(at, colon).toLowerCase();
    if (name === "" || name.includes(" ")) return false;
    if (!visit(name, head.slice(colon + 1, end).trim())) return false;
    at = end + 2;
  }
  return true;
}

/**
 * Whether a request header leaves the request plain for the front to take itself: no body,
 * upgrade or expectation, and a Connection (if any) that keeps the connection alive.
 */
export function bodilessKeepAlive(name: string, value: string): boolean {
  switch (name) {
    case "content-length":
      return value === "0";
    case "connection":
      return value.toLowerCase() === "keep-alive";
    case "transfer-encoding":
    case "upgrade":
    case "expect":
      return false;
    default:
      return true;
  }
}

/** Whether the request line of `head` ends in HTTP/1.1. */
export function isHttp11(head: string): boolean {
  const lineEnd = head.indexOf("\r\n");
  return (lineEnd < 0 ? head : head.slice(0, lineEnd)).endsWith(" HTTP/1.1");
}

/** Bytes of body that follow a request head, or undefined when they cannot be framed here. */
export function requestBodyLength(head: string): number | undefined {
  if (!isHttp11(head)) return undefined;
  let length: number | undefined;
  const framed = eachHeader(head, (name, value) => {
    if (name === "content-length") {
      if (!/^\d{1,15}$/.test(value)) return false;
      const n = Number(value);
      if (length !== undefined && length !== n) return false;
      length = n;
      return true;
    }
    if (name === "transfer-encoding" || name === "upgrade") return false;
    return name !== "connection" || value.toLowerCase() === "keep-alive";
  });
  return framed ? (length ?? 0) : undefined;
}

/** The last chunk of a chunked body (no trailers). */
export const CHUNKED_END = new TextEncoder().encode("0\r\n\r\n");

/** `bytes` as one chunk of a chunked body. */
export function httpChunk(bytes: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`, "latin1"), bytes, Buffer.from("\r\n", "latin1")]);
}

const CR = 13;
const LF = 10;

type State = "head" | "body" | "chunkSize" | "chunkData" | "chunkDataEnd" | "trailers";

/**
 * Follows one response (or several 1xx ones before it) through the bytes the apiserver
 * sends. `feed` returns "more" until the response is complete, then the number of bytes
 * of that chunk that belonged to it; "unframed" when it cannot tell (an upgrade, a body
 * that ends with the connection, a malformed head).
 */
export class ResponseTracker {
  private state: State = "head";
  private headParts: Uint8Array[] = [];
  private headBytes = 0;
  /** How much of CR LF CR LF the head's last bytes matched. */
  private matched = 0;
  private remaining = 0;
  private line = "";

  constructor(private readonly noBody = false) {}

  feed(data: Uint8Array): "more" | "unframed" | number {
    let i = 0;
    while (i < data.length) {
      switch (this.state) {
        case "head": {
          // find the blank line (CRLF CRLF), possibly split across chunks, then read the head once
          const start = i;
          while (i < data.length && this.matched < 4) {
            const b = data[i++]!;
            this.matched = b === (this.matched % 2 === 0 ? CR : LF) ? this.matched + 1 : b === CR ? 1 : 0;
          }
          this.headParts.push(data.subarray(start, i));
          this.headBytes += i - start;
          if (this.matched < 4) return this.headBytes > 64 * 1024 ? "unframed" : "more";
          const head = Buffer.concat(this.headParts).toString("latin1");
          this.headParts = [];
          this.headBytes = 0;
          this.matched = 0;
          const verdict = this.startBody(head);
          if (verdict === "unframed") return verdict;
          if (verdict === "done") return i;
          break;
        }
        case "body": {
          const n = Math.min(this.remaining, data.length - i);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) return i;
          break;
        }
        case "chunkSize":
        case "trailers": {
          const b = data[i++]!;
          if (b !== LF) {
            if (this.line.length > 4096) return "unframed";
            this.line += String.fromCharCode(b);
            break;
          }
          const line = this.line.endsWith("\r") ? this.line.slice(0, -1) : this.line;
          this.line = "";
          if (this.state === "trailers") {
            if (line === "") return i;
            break;
          }
          const size = parseInt(line.split(";")[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) return "unframed";
          if (size === 0) this.state = "trailers";
          else {
            this.remaining = size;
            this.state = "chunkData";
          }
          break;
        }
        case "chunkData": {
          const n = Math.min(this.remaining, data.length - i);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = "chunkDataEnd";
          break;
        }
        case "chunkDataEnd": {
          // the CRLF after a chunk's data
          const b = data[i++]!;
          if (b === LF) this.state = "chunkSize";
          else if (b !== CR) return "unframed";
          break;
        }
      }
    }
    return "more";
  }

  /** Sets up the body of a response whose head just ended; "done" when it has none. */
  private startBody(head: string): "unframed" | "done" | "body" {
    const status = Number(head.slice(9, 12));
    if (!head.startsWith("HTTP/1.1 ") || !Number.isInteger(status)) return "unframed";
    if (status === 101) return "unframed";
    if (status >= 100 && status < 200) {
      // an interim answer (100 Continue): the real one follows
      this.state = "head";
      return "body";
    }
    let length: number | undefined;
    let chunked = false;
    let close = false;
    for (const line of head.split("\r\n").slice(1)) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === "content-length") length = Number(value);
      else if (name === "transfer-encoding") chunked = value === "chunked";
      else if (name === "connection" && value.includes("close")) close = true;
    }
    if (close) return "unframed";
    if (this.noBody || status === 204 || status === 304) return "done";
    if (chunked) {
      this.state = "chunkSize";
      return "body";
    }
    if (length === undefined || !Number.isSafeInteger(length) || length < 0) return "unframed";
    if (length === 0) return "done";
    this.remaining = length;
    this.state = "body";
    return "body";
  }
}
