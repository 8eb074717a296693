/**
 * Requests the TLS front thread hands to the apiserver as messages (transport/watch-channel.ts)
 * instead of over a backend socket: the admin's watches over HTTPS, with the apiserver's
 * answer (head, events, end), keep-alive reuse of the connection after a watch ends,
 * errors, a client going away, a client that stops reading, and the switch to turn it off;
 * then plain requests (bodies split across writes, pipelining, what stays with the backend).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect, type TLSSocket } from "node:tls";
import { allowAuthenticated, type Authorizer } from "../../../src/apiserver/filters/authz.ts";
import { createCa, issueCert } from "../../../src/apiserver/pki/index.ts";
import { BackendPool } from "../../../src/apiserver/transport/backends.ts";
import { TlsFrontThread } from "../../../src/apiserver/transport/tls-front-thread.ts";
import type { DirectSource } from "../../../src/apiserver/transport/watch-channel.ts";
import { configMap, startHarness, TOKEN, WatchReader, type Harness } from "./harness.ts";

const NS = "chan";
const CMS = `/api/v1/namespaces/${NS}/configmaps`;
/** Where the plain requests' tests write (the watch tests list NS from the start). */
const REQ_CMS = "/api/v1/namespaces/chan-req/configmaps";
/** The slow-client bound of this harness: small, so a test can pass it quickly. */
const BACKLOG = 256 * 1024;
let h: Harness;

async function metric(name: string, server: Harness = h): Promise<number> {
  const text = await (await server.req("/metrics")).text();
  return Number(new RegExp(`^${name}\\S* (\\d+)`, "m").exec(text)?.[1] ?? NaN);
}

async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond()) && Date.now() < end) await Bun.sleep(10);
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body ended (its last chunk or all of its Content-Length arrived). */
  complete: boolean;
}

/** Splits HTTP/1.1 answers framed by Content-Length or chunks (the last one may be incomplete). */
function answers(text: string): Answer[] {
  const out: Answer[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf("\r\n\r\n", at);
    if (end < 0) break;
    const lines = text.slice(at, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) headers[line.slice(0, line.indexOf(":")).toLowerCase()] = line.slice(line.indexOf(":") + 1).trim();
    const answer: Answer = { status: Number(lines[0]!.slice(9, 12)), headers, body: "", complete: false };
    out.push(answer);
    at = end + 4;
    if (headers["transfer-encoding"] === "chunked") {
      for (;;) {
        const lineEnd = text.indexOf("\r\n", at);
        if (lineEnd < 0) return out;
        const size = parseInt(text.slice(at, lineEnd), 16);
        if (text.length < lineEnd + 2 + size + 2) return out;
        answer.body += text.slice(lineEnd + 2, lineEnd + 2 + size);
        at = lineEnd + 2 + size + 2;
        if (size === 0) {
          answer.complete = true;
          break;
        }
      }
    } else {
      const len = Number(headers["content-length"] ?? 0);
      answer.body = text.slice(at, at + len);
      answer.complete = text.length >= at + len;
      at += len;
    }
  }
  return out;
}

/** A raw TLS connection as the admin (bearer token), collecting what arrives. */
async function rawConnection(server: Harness = h): Promise<{ socket: TLSSocket; received: () => string }> {
  let received = "";
  const socket = connect({ host: "127.0.0.1", port: server.server.port, ca: server.server.caPem, servername: "localhost" });
  socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
  socket.on("error", () => {});
  await new Promise((r) => socket.once("secureConnect", r));
  return { socket, received: () => received };
}

