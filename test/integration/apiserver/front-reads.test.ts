/**
 * GETs the TLS front thread answers from its replica of the watch caches: the admin's
 * plain JSON GETs of one object, with the apiserver's bytes, never older than a write the
 * client saw acknowledged, in order with the other requests of a connection, and counted
 * in the request metrics. Everything else (other users, Table, impersonation, queries)
 * still goes through the apiserver's pipeline.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:tls";
import { issueCert } from "../../../src/apiserver/pki/index.ts";
import { configMap, deployment, startHarness, TOKEN, type Harness } from "./harness.ts";

const NS = "reads";
const BOB_TOKEN = "bob-token";
let h: Harness;

/** GETs answered by the front so far (/metrics collects the front's counts first). */
async function answered(): Promise<number> {
  const text = await (await h.req("/metrics")).text();
  return Number(/^kubun_apiserver_front_answered_gets\S* (\d+)/m.exec(text)?.[1] ?? NaN);
}

/** How many of the GETs `requests` makes the front answered itself. */
async function frontAnswers(requests: () => Promise<unknown>): Promise<number> {
  const before = await answered();
  await requests();
  return (await answered()) - before;
}

beforeAll(async () => {
  const dir = (await import("node:os")).tmpdir();
  const tokenFile = join(dir, `kubun-front-reads-${process.pid}.csv`);
  writeFileSync(tokenFile, `${BOB_TOKEN},bob,bob-uid,"dev"\n`);
  h = await startHarness({ tlsFrontThread: true, tokenFile });
  expect((await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } })).status).toBe(201);
  expect((await h.call("POST", `/api/v1/namespaces/${NS}/configmaps`, configMap("marker"))).status).toBe(201);
});
afterAll(async () => {
  await h.stop();
});

