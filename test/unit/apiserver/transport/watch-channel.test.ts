import { describe, expect, test } from "bun:test";
import { abortSignalOf } from "../../../../src/apiserver/http/request-signal.ts";
import { appendHeader, jsonText } from "../../../../src/apiserver/http/respond.ts";
import { channelRequestBody, isChannelWatch, MAX_CHANNEL_BODY, requestOfHead } from "../../../../src/apiserver/transport/channel-request.ts";
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

describe("channelRequestBody", () => {
  const req = (line: string, headers = "Host: x") => `${line}\r\n${headers}`;

  test("plain requests go down the channel, with the length of their body", () => {
    expect(channelRequestBody(req("GET /api/v1/pods HTTP/1.1"))).toBe(0);
    expect(channelRequestBody(req("GET /version HTTP/1.1", "Host: x\r\nConnection: keep-alive"))).toBe(0);
    expect(channelRequestBody(req("POST /api/v1/namespaces/a/pods HTTP/1.1", "Host: x\r\nContent-Type: application/json\r\nContent-Length: 120"))).toBe(120);
    expect(channelRequestBody(req("PATCH /apis/apps/v1/namespaces/a/deployments/d?fieldManager=kubectl HTTP/1.1", "Host: x\r\nContent-Length: 7"))).toBe(7);
    expect(channelRequestBody(req("DELETE /api/v1/namespaces/a/pods/p HTTP/1.1", "Host: x\r\nContent-Length: 40"))).toBe(40);
    expect(channelRequestBody(req("PUT /api/v1/namespaces/a HTTP/1.1", `Host: x\r\nContent-Length: ${MAX_CHANNEL_BODY}`))).toBe(MAX_CHANNEL_BODY);
  });

  test("anything the channel cannot carry as it is stays with the backend", () => {
    expect(channelRequestBody(req("POST /api/v1/pods HTTP/1.1", `Host: x\r\nContent-Length: ${MAX_CHANNEL_BODY + 1}`))).toBeUndefined();
    expect(channelRequestBody(req("POST /api/v1/pods HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked"))).toBeUndefined();
    expect(channelRequestBody(req("POST /api/v1/pods HTTP/1.1", "Host: x\r\nContent-Length: 4\r\nContent-Length: 5"))).toBeUndefined();
    expect(channelRequestBody(req("POST /api/v1/pods HTTP/1.1", "Host: x\r\nContent-Length: -4"))).toBeUndefined();
    expect(channelRequestBody(req("POST /api/v1/pods HTTP/1.1", "Host: x\r\nContent-Length: 4\r\nExpect: 100-continue"))).toBeUndefined();
    expect(channelRequestBody(req("GET /api/v1/pods HTTP/1.1", "Host: x\r\nContent-Length: 4"))).toBeUndefined();
    expect(channelRequestBody(req("GET /api/v1/namespaces/a/pods/p/exec HTTP/1.1", "Host: x\r\nUpgrade: websocket\r\nConnection: Upgrade"))).toBeUndefined();
    expect(channelRequestBody(req("GET /api/v1/pods HTTP/1.1", "Host: x\r\nConnection: close"))).toBeUndefined();
    expect(channelRequestBody(req("GET /api/v1/pods HTTP/1.1", "Authorization: Bearer t"))).toBeUndefined();
    expect(channelRequestBody(req("GET /api/v1/pods HTTP/1.0"))).toBeUndefined();
    expect(channelRequestBody(req("HEAD /api/v1/pods HTTP/1.1"))).toBeUndefined();
    expect(channelRequestBody(req("OPTIONS * HTTP/1.1"))).toBeUndefined();
    expect(channelRequestBody(req("GET http://x/api HTTP/1.1"))).toBeUndefined();
    expect(channelRequestBody(req("GET /api/v1/pods HTTP/1.1", "Host: x\r\n folded"))).toBeUndefined();
  });

  test("the request it stands for carries the method and the body", async () => {
    const body = new TextEncoder().encode('{"kind":"Pod"}');
    const r = requestOfHead("POST /api/v1/namespaces/a/pods?dryRun=All HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 14", body);
    expect(r.method).toBe("POST");
    expect(new URL(r.url).search).toBe("?dryRun=All");
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(await r.text()).toBe('{"kind":"Pod"}');
    expect(abortSignalOf(r)).toBeUndefined();
    const d = requestOfHead("DELETE /api/v1/namespaces/a/pods/p HTTP/1.1\r\nHost: x");
    expect(d.method).toBe("DELETE");
    expect(await d.text()).toBe("");
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

describe("WatchChannel: plain requests", () => {
  function requestChannel(handle: (req: Request) => Promise<Response>) {
    const sent: WatchOutput[] = [];
    const ch = new WatchChannel({
      handle,
      directSource: () => undefined,
      send: (m: ToFront) => {
        if (m.type === "watchOut") sent.push(m);
      },
    });
    return { ch, sent };
  }
  const microtasks = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  const post = (body: string) => [`POST /api/v1/namespaces/a/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${enc(body).length}`, enc(body)] as const;

  test("the handler gets the method and body; a whole answer goes in one part with its length", async () => {
    const seen: string[] = [];
    const { ch, sent } = requestChannel(async (req) => {
      seen.push(`${req.method} ${await req.text()}`);
      return jsonText('{"kind":"ConfigMap","data":{"é":"ü"}}', 201);
    });
    ch.open(5, undefined, ...post('{"kind":"ConfigMap"}'));
    for (let i = 0; i < 4; i++) await turn();
    expect(seen).toEqual(['POST {"kind":"ConfigMap"}']);
    const got = parts(sent);
    expect(got.length).toBe(1);
    const [kind, text, ids] = got[0]!;
    expect([kind, ids]).toEqual([WATCH_DONE, [5]]);
    const body = '{"kind":"ConfigMap","data":{"é":"ü"}}';
    expect(text).toMatch(/^HTTP\/1\.1 201 Created\r\nContent-Type: application\/json\r\nDate: [^\r]+ GMT\r\nContent-Length: (\d+)\r\n\r\n/);
    expect(Number(/Content-Length: (\d+)/.exec(text)![1])).toBe(Buffer.byteLength(body));
    expect(text.endsWith(`\r\n\r\n${body}`)).toBe(true);
    expect(ch.size).toBe(0);
  });

  test("headers beyond the Content-Type are written; an answer without a known body is chunked", async () => {
    const { ch, sent } = requestChannel(async (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/warned") {
        const res = jsonText("{}", 200, { warnings: ["old"] });
        appendHeader(res, "warning", '299 - "older"');
        return res;
      }
      if (path === "/deprecated") {
        const res = jsonText("{}");
        appendHeader(res, "warning", '299 - "deprecated"');
        return res;
      }
      if (path === "/empty") return new Response(null, { status: 204 });
      return new Response("ok", { headers: { "content-type": "text/plain" } });
    });
    ch.open(1, undefined, "GET /warned HTTP/1.1\r\nHost: x");
    ch.open(2, undefined, "GET /deprecated HTTP/1.1\r\nHost: x");
    ch.open(3, undefined, "GET /empty HTTP/1.1\r\nHost: x");
    ch.open(4, undefined, "GET /healthz HTTP/1.1\r\nHost: x");
    for (let i = 0; i < 6; i++) await turn();
    const got = parts(sent);
    const of = (id: number) => got.filter(([, , ids]) => ids.includes(id));
    const warned = of(1);
    expect(warned.length).toBe(1);
    expect(warned[0]![1]).toContain('warning: 299 - "old", 299 - "older"\r\n');
    expect(warned[0]![1]).toContain("Content-Length: 2\r\n\r\n{}");
    expect(of(2)[0]![1]).toContain('warning: 299 - "deprecated"\r\n');
    // 204: a head without framing, and the exchange ends with nothing more
    expect(of(3).map(([kind, text]) => [kind, text.includes("Transfer-Encoding") || text.includes("Content-Length")])).toEqual([
      [WATCH_WRITE, false],
      [WATCH_DONE, false],
    ]);
    expect(of(3)[1]![1]).toBe("");
    const plain = of(4);
    expect(plain[0]![1]).toStartWith("HTTP/1.1 200 OK\r\ncontent-type: text/plain");
    expect(plain.slice(1)).toEqual([
      [WATCH_WRITE, "2\r\nok\r\n", [4]],
      [WATCH_DONE, "0\r\n\r\n", [4]],
    ]);
  });

  test("requests that came together are answered as soon as all of them have answers, not at the end of the turn", async () => {
    const { ch, sent } = requestChannel(async () => jsonText("{}"));
    const group = ch.group(2);
    ch.open(1, undefined, "GET /a HTTP/1.1\r\nHost: x", undefined, group);
    await microtasks();
    expect(sent).toEqual([]);
    ch.open(2, undefined, "GET /b HTTP/1.1\r\nHost: x", undefined, group);
    await microtasks();
    expect(parts(sent).map(([kind, , ids]) => [kind, ids])).toEqual([
      [WATCH_DONE, [1]],
      [WATCH_DONE, [2]],
    ]);
    // without a group, answers wait for the end of the turn
    sent.length = 0;
    ch.open(3, undefined, "GET /c HTTP/1.1\r\nHost: x");
    await microtasks();
    expect(sent).toEqual([]);
    await turn();
    expect(parts(sent).map(([, , ids]) => ids)).toEqual([[3]]);
  });

  test("a request cancelled before its answer sends nothing", async () => {
    let release!: () => void;
    const { ch, sent } = requestChannel(() => new Promise<Response>((r) => (release = () => r(jsonText("{}")))));
    ch.open(9, undefined, "GET /slow HTTP/1.1\r\nHost: x");
    ch.cancel(9);
    release();
    await turn();
    await turn();
    expect(sent).toEqual([]);
  });
});
