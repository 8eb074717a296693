import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../src/api/meta/index.ts";
import { resourceFor } from "../../../src/api/resources.ts";
import { createClient } from "../../../src/client/rest/clientset.ts";
import { ApiError, isAlreadyExists, isConflict, isExpired, isNotFound, isTooManyRequests, isUnauthorized } from "../../../src/client/errors.ts";
import type { WatchEvent } from "../../../src/client/rest/watch.ts";
import { parseSelector } from "../../../src/api/labels/index.ts";
import { FakeApiServer, pod, podInfo } from "./fake-apiserver.ts";

const server = new FakeApiServer();
afterAll(() => server.stop());
beforeEach(() => {
  server.objects.clear();
  server.history.length = 0;
  server.requests.length = 0;
  server.clearFaults();
});

const client = createClient(server.config());

describe("ResourceClient CRUD", () => {
  test("create, get, update, delete with typed errors", async () => {
    const pods = client.pods("default");
    const created = await pods.create(pod("a") as never);
    expect(created.metadata.resourceVersion).toBeDefined();
    expect(created.kind).toBe("Pod");
    expect(server.requests.at(-1)?.path).toBe("/api/v1/namespaces/default/pods");

    const e1 = await pods.create(pod("a") as never).catch((e) => e);
    expect(isAlreadyExists(e1)).toBe(true);
    expect((e1 as ApiError).message).toBe('pods "a" already exists');

    const got = await pods.get("a");
    got.metadata.labels = { x: "1" };
    const updated = await pods.update(got);
    expect(updated.metadata.labels).toEqual({ x: "1" });

    const stale = await pods.update(got).catch((e) => e); // old resourceVersion
    expect(isConflict(stale)).toBe(true);

    await pods.delete("a", { gracePeriodSeconds: 0, propagationPolicy: "Background" });
    const del = server.requests.at(-1);
    expect(del?.method).toBe("DELETE");
    expect(JSON.parse(del?.body ?? "{}")).toEqual({ apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0, propagationPolicy: "Background" });
    expect(isNotFound(await pods.get("a").catch((e) => e))).toBe(true);
  });

  test("namespace comes from the object when the client is not scoped; required for get", async () => {
    await client.pods().create(pod("b", "ns2") as never);
    expect(server.requests.at(-1)?.path).toBe("/api/v1/namespaces/ns2/pods");
    expect(() => client.pods().get("b")).toThrow(/namespace is required/);
    expect(() => client.nodes().namespace("x")).toThrow(/not namespaced/);
    await client.nodes().create({ metadata: { name: "n1" } } as never);
    expect(server.requests.at(-1)?.path).toBe("/api/v1/nodes");
  });

  test("updateStatus writes to /status only", async () => {
    const d = resourceFor("apps", "v1", "deployments");
    if (!d) throw new Error("catalog");
    server.put(d, { metadata: { name: "web", namespace: "default" }, spec: { replicas: 1 } });
    const dep = await client.deployments("default").get("web");
    const withStatus = { ...dep, spec: { ...dep.spec, replicas: 5 }, status: { replicas: 3 } } as typeof dep;
    const out = await client.deployments("default").updateStatus(withStatus);
    expect(server.requests.at(-1)?.path).toBe("/apis/apps/v1/namespaces/default/deployments/web/status");
    expect(out.status?.replicas).toBe(3);
    expect(out.spec?.replicas).toBe(1);
  });

  test("list: selectors in every form, items get apiVersion/kind, all namespaces", async () => {
    for (const [n, ns, app] of [["p1", "a", "web"], ["p2", "a", "db"], ["p3", "b", "web"]] as const) server.put(podInfo(), pod(n, ns, { app }));
    const forms = ["app=web", { app: "web" }, { matchLabels: { app: "web" } }, parseSelector("app in (web)")];
    for (const labelSelector of forms) {
      const list = await client.pods().list({ labelSelector });
      expect(list.items.map((p) => p.metadata.name).sort()).toEqual(["p1", "p3"]);
      expect(list.items[0]?.kind).toBe("Pod");
      expect(list.items[0]?.apiVersion).toBe("v1");
    }
    const inA = await client.pods("a").list({ fieldSelector: "metadata.name=p2" });
    expect(inA.items.map((p) => p.metadata.name)).toEqual(["p2"]);
    expect(server.requests.at(-1)?.query.get("fieldSelector")).toBe("metadata.name=p2");
    expect(Number(inA.metadata.resourceVersion)).toBe(server.rev);
  });

  test("listAll follows continue tokens and keeps the first page's resourceVersion", async () => {
    for (let i = 0; i < 25; i++) server.put(podInfo(), pod(`p${String(i).padStart(2, "0")}`));
    const rv = String(server.rev);
    const all = await client.pods("default").listAll({}, 10);
    expect(all.items.length).toBe(25);
    expect(all.metadata.resourceVersion).toBe(rv);
    expect(all.metadata.continue).toBeUndefined();
    const listCalls = server.requests.filter((r) => r.method === "GET" && r.path.endsWith("/pods"));
    expect(listCalls.length).toBe(3);
    expect(listCalls.map((r) => r.query.get("limit"))).toEqual(["10", "10", "10"]);
  });

  test("patch: content type per patch type; apply needs fieldManager and sends force", async () => {
    server.put(podInfo(), pod("p"));
    const table = [
      ["merge", "application/merge-patch+json", { metadata: { labels: { a: "1" } } }],
      ["strategic", "application/strategic-merge-patch+json", { metadata: { labels: { b: "2" } } }],
      ["json", "application/json-patch+json", [{ op: "add", path: "/metadata/annotations", value: { c: "3" } }]],
    ] as const;
    for (const [type, ctype, body] of table) {
      await client.pods("default").patch("p", body, { type, fieldManager: "test" });
      const r = server.requests.at(-1);
      expect(r?.headers.get("Content-Type")).toBe(ctype);
      expect(r?.query.get("fieldManager")).toBe("test");
    }
    const p = await client.pods("default").get("p");
    expect(p.metadata.labels).toEqual({ a: "1", b: "2" });
    expect(p.metadata.annotations).toEqual({ c: "3" });

    await expect(client.pods("default").patch("p", {}, { type: "apply" })).rejects.toThrow(/fieldManager/);
    await client.pods("default").apply(pod("q") as never, { fieldManager: "mgr", force: true });
    const r = server.requests.at(-1);
    expect(r?.headers.get("Content-Type")).toBe("application/apply-patch+yaml");
    expect(r?.query.get("force")).toBe("true");
    expect(r?.path).toBe("/api/v1/namespaces/default/pods/q");
  });

  test("dryRun is sent as dryRun=All", async () => {
    await client.pods("default").create(pod("dry") as never, { dryRun: true });
    expect(server.requests.at(-1)?.query.get("dryRun")).toBe("All");
  });

  test("deleteCollection sends the selector", async () => {
    for (const [n, app] of [["x1", "web"], ["x2", "db"]] as const) server.put(podInfo(), pod(n, "default", { app }));
    await client.pods("default").deleteCollection({ listOptions: { labelSelector: { app: "web" } } });
    expect(server.list(podInfo()).map((p) => p.metadata.name)).toEqual(["x2"]);
  });
});