describe("GETs answered by the TLS front", () => {
  test("the admin's GETs come back with the apiserver's own bytes and headers", async () => {
    await h.call("POST", `/api/v1/namespaces/${NS}/configmaps`, configMap("same", { a: "b" }));
    await h.call("POST", `/apis/apps/v1/namespaces/${NS}/deployments`, deployment("web"));
    const paths = [`/api/v1/namespaces/${NS}/configmaps/same`, `/apis/apps/v1/namespaces/${NS}/deployments/web`, `/api/v1/namespaces/${NS}`, "/api/v1/namespaces/default/services/kubernetes"];
    const n = await frontAnswers(async () => {
      for (const path of paths) {
        const viaFront = await h.req(path);
        const viaPipeline = await fetch(`http://localhost${path}`, { unix: h.server.localSocketPath, headers: { authorization: `Bearer ${TOKEN}` } } as RequestInit);
        expect(viaFront.status).toBe(200);
        expect(viaFront.headers.get("content-type")).toBe(viaPipeline.headers.get("content-type"));
        expect(await viaFront.text()).toBe(await viaPipeline.text());
      }
      // the admin token on a connection without a certificate too
      expect((await h.anon(paths[0]!, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      expect((await h.anon(`${paths[0]}?resourceVersion=0`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    });
    // the first GET of each resource may wait for its replica, never for long: all were answered there
    expect(n).toBe(paths.length + 2);
  });

  test("lists come back as the apiserver's watch cache lists them", async () => {
    for (const name of ["l-b", "l-a", "l-c"]) await h.call("POST", `/api/v1/namespaces/${NS}/configmaps`, configMap(name, { n: name }));
    const viaPipeline = async (path: string) => (await fetch(`http://localhost${path}`, { unix: h.server.localSocketPath, headers: { authorization: `Bearer ${TOKEN}` } } as RequestInit)).json() as Promise<any>;
    const paths = [`/api/v1/namespaces/${NS}/configmaps?resourceVersion=0`, "/api/v1/configmaps?resourceVersion=0&limit=2", "/api/v1/namespaces?resourceVersion=0", "/apis/apps/v1/deployments?resourceVersion=0", `/api/v1/namespaces/${NS}/configmaps`, "/api/v1/configmaps?limit=0"];
    const n = await frontAnswers(async () => {
      for (const path of paths) {
        const front = await h.call("GET", path);
        expect(front.status).toBe(200);
        const pipeline = await viaPipeline(path);
        expect(front.body.kind).toBe(pipeline.kind);
        expect(front.body.apiVersion).toBe(pipeline.apiVersion);
        // the same objects in the same order (a limit is ignored at resourceVersion=0, as upstream's cache does)
        expect(front.body.items).toEqual(pipeline.items);
        expect(front.body.items.length).toBeGreaterThan(path.includes("limit=2") ? 2 : 0);
        // a revision of the cache: no older than the newest object listed
        const newest = Math.max(...front.body.items.map((i: any) => Number(i.metadata.resourceVersion)));
        expect(Number(front.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(newest);
        expect(Number(front.body.metadata.resourceVersion)).toBeLessThanOrEqual(Number(pipeline.metadata.resourceVersion));
      }
    });
    expect(n).toBe(paths.length);
    // a namespaced list of a cluster-scoped resource is the apiserver's 404
    expect((await h.call("GET", `/api/v1/namespaces/${NS}/nodes?resourceVersion=0`)).status).toBe(404);
    const mine = (await h.call("GET", `/api/v1/namespaces/${NS}/configmaps?resourceVersion=0`)).body.items.map((i: any) => i.metadata.name);
    expect(mine.filter((x: string) => x.startsWith("l-"))).toEqual(["l-a", "l-b", "l-c"]);
  });

  test("a large list read slowly stays intact while other lists and writes go on", async () => {
    const ns = "big-lists";
    await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    const value = (i: number) => String.fromCharCode(97 + i).repeat(900_000);
    for (let i = 0; i < 10; i++) expect((await h.call("POST", `/api/v1/namespaces/${ns}/configmaps`, configMap(`cm${i}`, { v: value(i) }))).status).toBe(201);
    const path = `/api/v1/namespaces/${ns}/configmaps?resourceVersion=0`;
    const before = await answered();
    const slow = await h.req(path);
    const reader = slow.body!.getReader();
    const chunks: Uint8Array[] = [];
    let reads = 0;
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      chunks.push(chunk);
      if (++reads === 4) {
        // meanwhile: lists of the same resource on other connections, and a change to it
        for (let i = 0; i < 2; i++) expect(((await (await h.anon(path, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { items: unknown[] }).items.length).toBe(10);
        expect((await h.call("DELETE", `/api/v1/namespaces/${ns}/configmaps/cm9`)).status).toBe(200);
        const after = (await (await h.anon(path, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { items: unknown[] };
        expect(after.items.length).toBe(9);
      }
      if (chunks.length % 8 === 0) await Bun.sleep(5);
    }
    const list = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { items: { metadata: { name: string }; data: { v: string } }[] };
    expect(list.items.map((c) => c.metadata.name)).toEqual(Array.from({ length: 10 }, (_, i) => `cm${i}`));
    for (const c of list.items) expect(c.data.v === value(Number(c.metadata.name.slice(2)))).toBe(true);
    expect((await answered()) - before).toBe(4);
  }, 60_000);

  test("a GET after an acknowledged write always sees it, on the same connection or another", async () => {
    expect((await h.call("POST", `/api/v1/namespaces/${NS}/configmaps`, configMap("counter", { v: "0" }))).status).toBe(201);
    const path = `/api/v1/namespaces/${NS}/configmaps/counter`;
    for (let i = 1; i <= 150; i++) {
      const patched = await h.call("PATCH", path, { data: { v: String(i) } }, { "content-type": "application/merge-patch+json" });
      expect(patched.status).toBe(200);
      const mine = await h.call("GET", path);
      expect(mine.body.data.v).toBe(String(i));
      expect(mine.body.metadata.resourceVersion).toBe(patched.body.metadata.resourceVersion);
      const other = await h.anon(path, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(((await other.json()) as { data: { v: string } }).data.v).toBe(String(i));
    }
    // a consistent list after a write sees it too
    for (let i = 0; i < 30; i++) {
      const created = await h.call("POST", `/api/v1/namespaces/${NS}/configmaps`, configMap(`seen-${i}`));
      expect(created.status).toBe(201);
      const listed = await h.call("GET", `/api/v1/namespaces/${NS}/configmaps`);
      const mine = listed.body.items.find((c: any) => c.metadata.name === `seen-${i}`);
      expect(mine?.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
      expect(Number(listed.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(created.body.metadata.resourceVersion));
    }
    expect((await h.call("DELETE", path)).status).toBe(200);
    const gone = await h.call("GET", path);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ kind: "Status", reason: "NotFound", message: `configmaps "counter" not found` });
    expect((await h.call("POST", `/api/v1/namespaces/${NS}/configmaps`, configMap("counter", { v: "again" }))).status).toBe(201);
    expect((await h.call("GET", path)).body.data.v).toBe("again");
  });

  test("other users, Table, impersonation and queries go through the apiserver", async () => {
    const path = `/api/v1/namespaces/${NS}/configmaps/marker`;
    const carol = await issueCert(h.server.pki.ca, { subject: { commonName: "carol", organizations: ["dev"] }, usage: "client" });
    const n = await frontAnswers(async () => {
      const asBob = await h.anon(path, { headers: { authorization: `Bearer ${BOB_TOKEN}` } });
      expect(asBob.status).toBe(200);
      const asCarol = await fetch(h.server.url + path, { tls: { ca: h.server.caPem, cert: carol.certPem, key: carol.keyPem } } as RequestInit);
      expect(asCarol.status).toBe(200);
      const table = await h.call("GET", path, undefined, { accept: "application/json;as=Table;v=v1;g=meta.k8s.io, application/json" });
      expect(table.body.kind).toBe("Table");
      const impersonated = await h.call("GET", path, undefined, { "impersonate-user": "dave" });
      expect(impersonated.status).toBe(200);
      expect((await h.call("GET", `${path}?pretty=true`)).status).toBe(200);
      // lists with a selector, or paged from the store
      expect((await h.call("GET", `/api/v1/namespaces/${NS}/configmaps?resourceVersion=0&labelSelector=a%3Db`)).status).toBe(200);
      expect((await h.call("GET", `/api/v1/namespaces/${NS}/configmaps?limit=1`)).body.metadata.continue).toBeDefined();
      expect((await h.anon(path, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      // an object the replica does not hold: the apiserver's 404
      const missing = await h.call("GET", `/api/v1/namespaces/${NS}/configmaps/nope`);
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe(`configmaps "nope" not found`);
    });
    expect(n).toBe(0);
  });

  test("pipelined requests on one connection are answered in order", async () => {
    const body = JSON.stringify(configMap("piped", { x: "y" }));
    const get = (name: string) => `GET /api/v1/namespaces/${NS}/configmaps/${name} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`;
    const post = `POST /api/v1/namespaces/${NS}/configmaps HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    // a fast GET, one split over two writes, then a write and GETs that must see it
    const first = get("marker");
    const writes = [first + get("marker").slice(0, 20), get("marker").slice(20) + post + get("piped") + get("marker")];
    let received = "";
    const socket = connect({ host: "127.0.0.1", port: h.server.port, ca: h.server.caPem, servername: "localhost" });
    socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
    await new Promise((r) => socket.once("secureConnect", r));
    socket.write(writes[0]!);
    await Bun.sleep(50);
    socket.write(writes[1]!);
    const until = Date.now() + 10_000;
    while (responses(received).length < 5 && Date.now() < until) await Bun.sleep(10);
    socket.end();
    const got = responses(received);
    expect(got.map((r) => r.status)).toEqual([200, 200, 201, 200, 200]);
    expect(got.map((r) => JSON.parse(r.body).metadata.name)).toEqual(["marker", "marker", "piped", "piped", "marker"]);
  });

  test("the front's GETs are counted in apiserver_request_total", async () => {
    const count = async () => Number(/^apiserver_request_total\{verb="GET",group="",resource="configmaps",subresource="",code="200"\} (\d+)/m.exec(await (await h.req("/metrics")).text())?.[1] ?? 0);
    const before = await count();
    const n = await frontAnswers(async () => {
      for (let i = 0; i < 20; i++) expect((await h.call("GET", `/api/v1/namespaces/${NS}/configmaps/marker`)).status).toBe(200);
    });
    expect(n).toBe(20);
    expect(await count()).toBe(before + 20);
  });
});

test("fastGet: false leaves every GET to the apiserver", async () => {
  const other = await startHarness({ tlsFrontThread: true, fastGet: false });
  try {
    for (let i = 0; i < 5; i++) expect((await other.call("GET", "/api/v1/namespaces/default")).status).toBe(200);
    const text = await (await other.req("/metrics")).text();
    expect(/^kubun_apiserver_front_answered_gets\S* (\d+)/m.exec(text)?.[1]).toBe("0");
  } finally {
    await other.stop();
  }
});

/** Splits HTTP/1.1 responses framed by Content-Length. */
function responses(text: string): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  let at = 0;
  for (;;) {
    const end = text.indexOf("\r\n\r\n", at);
    if (end < 0) return out;
    const head = text.slice(at, end);
    const len = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    if (text.length < end + 4 + len) return out;
    out.push({ status: Number(head.slice(9, 12)), body: text.slice(end + 4, end + 4 + len) });
    at = end + 4 + len;
  }
}
