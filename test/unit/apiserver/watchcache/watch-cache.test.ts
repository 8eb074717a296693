import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { resourceFor } from "../../../../src/api/resources.ts";
import { CacheWatcher, Predicate, TooOldError, WatchCache, plainEncoder, type WatchSink } from "../../../../src/apiserver/watchcache/index.ts";
import { openMemoryStore } from "../../../../src/storage/memory/index.ts";
import type { Store } from "../../../../src/storage/interface.ts";

const CM = resourceFor("", "v1", "configmaps")!;
const PREFIX = "/registry/core/configmaps/";

class Sink implements WatchSink {
  chunks: Uint8Array[] = [];
  closed = false;
  write(b: Uint8Array): number {
    this.chunks.push(b);
    return b.length;
  }
  close(reason?: Uint8Array): void {
    if (reason) this.chunks.push(reason);
    this.closed = true;
  }
  events(): any[] {
    return this.chunks.flatMap((c) => new TextDecoder().decode(c).split("\n").filter(Boolean).map((l) => JSON.parse(l)));
  }
}

const cm = (ns: string, name: string, labels?: Record<string, string>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns, ...(labels ? { labels } : {}) } });
const tick = () => new Promise((r) => setImmediate(r));

let store: Store;
let cache: WatchCache;
beforeEach(async () => {
  store = await openMemoryStore();
  cache = new WatchCache(store, CM, PREFIX, { capacity: 5, bookmarkIntervalMs: 0 });
  await store.create(`${PREFIX}a/one`, cm("a", "one"));
  await cache.start();
});
afterEach(async () => {
  cache.stop();
  await store.close();
});

function watcher(pred: Predicate, from: number): [CacheWatcher, Sink] {
  const sink = new Sink();
  return [new CacheWatcher(pred, plainEncoder, sink, { bookmarks: true, maxBacklogBytes: 1 << 20 }, from), sink];
}