describe("subresources", () => {
  test("bind, evict, scale, log", async () => {
    server.put(podInfo(), pod("p"));
    await client.pods("default").bind({ metadata: { name: "p" }, target: { kind: "Node", name: "node-1" } });
    expect(server.requests.at(-1)?.path).toBe("/api/v1/namespaces/default/pods/p/binding");
    expect(JSON.parse(server.requests.at(-1)?.body ?? "").kind).toBe("Binding");
    expect((await client.pods("default").get("p")).spec?.nodeName).toBe("node-1");

    const log = await client.pods("default").readLog("p", { container: "c", tailLines: 10 });
    expect(log).toBe("log of p/c\nline 2\n");
    expect(server.requests.at(-1)?.query.get("tailLines")).toBe("10");

    await client.pods("default").evict("p");
    const ev = JSON.parse(server.requests.at(-1)?.body ?? "");
    expect(ev).toEqual({ apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "p", namespace: "default" } });
    expect(server.list(podInfo()).length).toBe(0);

    const d = resourceFor("apps", "v1", "deployments");
    if (!d) throw new Error("catalog");
    server.put(d, { metadata: { name: "web", namespace: "default" }, spec: { replicas: 2 } });
    const scale = await client.deployments("default").getScale("web");
    expect(scale.spec?.replicas).toBe(2);
    await client.deployments("default").updateScale("web", { ...scale, spec: { replicas: 4 } });
    expect((await client.deployments("default").get("web")).spec?.replicas).toBe(4);
  });
});

