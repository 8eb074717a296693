import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configMap, startHarness, WatchReader, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ watchCache: { capacity: 50, bookmarkIntervalMs: 200 } });
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "w" } });
});
afterAll(() => h.stop());

const CMS = "/api/v1/namespaces/w/configmaps";

async function watch(query: string): Promise<WatchReader> {
  const res = await h.req(`${CMS}?watch=true&${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/json");
  return new WatchReader(res);
}

describe("watch", () => {
  test("rv=0 sends the current objects as ADDED, then changes", async () => {
    await h.call("POST", CMS, configMap("w1", { a: "1" }));
    const w = await watch("resourceVersion=0");
    const first = await w.next();
    expect(first.type).toBe("ADDED");
    expect(first.object.metadata.name).toBe("w1");
    await h.call("PUT", `${CMS}/w1`, configMap("w1", { a: "2" }));
    const mod = await w.next();
    expect(mod.type).toBe("MODIFIED");
    expect(mod.object.data.a).toBe("2");
    await h.call("DELETE", `${CMS}/w1`);
    const del = await w.next();
    expect(del.type).toBe("DELETED");
    expect(Number(del.object.metadata.resourceVersion)).toBeGreaterThan(Number(mod.object.metadata.resourceVersion));
    await w.cancel();
  });

  test("a watch from a list's resourceVersion sees only later changes", async () => {
    await h.call("POST", CMS, configMap("before"));
    const list = await h.call("GET", CMS);
    const w = await watch(`resourceVersion=${list.body.metadata.resourceVersion}`);
    await h.call("POST", CMS, configMap("after"));
    const ev = await w.next();
    expect(ev).toMatchObject({ type: "ADDED", object: { metadata: { name: "after" } } });
    await w.cancel();
  });

  test("objects entering and leaving the label selector are ADDED and DELETED", async () => {
    const w = await watch("resourceVersion=0&labelSelector=tier%3Dfront");
    await h.call("POST", CMS, configMap("sel", {}, { tier: "back" }));
    await h.call("PUT", `${CMS}/sel`, configMap("sel", {}, { tier: "front" }));
    const added = await w.next();
    expect(added.type).toBe("ADDED");
    await h.call("PUT", `${CMS}/sel`, configMap("sel", {}, { tier: "back" }));
    const gone = await w.next();
    expect(gone.type).toBe("DELETED");
    expect(gone.object.metadata.labels.tier).toBe("front");
    await w.cancel();
  });

  test("a field selector on metadata.name watches one object", async () => {
    const w = await watch("fieldSelector=metadata.name%3Done&resourceVersion=0");
    await h.call("POST", CMS, configMap("other"));
    await h.call("POST", CMS, configMap("one"));
    const ev = await w.next();
    expect(ev.object.metadata.name).toBe("one");
    await w.cancel();
  });

  test("a version older than the cache's history is an ERROR event with 410 Expired", async () => {
    const start = (await h.call("GET", CMS)).body.metadata.resourceVersion;
    for (let i = 0; i < 60; i++) await h.call("POST", CMS, configMap(`churn-${i}`));
    const w = await watch(`resourceVersion=${start}`);
    const ev = await w.next();
    expect(ev.type).toBe("ERROR");
    expect(ev.object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
    expect(ev.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    expect(await w.next()).toBeUndefined();
  });

  test("bookmarks arrive when asked for", async () => {
    const list = await h.call("GET", CMS);
    const w = await watch(`resourceVersion=${list.body.metadata.resourceVersion}&allowWatchBookmarks=true`);
    try {
      await h.call("POST", CMS, configMap("bm"));
      // the 200 ms bookmark timer may fire before the object's event arrives (at the list's version)
      let ev = await w.next();
      while (ev.type === "BOOKMARK") {
        expect(Number(ev.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(list.body.metadata.resourceVersion));
        ev = await w.next();
      }
      expect(ev.type).toBe("ADDED");
      await h.call("POST", "/api/v1/namespaces/w/secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } });
      const bm = await w.next(2000);
      expect(bm.type).toBe("BOOKMARK");
      expect(bm.object.kind).toBe("ConfigMap");
      expect(Number(bm.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(ev.object.metadata.resourceVersion));
    } finally {
      await w.cancel();
    }
  });

  test("sendInitialEvents sends the state, then a BOOKMARK marking its end", async () => {
    const w = await watch("sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=initial");
    await h.call("POST", CMS, configMap("ie", {}, { initial: "x" }));
    const events: any[] = [];
    for (;;) {
      const ev = await w.next();
      events.push(ev);
      if (ev.type === "BOOKMARK") break;
    }
    const end = events[events.length - 1];
    expect(end.object.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
    await w.cancel();
  });

  test("sendInitialEvents without NotOlderThan is 422", async () => {
    const r = await h.req(`${CMS}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true`);
    expect(r.status).toBe(422);
  });

  test("timeoutSeconds ends the stream cleanly", async () => {
    const t0 = Date.now();
    const w = await watch("resourceVersion=0&timeoutSeconds=1&labelSelector=none");
    expect(await w.next(5000)).toBeUndefined();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  test("open watches are counted while they run: a client going away and a timeout end them", async () => {
    const open = async () => {
      const text = await (await h.req("/metrics")).text();
      return Number(/^apiserver_longrunning_requests\{verb="WATCH"\} (\d+)$/m.exec(text)?.[1]);
    };
    const base = await open();
    const abort = new AbortController();
    const list = await h.call("GET", CMS);
    const res = await h.req(`${CMS}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`, { signal: abort.signal });
    expect(res.status).toBe(200);
    const timed = await watch("resourceVersion=0&timeoutSeconds=1&labelSelector=none");
    expect(await open()).toBe(base + 2);
    abort.abort();
    await res.body?.cancel().catch(() => {});
    expect(await timed.next(5000)).toBeUndefined();
    const deadline = Date.now() + 5000;
    while ((await open()) !== base && Date.now() < deadline) await Bun.sleep(50);
    expect(await open()).toBe(base);
  });

  test("the response head arrives before any event", async () => {
    const list = await h.call("GET", CMS);
    const res = await Promise.race([h.req(`${CMS}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`), Bun.sleep(2000).then(() => undefined)]);
    expect(res?.status).toBe(200);
    await res?.body?.cancel();
  });

  test("one event reaches many watchers", async () => {
    const ws = await Promise.all(Array.from({ length: 20 }, () => watch("labelSelector=fan&resourceVersion=0")));
    await h.call("POST", CMS, configMap("fan", {}, { fan: "1" }));
    const evs = await Promise.all(ws.map((w) => w.next()));
    for (const ev of evs) expect(ev.object.metadata.name).toBe("fan");
    await Promise.all(ws.map((w) => w.cancel()));
  });
});