describe("WatchCache", () => {
  test("lists what the store holds, stamped with resourceVersion, in key order", async () => {
    await store.create(`${PREFIX}a/b`, cm("a", "b"));
    await store.create(`${PREFIX}b/c`, cm("b", "c"));
    await tick();
    const all = cache.list(Predicate.everything(CM));
    expect(all.map((o) => o.key)).toEqual([`${PREFIX}a/b`, `${PREFIX}a/one`, `${PREFIX}b/c`]);
    expect(all[0]!.obj.metadata.resourceVersion).toBe(String(all[0]!.rv));
    expect(cache.list(Predicate.everything(CM, "b")).map((o) => o.name)).toEqual(["c"]);
  });

  test("a namespace list returns exactly that namespace, whatever its neighbours are called", async () => {
    for (const ns of ["a-b", "ab", "b", "a", "aa", "z"]) for (const n of ["x", "y"]) await store.create(`${PREFIX}${ns}/${n}`, cm(ns, n));
    await tick();
    expect(cache.list(Predicate.everything(CM, "a")).map((o) => `${o.namespace}/${o.name}`)).toEqual(["a/one", "a/x", "a/y"]);
    expect(cache.list(Predicate.everything(CM, "a-b")).map((o) => `${o.namespace}/${o.name}`)).toEqual(["a-b/x", "a-b/y"]);
    expect(cache.list(Predicate.everything(CM, "z")).map((o) => `${o.namespace}/${o.name}`)).toEqual(["z/x", "z/y"]);
    expect(cache.list(Predicate.everything(CM, "none"))).toEqual([]);
    expect(cache.list(Predicate.everything(CM)).length).toBe(13);
  });

  test("every watcher receives the same bytes for an event", async () => {
    const [w1, s1] = watcher(Predicate.everything(CM), cache.rv);
    const [w2, s2] = watcher(Predicate.everything(CM, "a"), cache.rv);
    cache.watch(w1, cache.rv);
    cache.watch(w2, cache.rv);
    await store.create(`${PREFIX}a/two`, cm("a", "two"));
    await tick();
    expect(s1.chunks).toHaveLength(1);
    expect(s1.chunks[0]).toBe(s2.chunks[0]!);
    expect(s1.events()[0]).toMatchObject({ type: "ADDED", object: { metadata: { name: "two" } } });
  });

  test("selector transitions: entering is ADDED, leaving is DELETED with the previous object", async () => {
    const pred = Predicate.parse(CM, "", "app=x", "");
    const [w, s] = watcher(pred, cache.rv);
    cache.watch(w, cache.rv);
    const r1 = await store.update(`${PREFIX}a/one`, cm("a", "one", { app: "x" }), (await store.get(`${PREFIX}a/one`)).kv!.modRevision);
    const r2 = await store.update(`${PREFIX}a/one`, cm("a", "one", { app: "y" }), r1.revision);
    await tick();
    const evs = s.events();
    expect(evs.map((e) => e.type)).toEqual(["ADDED", "DELETED"]);
    expect(evs[1].object.metadata.labels).toEqual({ app: "x" });
    expect(evs[1].object.metadata.resourceVersion).toBe(String(r2.revision));
  });

  test("resuming replays the ring; a revision older than the ring is TooOldError", async () => {
    const start = cache.rv;
    for (let i = 0; i < 7; i++) await store.create(`${PREFIX}a/n${i}`, cm("a", `n${i}`));
    await tick();
    const [w] = watcher(Predicate.everything(CM), start);
    expect(() => cache.watch(w, start)).toThrow(TooOldError);
    const recent = cache.rv - 2;
    const [w2, s2] = watcher(Predicate.everything(CM), recent);
    cache.watch(w2, recent);
    expect(s2.events().map((e) => e.object.metadata.name)).toEqual(["n5", "n6"]);
  });

  test("bookmarks carry the store's progress from other prefixes", async () => {
    const [w, s] = watcher(Predicate.everything(CM), cache.rv);
    cache.watch(w, cache.rv);
    const other = await store.create("/registry/core/secrets/a/s", { metadata: { name: "s" } });
    await cache.progressAndBookmark();
    const ev = s.events().pop();
    expect(ev.type).toBe("BOOKMARK");
    expect(ev.object).toEqual({ kind: "ConfigMap", apiVersion: "v1", metadata: { resourceVersion: String(other.revision) } });
  });

  test("a watcher whose sink stays backpressured past the bound is cut off with an error", async () => {
    let pending: (n: number) => void = () => {};
    const sink: WatchSink & { closedWith?: string } = {
      write: () => new Promise<number>((r) => (pending = r)),
      close(reason) {
        sink.closedWith = reason ? new TextDecoder().decode(reason) : "";
      },
    };
    const w = new CacheWatcher(Predicate.everything(CM), plainEncoder, sink, { bookmarks: false, maxBacklogBytes: 200 }, cache.rv);
    cache.watch(w, cache.rv);
    for (let i = 0; i < 5; i++) await store.create(`${PREFIX}a/slow${i}`, cm("a", `slow${i}`));
    await tick();
    expect(w.closed).toBe(true);
    expect(JSON.parse(sink.closedWith!).object.code).toBe(504);
    expect(cache.watcherCount).toBe(0);
    pending(0);
  });

  test("one write larger than the bound (the initial state) does not cut a watcher that then drains", async () => {
    let release: (n: number) => void = () => {};
    let writes = 0;
    const sink: WatchSink & { closedWith?: string } = {
      write: (b) => {
        writes++;
        // the first write waits until released; later ones go straight through
        return writes === 1 ? new Promise<number>((r) => (release = r)) : b.length;
      },
      close(reason) {
        sink.closedWith = reason ? new TextDecoder().decode(reason) : "";
      },
    };
    const w = new CacheWatcher(Predicate.everything(CM), plainEncoder, sink, { bookmarks: false, maxBacklogBytes: 200 }, cache.rv);
    cache.watch(w, cache.rv, new Uint8Array(5000));
    expect(w.closed).toBe(false);
    release(5000);
    await tick();
    await store.create(`${PREFIX}a/after-initial`, cm("a", "after-initial"));
    await tick();
    expect(w.closed).toBe(false);
    expect(writes).toBe(2);
    w.close("client");
  });

  test("waitFor resolves when the cache reaches a revision and times out otherwise", async () => {
    const target = cache.rv + 1;
    const waiting = cache.waitFor(target, 1000);
    await store.create(`${PREFIX}a/w`, cm("a", "w"));
    expect(await waiting).toBe(true);
    expect(await cache.waitFor(cache.rv + 100, 20)).toBe(false);
  });
});