async function take<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe("watch", () => {
  test("streams ADDED/MODIFIED/DELETED from a resourceVersion and ends on stop()", async () => {
    server.put(podInfo(), pod("old"));
    const rv = String(server.rev);
    const w = await client.pods("default").watch({ resourceVersion: rv, allowWatchBookmarks: true });
    const it = w[Symbol.asyncIterator]();
    const a = server.put(podInfo(), pod("w1"));
    server.put(podInfo(), { ...a, metadata: { ...a.metadata, labels: { v: "2" } } });
    server.remove(podInfo(), "default", "w1");
    server.bookmark();
    const evs = (await take(it, 4)) as WatchEvent<KubeObject>[];
    expect(evs.map((e) => `${e.type}:${e.object.metadata.name ?? ""}`)).toEqual(["ADDED:w1", "MODIFIED:w1", "DELETED:w1", "BOOKMARK:"]);
    expect(evs[3]?.object.metadata.resourceVersion).toBe(String(server.rev));
    expect(server.requests.at(-1)?.query.get("allowWatchBookmarks")).toBe("true");
    w.stop();
    expect((await it.next()).done).toBe(true);
    await Bun.sleep(20);
    expect(server.watcherCount).toBe(0);
  });

  test("the iteration ends when the server closes the stream", async () => {
    const w = await client.pods().watch({ resourceVersion: String(server.rev) });
    const it = w[Symbol.asyncIterator]();
    setTimeout(() => server.closeWatches(), 20);
    expect((await it.next()).done).toBe(true);
  });

  test("an ERROR event throws ApiError with its Status (410 Expired)", async () => {
    server.put(podInfo(), pod("x"));
    const old = String(server.rev - 1);
    server.compact();
    const w = await client.pods().watch({ resourceVersion: old });
    let caught: unknown;
    try {
      for await (const _ of w) {
        // nothing expected
      }
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect(isExpired(caught)).toBe(true);
    expect((caught as ApiError).code).toBe(410);
  });

  test("aborting the caller's signal ends the watch", async () => {
    const ac = new AbortController();
    const w = await client.pods().watch({ resourceVersion: String(server.rev), signal: ac.signal });
    const it = w[Symbol.asyncIterator]();
    setTimeout(() => ac.abort(), 20);
    expect((await it.next()).done).toBe(true);
  });
});

describe("transport", () => {
  test("429 is retried after Retry-After, for any verb", async () => {
    server.fail(2, { code: 429, retryAfter: "0", match: /^POST / });
    const created = await client.pods("default").create(pod("r1") as never);
    expect(created.metadata.name).toBe("r1");
    expect(server.requests.filter((r) => r.method === "POST").length).toBe(3);
  });

  test("5xx is retried for GET but not for POST", async () => {
    server.put(podInfo(), pod("r2"));
    server.fail(1, { code: 500, match: /^GET / });
    expect((await client.pods("default").get("r2")).metadata.name).toBe("r2");
    server.fail(1, { code: 500, match: /^POST / });
    const e = await client.pods("default").create(pod("r3") as never).catch((x) => x);
    expect((e as ApiError).code).toBe(500);
  });

  test("retries stop after maxRetries and surface the last error", async () => {
    const c = createClient(server.config({ maxRetries: 2 }));
    server.fail(5, { code: 429, retryAfter: "0" });
    const e = await c.pods("default").list().catch((x) => x);
    expect(isTooManyRequests(e)).toBe(true);
    expect(server.requests.length).toBe(3);
    server.clearFaults();
  });

  test("a non-JSON error body becomes a generic Status", async () => {
    server.fail(1, { code: 404, body: "404 page not found" });
    const e = await client.pods("default").get("zz").catch((x) => x);
    expect(isNotFound(e)).toBe(true);
    expect((e as ApiError).message).toBe("the server could not find the requested resource");
  });

  test("client-side rate limit spaces requests at qps after the burst", async () => {
    const c = createClient(server.config({ qps: 20, burst: 2 }));
    const start = performance.now();
    for (let i = 0; i < 6; i++) await c.pods("default").list();
    const elapsed = performance.now() - start;
    // 2 from the burst, then 4 at 20/s = 200 ms.
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(1000);
  });

  test("bearer token is sent; a wrong one gets Unauthorized", async () => {
    const secured = new FakeApiServer({ token: "s3cret" });
    try {
      const ok = createClient(secured.config());
      expect((await ok.pods("default").list()).items).toEqual([]);
      expect(secured.requests.at(-1)?.headers.get("Authorization")).toBe("Bearer s3cret");
      const bad = createClient({ ...secured.config(), bearerToken: "nope" });
      expect(isUnauthorized(await bad.pods("default").list().catch((x) => x))).toBe(true);
    } finally {
      secured.stop();
    }
  });

  test("version", async () => {
    expect((await client.version()).gitVersion).toBe("v1.34.0");
  });
});
