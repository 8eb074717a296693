import { describe, expect, test } from "bun:test";
import { ValueCodec } from "../../../src/storage/codec.ts";
import { clonePlain, NOT_PLAIN } from "../../../src/storage/shared/clone.ts";
import type { RawEvent } from "../../../src/storage/shared/raw-event.ts";
import { WatchHub } from "../../../src/storage/shared/watch-hub.ts";
import type { WatchEvent } from "../../../src/storage/interface.ts";

describe("clonePlain", () => {
  test.each([
    [{ a: 1, b: [1, "x", null, { c: true }], d: { e: { f: -1.5 } } }],
    [[]],
    ["s"],
    [null],
  ])("copies %j deeply", (v) => {
    const c = clonePlain(v);
    expect(c).toEqual(v);
    if (typeof v === "object" && v !== null) expect(c).not.toBe(v);
  });

  test("refuses what is not plain data", () => {
    expect(clonePlain({ a: new Uint8Array(2) })).toBe(NOT_PLAIN);
    expect(clonePlain([new Date(0)])).toBe(NOT_PLAIN);
    expect(clonePlain(Object.create(null))).toEqual({});
  });
});

describe("WatchHub", () => {
  const codec = new ValueCodec("records");
  const event = (rev: number, key: string, value: unknown): RawEvent => ({
    type: "put",
    kv: { key, value: codec.encodeChecked(key, value), createRevision: rev, modRevision: rev },
    revision: rev,
  });

  function watcher(hub: WatchHub, prefix: string, after: number, replay: RawEvent[] = [], upTo = after) {
    const got: WatchEvent<any>[][] = [];
    const errors: Error[] = [];
    const w = hub.add(prefix, after, { onEvents: (e) => got.push(e), onError: (e) => errors.push(e) }, replay, upTo);
    return { got, errors, w, flat: () => got.flat().map((e) => e.revision) };
  }

  test("replay then live events, never a revision twice, filtered by prefix", async () => {
    const hub = new WatchHub(codec);
    const r1 = event(5, "/a/1", { n: 1 });
    const r2 = event(6, "/a/2", { n: 2 });
    const w = watcher(hub, "/a/", 4, [r1, r2], 7);
    hub.publish([event(7, "/a/3", { n: 3 })]); // already covered by the replay snapshot
    hub.publish([event(8, "/b/1", { n: 4 })]);
    hub.publish([event(9, "/a/4", { n: 5 }), event(9, "/a/5", { n: 6 })]);
    await Promise.resolve();
    expect(w.flat()).toEqual([5, 6, 9, 9]);
  });

  test("many watchers get equal, independent values, including values that are not plain data", async () => {
    const hub = new WatchHub(codec);
    const ws = Array.from({ length: 4 }, () => watcher(hub, "/", 0));
    hub.publish([event(1, "/x", { bytes: new Uint8Array([1, 2, 3]), nested: { a: [1] } })]);
    hub.publish([event(2, "/y", { nested: { a: [2] } })]);
    await Promise.resolve();
    const values = ws.map((w) => w.got.flat()[1]!.kv.value);
    for (const v of values) expect(v).toEqual({ nested: { a: [2] } });
    values[0].nested.a.push(99);
    expect(values[1]).toEqual({ nested: { a: [2] } });
    expect(new Set(values).size).toBe(4);
    for (const w of ws) expect(w.got.flat()[0]!.kv.value.bytes).toEqual(new Uint8Array([1, 2, 3]));
  });

  test("a throwing handler ends only its own watch", async () => {
    const hub = new WatchHub(codec);
    const errors: Error[] = [];
    hub.add("/", 0, { onEvents: () => { throw new Error("boom"); }, onError: (e) => errors.push(e) });
    const ok = watcher(hub, "/", 0);
    hub.publish([event(1, "/x", {})]);
    hub.publish([event(2, "/x", {})]);
    await Promise.resolve();
    await Promise.resolve();
    expect(errors.map((e) => e.message)).toEqual(["boom"]);
    expect(ok.flat()).toEqual([1, 2]);
    expect(hub.size).toBe(1);
  });

  test("a delete gives every watcher its own kv and prevKv values, the last taker too", async () => {
    const hub = new WatchHub(codec);
    const ws = Array.from({ length: 3 }, () => watcher(hub, "/", 0));
    const prev = { key: "/x", value: codec.encodeChecked("/x", { n: 1, a: [1] }), createRevision: 1, modRevision: 1 };
    hub.publish([{ type: "delete", kv: { ...prev, modRevision: 2 }, prevKv: prev, revision: 2 }]);
    await Promise.resolve();
    const seen = ws.map((w) => w.got.flat()[0]!);
    const objects = seen.flatMap((e) => [e.kv.value, e.prevKv!.value]);
    expect(new Set(objects).size).toBe(6);
    for (const o of objects) expect(o).toEqual({ n: 1, a: [1] });
  });

  test("a watcher cancelled with undelivered events does not keep the others from theirs", async () => {
    const hub = new WatchHub(codec);
    const a = watcher(hub, "/", 0);
    const b = watcher(hub, "/", 0);
    hub.publish([event(1, "/x", { n: 1 })]);
    a.w.cancel();
    await Promise.resolve();
    expect(a.got).toEqual([]);
    expect(b.got.flat().map((e) => e.kv.value)).toEqual([{ n: 1 }]);
  });

  test("with many watchers (compiled copies) each still gets its own equal value", async () => {
    const hub = new WatchHub(codec);
    const ws = Array.from({ length: 40 }, () => watcher(hub, "/", 0));
    for (let i = 1; i <= 3; i++) hub.publish([event(i, `/p/${i}`, { n: i, spec: { c: [{ name: "a", ports: [i] }] } })]);
    await Promise.resolve();
    for (let i = 0; i < 3; i++) {
      const values = ws.map((w) => w.got.flat()[i]!.kv.value);
      expect(new Set(values).size).toBe(40);
      expect(new Set(values.map((v) => v.spec.c[0].ports)).size).toBe(40);
      for (const v of values) expect(v).toEqual({ n: i + 1, spec: { c: [{ name: "a", ports: [i + 1] }] } });
    }
  });
  describe("values offered by the writer", () => {
    const offers = (hub: WatchHub) => (hub as unknown as { offered: Map<Uint8Array, unknown> }).offered.size;

    test("the first taker gets the offered copy, not a decode; the others copies of it; the writer's object is never handed out", () => {
      const hub = new WatchHub(codec);
      const ws = Array.from({ length: 3 }, () => watcher(hub, "/", 0));
      const value = { n: 1, spec: { c: [{ name: "a" }] } };
      const ev = event(1, "/x", value);
      // the bytes say n: 1, the offered value n: 2: a taker that decoded would see 1
      const offered = { n: 2, spec: { c: [{ name: "a" }] } };
      expect(hub.offer(ev.kv.value, offered)).toBe(true);
      offered.n = 3; // a change after the offer does not show
      hub.publish([ev]);
      hub.withdraw(ev.kv.value);
      expect(offers(hub)).toBe(0);
      return Promise.resolve().then(() => {
        const values = ws.map((w) => w.got.flat()[0]!.kv.value);
        for (const v of values) expect(v).toEqual({ n: 2, spec: { c: [{ name: "a" }] } });
        expect(new Set(values).size).toBe(3);
        expect(values).not.toContain(offered);
      });
    });

    test("a handed-over value goes itself to the last taker, copies of it to the others", async () => {
      const hub = new WatchHub(codec);
      const ws = Array.from({ length: 3 }, () => watcher(hub, "/", 0));
      const ev = event(1, "/x", { n: 1, spec: { c: [{ name: "a" }] } });
      // the bytes say n: 1, the handed-over value n: 2: a taker that decoded would see 1
      const handed = { n: 2, spec: { c: [{ name: "a" }] } };
      expect(hub.offer(ev.kv.value, handed, true)).toBe(true);
      hub.publish([ev]);
      hub.withdraw(ev.kv.value);
      await Promise.resolve();
      const values = ws.map((w) => w.got.flat()[0]!.kv.value);
      for (const v of values) expect(v).toEqual({ n: 2, spec: { c: [{ name: "a" }] } });
      expect(new Set(values).size).toBe(3);
      expect(values.filter((v) => v === handed)).toHaveLength(1);
      // no two takers share a nested object either
      expect(new Set(values.map((v) => v.spec)).size).toBe(3);
    });

    test("a handed-over value is kept only while someone watches", () => {
      const hub = new WatchHub(codec);
      const ev = event(1, "/x", { n: 1 });
      expect(hub.offer(ev.kv.value, { n: 1 }, true)).toBe(false);
      watcher(hub, "/", 0);
      expect(hub.offer(ev.kv.value, { n: 1 }, true)).toBe(true);
      hub.withdraw(ev.kv.value);
      expect(offers(hub)).toBe(0);
    });

    test("nothing is kept while nobody watches, for values that are not plain data, or after a withdraw", async () => {
      const hub = new WatchHub(codec);
      const ev = event(1, "/x", { n: 1 });
      expect(hub.offer(ev.kv.value, { n: 1 })).toBe(false);
      const w = watcher(hub, "/", 0);
      const dated = event(2, "/d", { at: new Date(5) });
      expect(hub.offer(dated.kv.value, { at: new Date(5) })).toBe(false);
      hub.publish([dated]);
      const refused = event(3, "/r", { n: 3 });
      expect(hub.offer(refused.kv.value, { n: 3 })).toBe(true);
      hub.withdraw(refused.kv.value);
      expect(offers(hub)).toBe(0);
      await Promise.resolve();
      expect(w.got.flat().map((e) => e.kv.value)).toEqual([{ at: new Date(5) }]);
    });

    test("an offer for a key no watcher wants is left for the writer to withdraw", () => {
      const hub = new WatchHub(codec);
      watcher(hub, "/a/", 0);
      const ev = event(1, "/b/1", { n: 1 });
      expect(hub.offer(ev.kv.value, { n: 1 })).toBe(true);
      hub.publish([ev]);
      expect(offers(hub)).toBe(1);
      hub.withdraw(ev.kv.value);
      expect(offers(hub)).toBe(0);
    });
  });
});

