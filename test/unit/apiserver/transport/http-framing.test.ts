/**
 * The framing the TLS front uses to hand one request at a time to the apiserver and see
 * its answer end: request bodies by Content-Length only, answers by Content-Length or
 * chunks (fed in pieces of every size), and "unframed" for whatever it cannot be sure of.
 */
import { describe, expect, test } from "bun:test";
import { requestBodyLength, ResponseTracker } from "../../../../src/apiserver/transport/http-framing.ts";

const req = (...lines: string[]) => ["POST /api/v1/namespaces/a/configmaps HTTP/1.1", "Host: x", ...lines].join("\r\n");

describe("requestBodyLength", () => {
  test.each([
    [req(), 0],
    [req("Content-Length: 42"), 42],
    [req("content-length: 7", "Content-Length: 7"), 7],
    [req("Connection: keep-alive", "Content-Length: 3"), 3],
  ])("%j -> %p", (head, want) => {
    expect(requestBodyLength(head)).toBe(want);
  });

  test.each([
    ["chunked", req("Transfer-Encoding: chunked")],
    ["an upgrade", req("Upgrade: SPDY/3.1", "Connection: Upgrade")],
    ["Connection: close", req("Connection: close")],
    ["conflicting lengths", req("Content-Length: 1", "Content-Length: 2")],
    ["a bad length", req("Content-Length: -1")],
    ["a length with a sign", req("Content-Length: +5")],
    ["HTTP/1.0", "GET / HTTP/1.0\r\nHost: x"],
    ["a header without a colon", req("Oops")],
  ])("%s cannot be framed", (_what, head) => {
    expect(requestBodyLength(head)).toBeUndefined();
  });
});

const enc = (s: string) => new TextEncoder().encode(s);

/** Feeds `text` in pieces of `size` bytes; returns each feed's answer. */
function feedIn(t: ResponseTracker, text: string, size: number): ("more" | "unframed" | number)[] {
  const bytes = enc(text);
  const out: ("more" | "unframed" | number)[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(t.feed(bytes.subarray(i, i + size)));
  return out;
}

describe("ResponseTracker", () => {
  const sized = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}";
  const chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n";

  test.each([1, 2, 3, 7, 1000])("a Content-Length answer ends at its last byte (pieces of %p)", (size) => {
    const got = feedIn(new ResponseTracker(), sized, size);
    expect(got.slice(0, -1).every((r) => r === "more")).toBe(true);
    const last = got[got.length - 1];
    expect(last).toBe(((sized.length - 1) % size) + 1);
  });

  test.each([1, 2, 5, 1000])("a chunked answer ends after its last chunk and trailers (pieces of %p)", (size) => {
    const got = feedIn(new ResponseTracker(), chunked, size);
    expect(got.slice(0, -1).every((r) => r === "more")).toBe(true);
    expect(got[got.length - 1]).toBe(((chunked.length - 1) % size) + 1);
  });

  test("trailers after the last chunk are part of the answer", () => {
    const text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: 1\r\n\r\n";
    expect(new ResponseTracker().feed(enc(text))).toBe(text.length);
  });

  test("bytes after the answer are left over (the caller must notice)", () => {
    expect(new ResponseTracker().feed(enc(sized + "HTTP/1.1"))).toBe(sized.length);
  });

  test("100 Continue comes before the answer", () => {
    const text = "HTTP/1.1 100 Continue\r\n\r\n" + sized;
    expect(new ResponseTracker().feed(enc(text))).toBe(text.length);
  });

  test("answers without a body: 204, 304, to HEAD, and Content-Length: 0", () => {
    for (const [text, head] of [
      ["HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n", false],
      ["HTTP/1.1 304 Not Modified\r\n\r\n", false],
      ["HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", true],
      ["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false],
    ] as const) {
      expect(new ResponseTracker(head).feed(enc(text))).toBe(text.length);
    }
  });

  test.each([
    ["an upgrade", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: SPDY/3.1\r\n\r\n"],
    ["a body ended by the connection", "HTTP/1.1 200 OK\r\n\r\nabc"],
    ["Connection: close", "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"],
    ["not HTTP/1.1", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"],
    ["a bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"],
    ["a chunk without its CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY"],
  ])("%s is unframed", (_what, text) => {
    expect(new ResponseTracker().feed(enc(text))).toBe("unframed");
  });
});
