import { describe, expect, test } from "bun:test";
import { abortSignalOf } from "../../../../src/apiserver/http/request-signal.ts";
import { isChannelWatch, requestOfHead } from "../../../../src/apiserver/transport/channel-watch-request.ts";
import { WATCH_DONE, WATCH_WRITE, type ToFront, type WatchOutput } from "../../../../src/apiserver/transport/tls-front-protocol.ts";
import { WatchChannel, type DirectSource } from "../../../../src/apiserver/transport/watch-channel.ts";

const head = (target: string, headers = "Host: x\r\nAuthorization: Bearer t") => `GET ${target} HTTP/1.1\r\n${headers}`;

describe("isChannelWatch", () => {
  test("plain watches of API paths", () => {
    expect(isChannelWatch(head("/api/v1/pods?watch=true"))).toBe(true);
    expect(isChannelWatch(head("/apis/apps/v1/namespaces/a/deployments?labelSelector=a%3Db&watch=1&resourceVersion=5"))).toBe(true);
    expect(isChannelWatch(head("/api/v1/pods?watch=true", "Host: x\r\nConnection: keep-alive\r\nAccept: application/vnd.kubernetes.protobuf"))).toBe(true);
  });

  test("anything else stays with the backend", () => {
    expect(isChannelWatch(head("/api/v1/pods"))).toBe(false);
    expect(isChannelWatch(head("/api/v1/pods?watch=false"))).toBe(false);
    expect(isChannelWatch(head("/api/v1/pods?watchy=true"))).toBe(false);
    expect(isChannelWatch(head("/healthz?watch=true"))).toBe(false);
    expect(isChannelWatch(`POST /api/v1/pods?watch=true HTTP/1.1\r\nHost: x`)).toBe(false);
    expect(isChannelWatch(`GET /api/v1/pods?watch=true HTTP/1.0\r\nHost: x`)).toBe(false);
    expect(isChannelWatch(head("/api/v1/pods?watch=true", "Authorization: Bearer t"))).toBe(false);
    expect(isChannelWatch(head("/api/v1/pods?watch=true", "Host: x\r\nConnection: close"))).toBe(false);
    expect(isChannelWatch(head("/api/v1/pods?watch=true", "Host: x\r\nUpgrade: websocket\r\nConnection: Upgrade"))).toBe(false);
    expect(isChannelWatch(head("/api/v1/pods?watch=true", "Host: x\r\nContent-Length: 4"))).toBe(false);
    expect(isChannelWatch(head("/api/v1/pods?watch=true", "Host: x\r\nTransfer-Encoding: chunked"))).toBe(false);
  });

  test("the request it stands for carries the path, query and headers, and no abort signal", () => {
    const req = requestOfHead(head("/api/v1/namespaces/a/pods?watch=true&fieldSelector=spec.nodeName%3Dn1", "Host: x\r\nAuthorization: Bearer t\r\nImpersonate-User: bob\r\nConnection: keep-alive"));
    const url = new URL(req.url);
    expect(url.pathname).toBe("/api/v1/namespaces/a/pods");
    expect(url.searchParams.get("fieldSelector")).toBe("spec.nodeName=n1");
    expect(req.headers.get("authorization")).toBe("Bearer t");
    expect(req.headers.get("impersonate-user")).toBe("bob");
    expect(req.headers.has("connection")).toBe(false);
    expect(abortSignalOf(req)).toBeUndefined();
    expect(abortSignalOf(new Request("http://x/"))).toBeInstanceOf(AbortSignal);
  });
});

/** A direct source that writes what the test tells it to, through the controller it was started with. */
class FakeSource implements DirectSource {
  controller: { write(b: Uint8Array): number | Promise<number>; close(): void } | undefined;
  cancelled = false;
  start(controller: { write(b: Uint8Array): number | Promise<number>; close(): void }): void {
    this.controller = controller;
  }
  cancel(): void {
    this.cancelled = true;
  }
}

function channel() {
  const sent: WatchOutput[] = [];
  const sources = new Map<Response, FakeSource>();
  const byName = new Map<string, FakeSource>();
  const ch = new WatchChannel({
    async handle(req) {
      const name = new URL(req.url).searchParams.get("name")!;
      if (name === "missing") return new Response('{"kind":"Status","code":404}', { status: 404, headers: { "content-type": "application/json" } });
      const res = new Response(null, { headers: { "content-type": "application/json" } });
      const src = new FakeSource();
      sources.set(res, src);
      byName.set(name, src);
      return res;
    },
    directSource: (res) => sources.get(res),
    send: (m: ToFront) => {
      if (m.type === "watchOut") sent.push(m);
    },
  });
  return { ch, sent, byName };
}

