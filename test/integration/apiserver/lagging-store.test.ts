/**
 * The apiserver over a store whose watch events trail its acknowledged writes (as etcd's
 * may: Store.eventsBeforeAck false), here by 300 ms: consistent reads still see every
 * acknowledged write, a consistent watch start sends each object once, and bookmarks never
 * claim a revision whose events have not arrived (a watcher would skip them).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "../../../src/storage/interface.ts";
import { openMemoryStore } from "../../../src/storage/memory/index.ts";
import { laggingStore } from "../../helpers/lagging-store.ts";
import { configMap, startHarness, WatchReader, type Harness } from "./harness.ts";

const LAG_MS = 300;
let h: Harness;
let store: Store;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kubun-lagging-"));
  store = laggingStore(await openMemoryStore(), LAG_MS);
  h = await startHarness({ watchCache: { bookmarkIntervalMs: 50 } }, { dataDir: dir, store });
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "lag" } });
});
afterAll(async () => {
  await h.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const CMS = "/api/v1/namespaces/lag/configmaps";

describe("a store whose events trail its writes", () => {
  test("consistent GET and LIST see a write at once", async () => {
    const created = await h.call("POST", CMS, configMap("c1", { a: "1" }));
    expect(created.status).toBe(201);
    const got = await h.call("GET", `${CMS}/c1`);
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual({ a: "1" });
    const list = await h.call("GET", CMS);
    expect(list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toContain("c1");
    expect(Number(list.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(created.body.metadata.resourceVersion));

    const updated = await h.call("PUT", `${CMS}/c1`, { ...configMap("c1", { a: "2" }), metadata: { name: "c1", resourceVersion: created.body.metadata.resourceVersion } });
    expect(updated.status).toBe(200);
    expect((await h.call("GET", `${CMS}/c1`)).body.data).toEqual({ a: "2" });
    // NotOlderThan the update's version: answered even though the cache is behind it
    const notOlder = await h.call("GET", `${CMS}/c1?resourceVersion=${updated.body.metadata.resourceVersion}`);
    expect(notOlder.status).toBe(200);
    expect(notOlder.body.data).toEqual({ a: "2" });
  });

  test("a consistent watch start sends a fresh object once, then later changes", async () => {
    await h.call("POST", CMS, configMap("c2"));
    const res = await h.req(`${CMS}?watch=true&fieldSelector=metadata.name%3Dc2`);
    const w = new WatchReader(res);
    const first = await w.next();
    expect(first).toMatchObject({ type: "ADDED", object: { metadata: { name: "c2" } } });
    await h.call("PUT", `${CMS}/c2`, configMap("c2", { b: "1" }));
    const next = await w.next(LAG_MS * 10);
    // the lagged ADDED of c2 must not be sent again
    expect(next).toMatchObject({ type: "MODIFIED", object: { data: { b: "1" } } });
    await w.cancel();
  });

  test("bookmarks never run ahead of the events a watcher was sent", async () => {
    const list = await h.call("GET", CMS);
    const res = await h.req(`${CMS}?watch=true&allowWatchBookmarks=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    const w = new WatchReader(res);
    const created = await h.call("POST", CMS, configMap("c3"));
    const rv = Number(created.body.metadata.resourceVersion);
    // bookmarks come every 50 ms while c3's event is still on its way
    for (;;) {
      const ev = await w.next(LAG_MS * 10);
      if (ev.type === "BOOKMARK") {
        expect(Number(ev.object.metadata.resourceVersion)).toBeLessThan(rv);
        continue;
      }
      expect(ev).toMatchObject({ type: "ADDED", object: { metadata: { name: "c3", resourceVersion: String(rv) } } });
      break;
    }
    await w.cancel();
  });
});