const request = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nAccept: application/json\r\n\r\n`;

beforeAll(async () => {
  h = await startHarness({ tlsFrontThread: true, watchLimits: { maxBacklogBytes: BACKLOG } });
  expect((await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } })).status).toBe(201);
});
afterAll(async () => {
  await h.stop();
});

const post = (path: string, body: string, extra = "") => `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe("plain requests over the front's channel", () => {
  beforeAll(async () => {
    expect((await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "chan-req" } })).status).toBe(201);
  });

  test("a create whose body comes in pieces is answered once it is whole, with its length", async () => {
    const before = await metric("kubun_apiserver_front_channel_requests");
    const { socket, received } = await rawConnection();
    const whole = post(REQ_CMS, JSON.stringify(configMap("pieces", { k: "välue" })));
    const cut = whole.indexOf("\r\n\r\n") + 10;
    socket.write(whole.slice(0, cut));
    await Bun.sleep(50);
    expect(received()).toBe("");
    socket.write(whole.slice(cut));
    await until(() => answers(received()).length === 1 && answers(received())[0]!.complete);
    socket.end();
    const [created] = answers(received());
    expect(created!.status).toBe(201);
    expect(created!.headers["content-type"]).toBe("application/json");
    expect(Number(created!.headers["content-length"])).toBe(Buffer.byteLength(Buffer.from(created!.body, "latin1").toString("utf8")));
    expect(JSON.parse(Buffer.from(created!.body, "latin1").toString("utf8")).data).toEqual({ k: "välue" });
    expect(await metric("kubun_apiserver_front_channel_requests")).toBeGreaterThan(before);
  });

  test("pipelined writes, reads and errors on one connection are answered in order", async () => {
    const { socket, received } = await rawConnection();
    socket.write(
      post(REQ_CMS, JSON.stringify(configMap("piped-1"))) +
        request(`${REQ_CMS}/piped-1`) +
        post(REQ_CMS, JSON.stringify(configMap("piped-1"))) +
        post(REQ_CMS, "{not json") +
        `DELETE ${REQ_CMS}/piped-1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 0\r\n\r\n` +
        request(`${REQ_CMS}/piped-1`),
    );
    await until(() => answers(received()).length === 6 && answers(received())[5]!.complete);
    socket.end();
    const got = answers(received());
    expect(got.map((a) => a.status)).toEqual([201, 200, 409, 400, 200, 404]);
    expect(JSON.parse(got[2]!.body)).toMatchObject({ kind: "Status", reason: "AlreadyExists" });
    expect(JSON.parse(got[5]!.body)).toMatchObject({ kind: "Status", reason: "NotFound" });
  });

  test("a large body or Connection: close goes over the backend socket, answered as ever", async () => {
    const before = await metric("kubun_apiserver_front_channel_requests");
    const big = JSON.stringify(configMap("big", { blob: "x".repeat(100 * 1024) }));
    const one = await rawConnection();
    one.socket.write(post(REQ_CMS, big));
    await until(() => answers(one.received()).length === 1 && answers(one.received())[0]!.complete);
    one.socket.end();
    expect(answers(one.received())[0]!.status).toBe(201);
    const two = await rawConnection();
    two.socket.write(post(REQ_CMS, JSON.stringify(configMap("closing")), "Connection: close\r\n"));
    await until(() => answers(two.received()).length === 1 && answers(two.received())[0]!.complete);
    two.socket.end();
    expect(answers(two.received())[0]!.status).toBe(201);
    // neither went down the channel (the metrics reads themselves do: one each)
    expect(await metric("kubun_apiserver_front_channel_requests")).toBe(before + 1);
    expect((await h.call("GET", `${REQ_CMS}/big`)).status).toBe(200);
  });

  test("requestChannel: false leaves plain requests to the backend socket", async () => {
    const other = await startHarness({ tlsFrontThread: true, requestChannel: false });
    try {
      await other.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "chan-req" } });
      expect((await other.call("POST", REQ_CMS, configMap("plain"))).status).toBe(201);
      expect(await metric("kubun_apiserver_front_channel_requests", other)).toBe(0);
    } finally {
      await other.stop();
    }
  });
});