/** Each part of the sent output: kind, text, ids. */
function parts(out: WatchOutput[]): [number, string, number[]][] {
  const all: [number, string, number[]][] = [];
  for (const m of out) {
    let at = 0;
    let idAt = 0;
    for (let i = 0; i < m.kinds.length; i++) {
      all.push([m.kinds[i]!, new TextDecoder().decode(new Uint8Array(m.buf, at, m.lens[i]!)), [...m.ids.subarray(idAt, idAt + m.counts[i]!)]]);
      at += m.lens[i]!;
      idAt += m.counts[i]!;
    }
  }
  return all;
}

const turn = () => new Promise((r) => setImmediate(r));
const enc = (s: string) => new TextEncoder().encode(s);

describe("WatchChannel", () => {
  test("bytes shared by several watches in a turn travel once, framed as a chunk, with their ids", async () => {
    const { ch, sent, byName } = channel();
    ch.open(1, undefined, head("/api/v1/pods?watch=true&name=a"));
    ch.open(2, undefined, head("/api/v1/pods?watch=true&name=b"));
    await turn();
    await turn();
    const heads = parts(sent);
    expect(heads.map(([kind, text, ids]) => [kind, text.split("\r\n")[0], ids])).toEqual([
      [WATCH_WRITE, "HTTP/1.1 200 OK", [1]],
      [WATCH_WRITE, "HTTP/1.1 200 OK", [2]],
    ]);
    expect(heads[0]![1]).toContain("content-type: application/json\r\n");
    expect(heads[0]![1]).toEndWith("Transfer-Encoding: chunked\r\n\r\n");
    sent.length = 0;
    const event = enc('{"type":"ADDED"}\n');
    byName.get("a")!.controller!.write(event);
    byName.get("b")!.controller!.write(event);
    byName.get("b")!.controller!.write(enc("only b\n"));
    byName.get("a")!.controller!.close();
    await turn();
    expect(parts(sent)).toEqual([
      [WATCH_WRITE, `11\r\n{"type":"ADDED"}\n\r\n`, [1, 2]],
      [WATCH_WRITE, "7\r\nonly b\n\r\n", [2]],
      [WATCH_DONE, "0\r\n\r\n", [1]],
    ]);
    expect(ch.size).toBe(1);
  });

  test("a watch's own writes keep their order even when a later one repeats shared bytes", async () => {
    const { ch, sent, byName } = channel();
    ch.open(1, undefined, head("/api/v1/pods?watch=true&name=a"));
    ch.open(2, undefined, head("/api/v1/pods?watch=true&name=b"));
    await turn();
    await turn();
    sent.length = 0;
    const x = enc("x\n");
    const y = enc("y\n");
    byName.get("a")!.controller!.write(x);
    byName.get("b")!.controller!.write(y);
    byName.get("b")!.controller!.write(x);
    await turn();
    // b's x may not join a's part: that part comes before b's y
    expect(parts(sent).map(([, text, ids]) => [text, ids])).toEqual([
      ["2\r\nx\n\r\n", [1]],
      ["2\r\ny\n\r\n", [2]],
      ["2\r\nx\n\r\n", [2]],
    ]);
  });

  test("other answers are copied through and end the exchange", async () => {
    const { ch, sent } = channel();
    ch.open(7, undefined, head("/api/v1/pods?watch=true&name=missing"));
    for (let i = 0; i < 5; i++) await turn();
    const got = parts(sent);
    expect(got[0]![1]).toStartWith("HTTP/1.1 404 Not Found\r\n");
    expect(got.slice(1)).toEqual([
      [WATCH_WRITE, '1c\r\n{"kind":"Status","code":404}\r\n', [7]],
      [WATCH_DONE, "0\r\n\r\n", [7]],
    ]);
    expect(ch.size).toBe(0);
  });

  test("cancel stops the source and sends nothing more; stop cancels every watch", async () => {
    const { ch, sent, byName } = channel();
    ch.open(1, undefined, head("/api/v1/pods?watch=true&name=a"));
    ch.open(2, undefined, head("/api/v1/pods?watch=true&name=b"));
    // cancelled before its answer came: the source is cancelled as soon as it exists
    ch.open(3, undefined, head("/api/v1/pods?watch=true&name=c"));
    ch.cancel(3);
    await turn();
    await turn();
    expect(byName.get("c")!.cancelled).toBe(true);
    expect(byName.get("c")!.controller).toBeUndefined();
    sent.length = 0;
    ch.cancel(1);
    expect(byName.get("a")!.cancelled).toBe(true);
    byName.get("a")!.controller!.write(enc("late\n"));
    byName.get("a")!.controller!.close();
    await turn();
    expect(sent).toEqual([]);
    ch.stop();
    expect(byName.get("b")!.cancelled).toBe(true);
    expect(ch.size).toBe(0);
  });
});
