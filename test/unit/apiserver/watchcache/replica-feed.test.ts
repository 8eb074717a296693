/**
 * The apiserver's feed of the TLS front's read replica, wired to a replica the way the
 * worker does it (messages delivered in order): the replica holds what the watch cache
 * holds, and a write is counted before it is acknowledged, so a GET asked after the
 * acknowledgement waits for the batch that carries it rather than read older state.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { resourceFor } from "../../../../src/api/resources.ts";
import type { FastGet } from "../../../../src/apiserver/transport/fast-get.ts";
import { ReadReplicas, type Lookup } from "../../../../src/apiserver/transport/read-replica.ts";
import type { ToFront } from "../../../../src/apiserver/transport/tls-front-protocol.ts";
import { ReplicaFeed } from "../../../../src/apiserver/watchcache/replica-feed.ts";
import { WatchCache } from "../../../../src/apiserver/watchcache/watch-cache.ts";
import { openMemoryStore } from "../../../../src/storage/memory/index.ts";
import type { Store } from "../../../../src/storage/interface.ts";

const CM = resourceFor("", "v1", "configmaps")!;
const PREFIX = "/registry/core/configmaps/";
const RESOURCE = "/api/v1/configmaps";
const cm = (ns: string, name: string, v = "1") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns }, data: { v } });
const tick = async () => {
  // the feed batches on its own setImmediate, queued after a microtask
  for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
};
const put = async (key: string, value: unknown) => store.update(key, value, (await store.get(key)).kv!.modRevision);
const one = (object: string, anyVersion = false): FastGet => ({ resource: RESOURCE, object, namespace: object.split("/")[0]!, token: undefined, anyVersion });
const list = (namespace: string): FastGet => ({ resource: RESOURCE, object: undefined, namespace, token: undefined, anyVersion: true });
const text = (l: Lookup) => (l.kind === "hit" ? JSON.parse(new TextDecoder().decode(l.bytes)) : l.kind);

let store: Store;
let cache: WatchCache;
let feed: ReplicaFeed;
let replicas: ReadReplicas;
let messages: ToFront[];
let updates: number;
let refuse: boolean;

beforeEach(async () => {
  store = await openMemoryStore();
  cache = new WatchCache(store, CM, PREFIX, { bookmarkIntervalMs: 0 });
  await store.create(`${PREFIX}a/one`, cm("a", "one"));
  await store.create(`${PREFIX}b/two`, cm("b", "two"));
  await cache.start();
  messages = [];
  updates = 0;
  refuse = false;
  feed = new ReplicaFeed(
    (resource) => (resource === RESOURCE && !refuse ? { cache, group: "", plural: "configmaps", namespaced: true, listHead: '{"kind":"ConfigMapList","apiVersion":"v1"', kind: "ConfigMap", apiVersion: "v1" } : undefined),
    (m) => {
      messages.push(m);
      if (m.type === "replicaSnapshot") replicas.snapshot(m.resource, m);
      else if (m.type === "replicaEvents") replicas.events(m);
      else if (m.type === "replicaRefused") replicas.refused(m.resource);
    },
  );
  replicas = new ReadReplicas(feed.sequences, (resource) => feed.replicate(resource));
  replicas.onUpdate = () => updates++;
});
afterEach(async () => {
  feed.stop();
  cache.stop();
  await store.close();
});

describe("replica fed from a watch cache", () => {
  test("the first GET asks for the resource and waits; the snapshot then answers", async () => {
    expect(replicas.lookup(one("a/one"), undefined)).toEqual({ kind: "wait", target: undefined });
    // asked once only
    expect(replicas.lookup(one("b/two"), undefined).kind).toBe("wait");
    await tick();
    expect(messages.map((m) => m.type)).toEqual(["replicaSnapshot"]);
    expect(updates).toBe(1);
    expect(text(replicas.lookup(one("a/one"), undefined))).toMatchObject({ metadata: { name: "one", namespace: "a" }, data: { v: "1" } });
    expect(text(replicas.lookup(one("b/two"), undefined)).metadata.name).toBe("two");
    // an object it does not hold, or a cluster-style key, is the apiserver's to answer
    expect(replicas.lookup(one("a/three"), undefined)).toEqual({ kind: "miss" });
    expect(replicas.lookup(one("one"), undefined)).toEqual({ kind: "miss" });
  });

  test("the bytes are the watch cache's own", async () => {
    replicas.lookup(one("a/one"), undefined);
    await tick();
    const hit = replicas.lookup(one("a/one"), undefined);
    expect(hit.kind).toBe("hit");
    expect(hit.kind === "hit" && new TextDecoder().decode(hit.bytes)).toBe(new TextDecoder().decode(cache.get(`${PREFIX}a/one`)!.bytes));
  });

  test("a write is counted before it is acknowledged: a GET after it waits for its batch, never reads older state", async () => {
    replicas.lookup(one("a/one"), undefined);
    await tick();
    await put(`${PREFIX}a/one`, cm("a", "one", "2"));
    // acknowledged: the replica has not had the batch yet, so it must not answer
    const wait = replicas.lookup(one("a/one"), undefined);
    expect(wait.kind).toBe("wait");
    // resourceVersion=0 may read what is there
    expect(text(replicas.lookup(one("a/one", true), undefined)).data.v).toBe("1");
    const target = wait.kind === "wait" ? wait.target : undefined;
    // more writes after the request came do not keep it waiting past the batch it needs
    await tick();
    await put(`${PREFIX}a/one`, cm("a", "one", "3"));
    const again = replicas.lookup(one("a/one"), target);
    expect(again.kind).toBe("hit");
    expect(text(again).data.v).toBe("2");
    await tick();
    expect(text(replicas.lookup(one("a/one"), undefined)).data.v).toBe("3");
  });

  test("creates and deletes reach the replica in batches", async () => {
    replicas.lookup(one("a/one"), undefined);
    await tick();
    await store.create(`${PREFIX}a/new`, cm("a", "new"));
    await store.delete(`${PREFIX}b/two`);
    await store.create(`${PREFIX}c/x`, cm("c", "x"));
    await tick();
    expect(messages.map((m) => m.type)).toEqual(["replicaSnapshot", "replicaEvents"]);
    expect(text(replicas.lookup(one("a/new"), undefined)).metadata.name).toBe("new");
    expect(replicas.lookup(one("b/two"), undefined)).toEqual({ kind: "miss" });
    expect(text(replicas.lookup(one("c/x"), undefined)).metadata.name).toBe("x");
  });

  test("lists are the watch cache's, in its order, per namespace or all", async () => {
    replicas.lookup(list(""), undefined);
    await tick();
    await store.create(`${PREFIX}a/zero`, cm("a", "zero"));
    await store.create(`${PREFIX}ab/x`, cm("ab", "x"));
    await tick();
    const names = (ns: string) => text(replicas.lookup(list(ns), undefined)).items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`);
    expect(names("")).toEqual(["a/one", "a/zero", "ab/x", "b/two"]);
    expect(names("a")).toEqual(["a/one", "a/zero"]);
    expect(names("zz")).toEqual([]);
    const all = text(replicas.lookup(list(""), undefined));
    expect(all.kind).toBe("ConfigMapList");
    // items without their kind and apiVersion, as upstream lists them
    expect(all.items[0]).not.toHaveProperty("kind");
    expect(all.items[0]).not.toHaveProperty("apiVersion");
    expect(all.items[0].data).toEqual({ v: "1" });
    expect(all.metadata).toEqual({ resourceVersion: String(cache.rv) });
    await store.delete(`${PREFIX}a/one`);
    await tick();
    expect(names("a")).toEqual(["a/zero"]);
  });

  test("a list's buffer is reused only once the list before it was written out", async () => {
    replicas.lookup(list(""), undefined);
    await tick();
    const a = replicas.lookup(list(""), undefined);
    const b = replicas.lookup(list(""), undefined);
    if (a.kind !== "hit" || b.kind !== "hit") throw new Error("expected hits");
    // the first is still being sent: the second gets a buffer of its own
    expect(a.release).toBeDefined();
    expect(b.release).toBeUndefined();
    expect(b.bytes.buffer).not.toBe(a.bytes.buffer);
    const first = new TextDecoder().decode(a.bytes);
    a.release!();
    await store.delete(`${PREFIX}b/two`);
    await tick();
    const c = replicas.lookup(list(""), undefined);
    if (c.kind !== "hit") throw new Error("expected a hit");
    expect(c.bytes.buffer).toBe(a.bytes.buffer);
    expect(text(c).items.map((i: any) => i.metadata.name)).toEqual(["one"]);
    expect(JSON.parse(first).items.map((i: any) => i.metadata.name)).toEqual(["one", "two"]);
    // a buffer no list used for half a minute is let go; one in use is kept
    replicas.trim(performance.now() + 60_000);
    c.release!();
    const d = replicas.lookup(list(""), undefined);
    if (d.kind !== "hit") throw new Error("expected a hit");
    expect(d.bytes.buffer).toBe(a.bytes.buffer);
    d.release!();
    replicas.trim(performance.now() + 60_000);
    const e = replicas.lookup(list(""), undefined);
    if (e.kind !== "hit") throw new Error("expected a hit");
    expect(e.bytes.buffer).not.toBe(a.bytes.buffer);
  });

  test("a resource the apiserver will not replicate always goes there", async () => {
    refuse = true;
    expect(replicas.lookup(one("a/one"), undefined).kind).toBe("wait");
    expect(messages.map((m) => m.type)).toEqual(["replicaRefused"]);
    expect(replicas.lookup(one("a/one"), undefined)).toEqual({ kind: "miss" });
    expect(updates).toBe(1);
  });

  test("a cache that stops mirroring the store makes the replica wait, as does a stopped feed", async () => {
    replicas.lookup(one("a/one"), undefined);
    await tick();
    expect(replicas.lookup(one("a/one"), undefined).kind).toBe("hit");
    cache.stop();
    expect(replicas.lookup(one("a/one"), undefined).kind).toBe("wait");
  });

  test("stop() leaves every fed slot behind its count", async () => {
    replicas.lookup(one("a/one"), undefined);
    await tick();
    feed.stop();
    expect(replicas.lookup(one("a/one"), undefined).kind).toBe("wait");
  });
});

test("counts compare across the 32-bit wrap", () => {
  const sequences = new SharedArrayBuffer(4);
  const seq = new Int32Array(sequences);
  const r = new ReadReplicas(sequences, () => {});
  seq[0] = 2147483647;
  const enc = new TextEncoder().encode("{}");
  r.snapshot("/api/v1/nodes", { slot: 0, seq: 2147483647, rv: 1, listHead: "", kind: "Node", apiVersion: "v1", namespaced: false, keys: ["n"], lens: Int32Array.from([enc.length]), buf: enc.slice().buffer });
  expect(r.lookup({ resource: "/api/v1/nodes", object: "n", namespace: "", token: undefined, anyVersion: false }, undefined).kind).toBe("hit");
  Atomics.add(seq, 0, 1); // wraps to -2^31
  expect(r.lookup({ resource: "/api/v1/nodes", object: "n", namespace: "", token: undefined, anyVersion: false }, undefined).kind).toBe("wait");
  r.events({ slot: 0, seq: -2147483648, rv: 2, keys: [], lens: new Int32Array(0), buf: new ArrayBuffer(0) });
  expect(r.lookup({ resource: "/api/v1/nodes", object: "n", namespace: "", token: undefined, anyVersion: false }, undefined).kind).toBe("hit");
});
