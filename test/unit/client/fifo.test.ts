import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../src/api/meta/index.ts";
import { type Delta, RealFIFO } from "../../../src/client/cache/fifo.ts";
import { DeletedFinalStateUnknown } from "../../../src/client/cache/keys.ts";
import { newIndexer } from "../../../src/client/cache/store.ts";

const obj = (name: string, rv = "1"): KubeObject => ({ metadata: { namespace: "ns", name, resourceVersion: rv } });

function describeDelta(d: Delta<KubeObject>): string {
  const o = d.object;
  return o instanceof DeletedFinalStateUnknown ? `${d.type}:tombstone:${o.key}` : `${d.type}:${o.metadata.name}@${o.metadata.resourceVersion}`;
}

/** Runs the FIFO until `n` deltas were popped, applying them to `store` like an informer. */
async function drain(fifo: RealFIFO<KubeObject>, store: ReturnType<typeof newIndexer<KubeObject>>, n: number): Promise<string[]> {
  const seen: string[] = [];
  const ac = new AbortController();
  const done = fifo.run((d, initial) => {
    seen.push(describeDelta(d) + (initial ? " (initial)" : ""));
    if (d.type === "Deleted") store.delete(d.object);
    else store.update(d.object as KubeObject);
    if (seen.length >= n) ac.abort();
  }, ac.signal);
  if (n === 0) ac.abort();
  await done;
  return seen;
}

describe("RealFIFO", () => {
  test("keeps every change in arrival order (no coalescing)", async () => {
    const store = newIndexer<KubeObject>();
    const fifo = new RealFIFO<KubeObject>({ knownObjects: store });
    fifo.add(obj("a", "1"));
    fifo.update(obj("a", "2"));
    fifo.add(obj("b", "3"));
    fifo.delete(obj("a", "4"));
    expect(fifo.length).toBe(4);
    expect(await drain(fifo, store, 4)).toEqual(["Added:a@1", "Updated:a@2", "Added:b@3", "Deleted:a@4"]);
    expect(store.listKeys()).toEqual(["ns/b"]);
  });

  test("replace: Replaced for listed objects, tombstones for vanished ones, including still-queued adds", async () => {
    const store = newIndexer<KubeObject>();
    store.add(obj("gone", "1"));
    store.add(obj("kept", "1"));
    const fifo = new RealFIFO<KubeObject>({ knownObjects: store });
    fifo.add(obj("queued", "2")); // not yet in the store
    fifo.replace([obj("kept", "3"), obj("new", "3")], "3");
    const seen = await drain(fifo, store, 5);
    expect(seen.slice(0, 3)).toEqual(["Added:queued@2", "Replaced:kept@3", "Replaced:new@3"]);
    expect(seen.slice(3).sort()).toEqual(["Deleted:tombstone:ns/gone", "Deleted:tombstone:ns/queued"]);
    expect(store.listKeys().sort()).toEqual(["ns/kept", "ns/new"]);
  });

  test("hasSynced after the first replace is fully popped; initial flag on its deltas", async () => {
    const store = newIndexer<KubeObject>();
    const fifo = new RealFIFO<KubeObject>({ knownObjects: store });
    expect(fifo.hasSynced()).toBe(false);
    fifo.replace([obj("a"), obj("b")], "5");
    expect(fifo.hasSynced()).toBe(false);
    fifo.add(obj("c", "6"));
    expect(await drain(fifo, store, 3)).toEqual(["Replaced:a@1 (initial)", "Replaced:b@1 (initial)", "Added:c@6"]);
    expect(fifo.hasSynced()).toBe(true);
  });

  test("an empty first list is synced at once", () => {
    const fifo = new RealFIFO<KubeObject>({ knownObjects: newIndexer<KubeObject>() });
    fifo.replace([], "1");
    expect(fifo.hasSynced()).toBe(true);
  });

  test("resync queues Sync for known objects without a newer queued delta", async () => {
    const store = newIndexer<KubeObject>();
    store.add(obj("a", "1"));
    store.add(obj("b", "1"));
    const fifo = new RealFIFO<KubeObject>({ knownObjects: store });
    fifo.update(obj("b", "2"));
    fifo.resync();
    expect(await drain(fifo, store, 2)).toEqual(["Updated:b@2", "Sync:a@1"]);
  });

  test("transform applies before queueing", async () => {
    const store = newIndexer<KubeObject>();
    const fifo = new RealFIFO<KubeObject>({
      knownObjects: store,
      transform: (o) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined as never, resourceVersion: "t" } }),
    });
    fifo.add(obj("a"));
    expect(await drain(fifo, store, 1)).toEqual(["Added:a@t"]);
  });

  test("close ends run and drops later input", async () => {
    const store = newIndexer<KubeObject>();
    const fifo = new RealFIFO<KubeObject>({ knownObjects: store });
    const running = fifo.run(() => {});
    fifo.close();
    await running;
    fifo.add(obj("x"));
    expect(fifo.length).toBe(0);
    expect(fifo.isClosed()).toBe(true);
  });
});