describe("watches over the front's channel", () => {
  test("the admin's watch streams the apiserver's events and is counted while open", async () => {
    const before = await metric("kubun_apiserver_front_channel_watches");
    const res = await h.req(`${CMS}?watch=true&resourceVersion=0`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("no-cache, private");
    const w = new WatchReader(res);
    await until(async () => (await metric("kubun_apiserver_front_channel_watches")) === before + 1);
    expect(await metric("kubun_apiserver_front_channel_watches")).toBe(before + 1);
    await h.call("POST", CMS, configMap("one", { a: "1" }));
    const ev = await w.next();
    expect(ev.type).toBe("ADDED");
    expect(ev.object.metadata.name).toBe("one");
    await h.call("DELETE", `${CMS}/one`);
    expect((await w.next()).type).toBe("DELETED");
    await w.cancel();
    // the client went away: the apiserver's watch ends too
    await until(async () => (await metric("kubun_apiserver_front_channel_watches")) === before);
    expect(await metric("kubun_apiserver_front_channel_watches")).toBe(before);
  });

  test("a watch that times out leaves its connection for the next request, answered in order", async () => {
    await h.call("POST", CMS, configMap("after", { b: "2" }));
    const { socket, received } = await rawConnection();
    // the watch and a GET pipelined behind it: the GET is answered once the watch ends
    socket.write(request(`${CMS}?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Dafter`) + request(`${CMS}/after`));
    await until(() => answers(received()).length === 2 && answers(received())[1]!.complete);
    socket.end();
    const [watch, get] = answers(received());
    expect(watch!.status).toBe(200);
    expect(watch!.complete).toBe(true);
    const events = watch!.body.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([["ADDED", "after"]]);
    expect(get!.status).toBe(200);
    expect(JSON.parse(get!.body).metadata.name).toBe("after");
  });

  test("errors come back as the pipeline's Status, and the connection goes on", async () => {
    const { socket, received } = await rawConnection();
    socket.write(request("/api/v1/namespaces/chan/nosuchthings?watch=true") + request(`${CMS}?watch=true&resourceVersionMatch=NotOlderThan`) + request("/api/v1/namespaces/chan"));
    await until(() => answers(received()).length === 3 && answers(received())[2]!.complete);
    socket.end();
    const got = answers(received());
    expect(got.map((a) => a.status)).toEqual([404, 400, 200]);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ kind: "Status", reason: "NotFound", code: 404 });
    expect(JSON.parse(got[1]!.body).message).toBe("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
    expect(JSON.parse(got[2]!.body).metadata.name).toBe("chan");
  });

  test("a watch without credentials is refused there too", async () => {
    let received = "";
    const socket = connect({ host: "127.0.0.1", port: h.server.port, ca: h.server.caPem, servername: "localhost" });
    socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
    await new Promise((r) => socket.once("secureConnect", r));
    socket.write(`GET ${CMS}?watch=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n\r\n`);
    await until(() => answers(received).length === 1 && answers(received)[0]!.complete);
    socket.end();
    const [a] = answers(received);
    expect(a!.status).toBe(401);
    expect(JSON.parse(a!.body)).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
  });

  test("a client that stops reading is cut off with an ERROR event, not buffered without bound", async () => {
    const before = await metric("kubun_apiserver_front_channel_watches");
    const { socket, received } = await rawConnection();
    socket.write(request(`${CMS}?watch=true&labelSelector=size%3Dbig`));
    await until(() => received().includes("200 OK"));
    socket.pause();
    // far more than the bound and the kernel's socket buffers together
    const big = "x".repeat(512 * 1024);
    for (let i = 0; i < 48; i++) {
      expect((await h.call("POST", CMS, { ...configMap(`big-${i}`, { v: big }), metadata: { name: `big-${i}`, labels: { size: "big" } } })).status).toBe(201);
    }
    await until(async () => (await metric("kubun_apiserver_front_channel_watches")) === before);
    expect(await metric("kubun_apiserver_front_channel_watches")).toBe(before);
    socket.resume();
    await until(() => answers(received())[0]?.complete === true);
    socket.end();
    const [watch] = answers(received());
    expect(watch!.complete).toBe(true);
    const lines = watch!.body.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
    const last = lines.at(-1);
    expect(last.type).toBe("ERROR");
    expect(last.object).toMatchObject({ kind: "Status", reason: "Timeout", code: 504 });
    expect(last.object.message).toContain("did not keep up");
    // what it got before the cut is whole events, in order
    const names = lines.slice(0, -1).map((e) => e.object.metadata.name);
    expect(names).toEqual(names.map((_, i) => `big-${i}`));
    for (let i = 0; i < 48; i++) await h.call("DELETE", `${CMS}/big-${i}`);
  });

  test("an initial state far larger than the slow-client bound reaches a client that reads it", async () => {
    const value = "y".repeat(900 * 1024);
    const names = Array.from({ length: 8 }, (_, i) => `initial-${i}`);
    for (const name of names) expect((await h.call("POST", CMS, { ...configMap(name, { v: value }), metadata: { name, labels: { batch: "initial" } } })).status).toBe(201);
    // ~7 MB of ADDED events in one write, against a bound of 256 KiB
    const w = new WatchReader(await h.req(`${CMS}?watch=true&labelSelector=batch%3Dinitial`));
    const got: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const ev = await w.next(10_000);
      expect(ev.type).toBe("ADDED");
      got.push(ev.object.metadata.name);
    }
    expect(got.sort()).toEqual(names);
    // and it is still open: later events arrive
    await h.call("DELETE", `${CMS}/initial-0`);
    expect(await w.next(10_000)).toMatchObject({ type: "DELETED", object: { metadata: { name: "initial-0" } } });
    await w.cancel();
    for (const name of names.slice(1)) await h.call("DELETE", `${CMS}/${name}`);
  });

  test("many watchers on one resource each get an event once", async () => {
    const watchers = await Promise.all(Array.from({ length: 50 }, async () => new WatchReader(await h.req(`${CMS}?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Dfan`))));
    await until(async () => (await metric("kubun_apiserver_front_channel_watches")) >= 50);
    await h.call("POST", CMS, configMap("fan", { c: "3" }));
    const events = await Promise.all(watchers.map((w) => w.next()));
    expect(events.every((e) => e.type === "ADDED" && e.object.metadata.name === "fan")).toBe(true);
    await h.call("DELETE", `${CMS}/fan`);
    const deletes = await Promise.all(watchers.map((w) => w.next()));
    expect(deletes.every((e) => e.type === "DELETED")).toBe(true);
    await Promise.all(watchers.map((w) => w.cancel()));
  });
});

test("any identity's watches take the channel, authorized by the pipeline as ever", async () => {
  // everything allowed but watching namespace "closed"; who asked to watch is noted
  const watchers: string[] = [];
  const authorizer: Authorizer = {
    authorize: (attrs) => {
      if (attrs.verb === "watch") watchers.push(`${attrs.user.name}:${attrs.user.groups.join(",")}`);
      return attrs.verb === "watch" && attrs.namespace === "closed" ? { allowed: false, reason: "no watching there" } : allowAuthenticated.authorize(attrs);
    },
    rulesFor: (user, namespace) => allowAuthenticated.rulesFor(user, namespace),
  };
  const other = await startHarness({ tlsFrontThread: true, authorizer });
  try {
    await other.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
    const bob = await issueCert(other.server.pki.ca, { subject: { commonName: "bob", organizations: ["team"] }, usage: "client" });
    const asBob = (path: string) => fetch(other.server.url + path, { tls: { ca: other.server.caPem, cert: bob.certPem, key: bob.keyPem } } as RequestInit);
    const w = new WatchReader(await asBob(`${CMS}?watch=true`));
    await until(async () => (await metric("kubun_apiserver_front_channel_watches", other)) === 1);
    expect(await metric("kubun_apiserver_front_channel_watches", other)).toBe(1);
    await other.call("POST", CMS, configMap("seen-by-bob"));
    expect((await w.next()).object.metadata.name).toBe("seen-by-bob");
    const refused = await asBob("/api/v1/namespaces/closed/configmaps?watch=true");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ kind: "Status", reason: "Forbidden", code: 403 });
    // the pipeline saw bob, from his certificate, both times
    expect(watchers).toEqual(["bob:team,system:authenticated", "bob:team,system:authenticated"]);
    await w.cancel();
  } finally {
    await other.stop();
  }
});

test("watchChannel: false sends watches over the backend socket", async () => {
  const other = await startHarness({ tlsFrontThread: true, watchChannel: false });
  try {
    await other.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
    const w = new WatchReader(await other.req(`${CMS}?watch=true`));
    await other.call("POST", CMS, configMap("plain"));
    expect((await w.next()).object.metadata.name).toBe("plain");
    expect(await metric("kubun_apiserver_front_channel_watches", other)).toBe(0);
    await w.cancel();
  } finally {
    await other.stop();
  }
});

test("the front thread ending ends the watches it carried; the restarted one carries new ones", async () => {
  const ca = await createCa("test-ca");
  const serving = await issueCert(ca, { subject: { commonName: "localhost" }, usage: "server", sans: ["127.0.0.1", "localhost"] });
  const backends = new BackendPool({ handler: () => new Response("from the backend"), maxRequestBodySize: 1 << 20 });
  const started: string[] = [];
  const cancelled: string[] = [];
  const sources = new WeakMap<Response, DirectSource>();
  const handle = async (req: Request) => {
    const name = new URL(req.url).searchParams.get("name")!;
    const res = new Response(null, { status: 200, headers: { "content-type": "application/json" } });
    sources.set(res, {
      start(controller) {
        started.push(name);
        controller.write(new TextEncoder().encode(`{"name":"${name}"}\n`));
      },
      cancel() {
        cancelled.push(name);
      },
    });
    return res;
  };
  const front = await TlsFrontThread.start({ hostname: "127.0.0.1", port: 0, certPem: serving.certPem, keyPem: serving.keyPem, caPem: ca.certPem, backends, watches: { handle, directSource: (res) => sources.get(res), maxBacklogBytes: 1 << 20, requests: true } });
  const watch = async (name: string) => {
    let received = "";
    const socket = connect({ host: "127.0.0.1", port: front.port, ca: ca.certPem, servername: "localhost" });
    socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
    socket.on("error", () => {});
    await new Promise((r) => socket.once("secureConnect", r));
    socket.write(`GET /api/v1/pods?watch=true&name=${name} HTTP/1.1\r\nHost: x\r\n\r\n`);
    await until(() => received.includes(`{"name":"${name}"}`));
    return { socket, received: () => received };
  };
  try {
    const first = await watch("first");
    expect(answers(first.received())[0]!.status).toBe(200);
    expect(front.channelWatches).toBe(1);
    front.killThreadForTest();
    await until(() => cancelled.length === 1);
    expect(cancelled).toEqual(["first"]);
    expect(front.channelWatches).toBe(0);
    await until(() => front.restarts === 1);
    let second: Awaited<ReturnType<typeof watch>> | undefined;
    for (let i = 0; i < 40 && !second; i++) second = await watch("second").catch(() => undefined);
    expect(started).toEqual(["first", "second"]);
    expect(front.channelWatches).toBe(1);
    second!.socket.end();
    await until(() => cancelled.length === 2);
    expect(cancelled).toEqual(["first", "second"]);
    first.socket.destroy();
  } finally {
    await front.stop();
    await backends.stop();
  }
}, 20_000);
