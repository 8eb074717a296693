/**
 * The shared contract every Store backend passes. Each test opens a store, works under
 * its own key prefix and asserts revisions relative to what it observed, so a backend
 * whose revision is shared with others (etcd) runs the same tests.
 */
import { afterEach, describe, expect, test } from "bun:test";
import {
  CompactedError, ConflictError, FutureRevisionError, KeyExistsError, NotFoundError, StoreClosedError,
  ValueTooLargeError,
} from "../../../src/storage/errors.ts";
import { MAX_VALUE_BYTES, type Store } from "../../../src/storage/interface.ts";
import { collect, sleep } from "./watch-collector.ts";

export interface ContractOptions {
  /** TTL used by the expiry tests (default 0.2). */
  ttlSeconds?: number;
  /** How late after its TTL a key may expire (default 500 ms). */
  expiryGraceMs?: number;
}

interface Pod {
  kind: string;
  name: string;
  n: number;
  labels?: Record<string, string>;
}

const pod = (name: string, n = 0): Pod => ({ kind: "Pod", name, n, labels: { app: "web" } });

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

export function runStoreContract(name: string, open: () => Promise<Store>, options: ContractOptions = {}): void {
  const ttl = options.ttlSeconds ?? 0.2;
  const grace = options.expiryGraceMs ?? 500;
  let seq = 0;
  const opened: Store[] = [];

  async function fresh(): Promise<{ s: Store; p: string }> {
    const s = await open();
    opened.push(s);
    return { s, p: `/contract/${Date.now().toString(36)}-${++seq}/` };
  }

  describe(`Store contract: ${name}`, () => {
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close().catch(() => {});
    });

    test("each write advances the revision by exactly one", async () => {
      const { s, p } = await fresh();
      const r0 = await s.currentRevision();
      const c = await s.create(`${p}a`, pod("a"));
      expect(c.revision).toBe(r0 + 1);
      expect(c.kv).toMatchObject({ key: `${p}a`, value: pod("a"), createRevision: r0 + 1, modRevision: r0 + 1 });
      const u = await s.update(`${p}a`, pod("a", 1), c.kv.modRevision);
      expect(u.revision).toBe(r0 + 2);
      expect(u.kv).toMatchObject({ createRevision: r0 + 1, modRevision: r0 + 2, value: pod("a", 1) });
      const d = await s.delete(`${p}a`);
      expect(d.revision).toBe(r0 + 3);
      expect(d.prevKv).toMatchObject({ key: `${p}a`, value: pod("a", 1), modRevision: r0 + 2 });
      expect(await s.currentRevision()).toBe(r0 + 3);
      const again = await s.create(`${p}a`, pod("a", 2));
      expect(again.kv.createRevision).toBe(r0 + 4);
    });

    test("failed preconditions fail with typed errors and write nothing", async () => {
      const { s, p } = await fresh();
      const c = await s.create(`${p}a`, pod("a"));
      const r = await s.currentRevision();
      const cases: [string, () => Promise<unknown>, Function][] = [
        ["create existing", () => s.create(`${p}a`, pod("x")), KeyExistsError],
        ["update stale", () => s.update(`${p}a`, pod("x"), c.revision - 1), ConflictError],
        ["update absent", () => s.update(`${p}missing`, pod("x"), 1), NotFoundError],
        ["delete stale", () => s.delete(`${p}a`, c.revision + 5), ConflictError],
        ["delete absent", () => s.delete(`${p}missing`), NotFoundError],
      ];
      for (const [label, call, type] of cases) {
        const err = await rejection(call());
        expect(err, label).toBeInstanceOf(type);
      }
      const conflict = (await rejection(s.update(`${p}a`, pod("x"), 1))) as ConflictError;
      expect(conflict.actual).toBe(c.kv.modRevision);
      expect(await s.currentRevision()).toBe(r);
      expect((await s.get(`${p}a`)).kv?.value).toEqual(pod("a"));
    });

    test("concurrent compare-and-swap: exactly one update wins", async () => {
      const { s, p } = await fresh();
      const c = await s.create(`${p}cas`, pod("cas"));
      const tries = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => s.update(`${p}cas`, pod("cas", i + 1), c.kv.modRevision)),
      );
      const won = tries.filter((t) => t.status === "fulfilled");
      expect(won.length).toBe(1);
      for (const t of tries) if (t.status === "rejected") expect(t.reason).toBeInstanceOf(ConflictError);
      const got = await s.get<Pod>(`${p}cas`);
      expect(got.kv?.modRevision).toBe(c.kv.modRevision + 1);
    });

    test("get latest and at a revision; returned values are private copies", async () => {
      const { s, p } = await fresh();
      const c = await s.create(`${p}a`, pod("a"));
      await s.update(`${p}a`, pod("a", 1), c.kv.modRevision);
      const now = await s.get<Pod>(`${p}a`);
      expect(now.kv?.value.n).toBe(1);
      expect(now.revision).toBe(await s.currentRevision());
      const then = await s.get<Pod>(`${p}a`, { revision: c.revision });
      expect(then.kv?.value.n).toBe(0);
      expect(then.revision).toBe(c.revision);
      expect((await s.get(`${p}a`, { revision: c.revision - 1 })).kv).toBeUndefined();
      expect((await s.get(`${p}none`)).kv).toBeUndefined();
      now.kv!.value.labels!.app = "mutated";
      expect((await s.get<Pod>(`${p}a`)).kv?.value.labels?.app).toBe("web");
      expect(await rejection(s.get(`${p}a`, { revision: now.revision + 1000 }))).toBeInstanceOf(FutureRevisionError);
    });

    test("list at a revision is exactly that snapshot", async () => {
      const { s, p } = await fresh();
      const a = await s.create(`${p}a`, pod("a"));
      const b = await s.create(`${p}b`, pod("b"));
      await s.create(`${p}c`, pod("c"));
      await s.create(`${p.slice(0, -1)}x/out`, pod("outside"));
      const r = await s.currentRevision();
      await s.update(`${p}b`, pod("b", 1), b.kv.modRevision);
      await s.delete(`${p}a`, a.kv.modRevision);
      await s.create(`${p}d`, pod("d"));

      const snap = await s.list<Pod>(p, { revision: r });
      expect(snap.revision).toBe(r);
      expect(snap.kvs.map((kv) => [kv.key, kv.value.n])).toEqual([[`${p}a`, 0], [`${p}b`, 0], [`${p}c`, 0]]);
      expect(snap.more).toBe(false);
      const latest = await s.list<Pod>(p);
      expect(latest.revision).toBe(await s.currentRevision());
      expect(latest.kvs.map((kv) => [kv.key, kv.value.n])).toEqual([[`${p}b`, 1], [`${p}c`, 0], [`${p}d`, 0]]);
      expect(latest.kvs[0]).toMatchObject({ createRevision: b.revision, modRevision: r + 1 });
      expect((await s.list(p, { revision: a.revision })).kvs.map((kv) => kv.key)).toEqual([`${p}a`]);
      expect((await s.count(p)).count).toBe(3);
    });

    test("list pages with limit and startKey", async () => {
      const { s, p } = await fresh();
      const names = Array.from({ length: 7 }, (_, i) => `k${i}`);
      for (const n of names) await s.create(`${p}${n}`, pod(n));
      const r = await s.currentRevision();
      await s.create(`${p}k9`, pod("late"));
      const seen: string[] = [];
      let startKey: string | undefined;
      const pages: [number, boolean, number][] = [];
      for (;;) {
        const page = await s.list<Pod>(p, startKey === undefined ? { revision: r, limit: 3 } : { revision: r, limit: 3, startKey });
        expect(page.revision).toBe(r);
        pages.push([page.kvs.length, page.more, page.remaining]);
        seen.push(...page.kvs.map((kv) => kv.value.name));
        if (!page.more) break;
        startKey = page.kvs[page.kvs.length - 1]!.key + "\x00";
      }
      expect(seen).toEqual(names);
      expect(pages).toEqual([[3, true, 4], [3, true, 1], [1, false, 0]]);
      const from = await s.list(p, { startKey: `${p}k5` });
      expect(from.kvs.map((kv) => kv.key)).toEqual([`${p}k5`, `${p}k6`, `${p}k9`]);
    });

    test("txn: compares pick the branch, ops apply under one revision", async () => {
      const { s, p } = await fresh();
      const a = await s.create(`${p}a`, pod("a"));
      const r = await s.currentRevision();
      const ok = await s.txn<Pod>(
        [{ key: `${p}a`, modRevision: a.kv.modRevision }, { key: `${p}b`, modRevision: 0 }],
        [
          { type: "put", key: `${p}b`, value: pod("b") },
          { type: "put", key: `${p}a`, value: pod("a", 1) },
          { type: "get", key: `${p}a` },
        ],
        [{ type: "get", key: `${p}a` }],
      );
      expect(ok.succeeded).toBe(true);
      expect(ok.revision).toBe(r + 1);
      expect(ok.results.map((kv) => kv?.value.n)).toEqual([0, 1, 1]);
      expect(ok.results[1]).toMatchObject({ createRevision: a.revision, modRevision: r + 1 });

      const failed = await s.txn<Pod>(
        [{ key: `${p}a`, modRevision: a.kv.modRevision }],
        [{ type: "delete", key: `${p}a` }],
        [{ type: "get", key: `${p}a` }, { type: "get", key: `${p}zz` }],
      );
      expect(failed.succeeded).toBe(false);
      expect(failed.revision).toBe(r + 1);
      expect(failed.results[0]?.value.n).toBe(1);
      expect(failed.results[1]).toBeUndefined();

      const ops: [string, "=" | "!=" | "<" | ">", number, boolean][] = [
        ["a", "=", r + 1, true], ["a", "!=", r + 1, false], ["a", "<", r + 2, true], ["a", ">", r + 1, false],
        ["zz", "=", 0, true], ["zz", ">", 0, false], ["a", ">", 0, true],
      ];
      for (const [k, op, modRevision, expected] of ops) {
        const t = await s.txn([{ key: `${p}${k}`, modRevision, op }], [{ type: "get", key: `${p}a` }]);
        expect(t.succeeded, `${k} ${op} ${modRevision}`).toBe(expected);
      }
      const del = await s.txn<Pod>([], [{ type: "delete", key: `${p}a` }, { type: "delete", key: `${p}zz` }]);
      expect(del.revision).toBe(r + 2);
      expect(del.results[0]?.value.n).toBe(1);
      expect(del.results[1]).toBeUndefined();
      expect(await s.currentRevision()).toBe(r + 2);
    });

    test("watch from R replays every change after R, then live ones, in order, once", async () => {
      const { s, p } = await fresh();
      const a = await s.create(`${p}a`, pod("a"));
      const r = a.revision;
      const b = await s.create(`${p}b`, pod("b"));
      const u = await s.update(`${p}a`, pod("a", 1), a.kv.modRevision);
      await s.create(`/elsewhere${p}a`, pod("noise"));
      const d = await s.delete(`${p}b`);
      const w = collect<Pod>(s, { prefix: p, afterRevision: r });
      await w.until((c) => c.events.length >= 3);
      const live = await Promise.all(Array.from({ length: 20 }, (_, i) => s.create(`${p}live${i}`, pod(`l${i}`, i))));
      await w.until((c) => c.events.length >= 23);
      await sleep(50);
      expect(w.errors).toEqual([]);
      const revs = w.events.map((e) => e.revision);
      const expected = [b.revision, u.revision, d.revision, ...live.map((l) => l.revision).sort((x, y) => x - y)];
      expect(revs).toEqual(expected);
      expect(w.events[0]).toMatchObject({ type: "put", kv: { key: `${p}b`, createRevision: b.revision, modRevision: b.revision } });
      expect(w.events[0]!.prevKv).toBeUndefined();
      expect(w.events[1]).toMatchObject({ type: "put", kv: { value: pod("a", 1) }, prevKv: { value: pod("a"), modRevision: a.revision } });
      expect(w.events[2]).toMatchObject({
        type: "delete",
        kv: { key: `${p}b`, modRevision: d.revision },
        prevKv: { key: `${p}b`, value: pod("b"), modRevision: b.revision },
      });
      w.watch.cancel();
      await s.create(`${p}after-cancel`, pod("x"));
      await sleep(50);
      expect(w.events.length).toBe(23);
    });

    test("a watch started under concurrent load sees each acknowledged write exactly once", async () => {
      const { s, p } = await fresh();
      const start = await s.currentRevision();
      const acked: number[] = [];
      const writers = Array.from({ length: 200 }, (_, i) =>
        s.create(`${p}w${i}`, pod(`w${i}`, i)).then((res) => acked.push(res.revision)),
      );
      await sleep(0);
      const late = collect<Pod>(s, { prefix: p, afterRevision: start });
      const early = collect<Pod>(s, { prefix: p, afterRevision: start });
      await Promise.all(writers);
      await late.until((c) => c.events.length >= 200);
      await early.until((c) => c.events.length >= 200);
      await sleep(50);
      for (const w of [late, early]) {
        const revs = w.events.map((e) => e.revision);
        expect(revs).toEqual([...acked].sort((x, y) => x - y));
      }
    });

    test("several watchers each receive their own copy of a value", async () => {
      const { s, p } = await fresh();
      const start = await s.currentRevision();
      const ws = Array.from({ length: 5 }, () => collect<Pod>(s, { prefix: p, afterRevision: start }));
      const c = await s.create(`${p}a`, pod("a"));
      await s.update(`${p}a`, pod("a", 1), c.kv.modRevision);
      for (const w of ws) await w.until((x) => x.events.length >= 2);
      for (const w of ws) {
        w.events[0]!.kv.value.labels!.app = "mutated";
        w.events[1]!.prevKv!.value.n = 99;
      }
      const fresh2 = collect<Pod>(s, { prefix: p, afterRevision: start });
      await fresh2.until((x) => x.events.length >= 2);
      for (const w of [...ws.slice(1), fresh2]) {
        expect(w.events[1]!.kv.value).toEqual(pod("a", 1));
      }
      expect(fresh2.events[0]!.kv.value).toEqual(pod("a"));
      expect(fresh2.events[1]!.prevKv!.value).toEqual(pod("a"));
      expect(new Set(ws.map((w) => w.events[0]!.kv.value)).size).toBe(5);
    });

    test("a watcher's value is the value as written: later changes to the writer's object do not show", async () => {
      const { s, p } = await fresh();
      const start = await s.currentRevision();
      const w = collect<Pod>(s, { prefix: p, afterRevision: start });
      const value = pod("a");
      const created = s.create(`${p}a`, value);
      value.labels!.app = "changed after the call";
      value.n = 42;
      const c = await created;
      value.labels!.app = "changed after the write";
      const next = pod("a", 1);
      const updated = s.update(`${p}a`, next, c.kv.modRevision);
      next.labels!.app = "changed after the call";
      await updated;
      await w.until((x) => x.events.length >= 2);
      expect(w.events[0]!.kv.value).toEqual(pod("a"));
      expect(w.events[1]!.kv.value).toEqual(pod("a", 1));
      expect(w.events[1]!.prevKv!.value).toEqual(pod("a"));
      expect((await s.get<Pod>(`${p}a`)).kv!.value).toEqual(pod("a", 1));
    });

    test("a refused write reaches no watcher and leaves its value to the writer", async () => {
      const { s, p } = await fresh();
      const start = await s.currentRevision();
      const w = collect<Pod>(s, { prefix: p, afterRevision: start });
      await s.create(`${p}a`, pod("a"));
      const again = pod("a", 5);
      expect(await rejection(s.create(`${p}a`, again))).toBeInstanceOf(KeyExistsError);
      await s.create(`${p}b`, pod("b"));
      await w.until((x) => x.events.length >= 2);
      expect(w.events.map((e) => e.kv.key)).toEqual([`${p}a`, `${p}b`]);
      expect(w.events[1]!.kv.value).toEqual(pod("b"));
      expect(again).toEqual(pod("a", 5));
    });

    test("prevKv: false leaves the previous value out; watchers beside it still get their own", async () => {
      const { s, p } = await fresh();
      const start = await s.currentRevision();
      const without = collect<Pod>(s, { prefix: p, afterRevision: start, prevKv: false });
      const withPrev = [0, 1].map(() => collect<Pod>(s, { prefix: p, afterRevision: start }));
      const c = await s.create(`${p}a`, pod("a"));
      const u = await s.update(`${p}a`, pod("a", 1), c.kv.modRevision);
      await s.delete(`${p}a`, u.kv.modRevision);
      for (const w of [without, ...withPrev]) await w.until((x) => x.events.length >= 3);
      expect(without.events.map((e) => e.type)).toEqual(["put", "put", "delete"]);
      expect(without.events.map((e) => e.prevKv)).toEqual([undefined, undefined, undefined]);
      expect(without.events[1]!.kv.value).toEqual(pod("a", 1));
      expect(without.events[2]!.kv.value).toEqual(pod("a", 1)); // a delete still carries the deleted value
      // mutating what one watcher got never shows in another's
      without.events[2]!.kv.value.n = 7;
      withPrev[0]!.events[2]!.prevKv!.value.n = 8;
      for (const w of withPrev) {
        expect(w.events[1]!.prevKv).toMatchObject({ value: pod("a"), modRevision: c.kv.modRevision });
        expect(w.events[2]!.kv.value.n).toBe(1);
      }
      expect(withPrev[1]!.events[2]!.prevKv!.value).toEqual(pod("a", 1));
      // replayed events honour it too
      const replayed = collect<Pod>(s, { prefix: p, afterRevision: start, prevKv: false });
      await replayed.until((x) => x.events.length >= 3);
      expect(replayed.events.map((e) => e.prevKv)).toEqual([undefined, undefined, undefined]);
      for (const w of [without, replayed, ...withPrev]) w.watch.cancel();
    });

    test("watch on a later revision than current delivers only newer changes", async () => {
      const { s, p } = await fresh();
      await s.create(`${p}a`, pod("a"));
      const now = await s.currentRevision();
      const w = collect<Pod>(s, { prefix: p, afterRevision: now });
      const b = await s.create(`${p}b`, pod("b"));
      await w.until((c) => c.events.length >= 1);
      await sleep(30);
      expect(w.events.map((e) => e.revision)).toEqual([b.revision]);
    });

    test("eventsBeforeAck: when claimed, an acknowledged write's event has reached the handler", async () => {
      const { s, p } = await fresh();
      expect(typeof s.eventsBeforeAck).toBe("boolean");
      const w = collect<Pod>(s, { prefix: p, afterRevision: await s.currentRevision() });
      for (let i = 0; i < 20; i++) {
        const c = await s.create(`${p}k${i}`, pod(`k${i}`));
        if (!s.eventsBeforeAck) continue;
        // no timers in between: only the callbacks already queued may run
        await new Promise<void>((r) => setImmediate(r));
        expect(w.events.at(-1)?.revision).toBe(c.revision);
        expect(await s.currentRevision()).toBe(c.revision);
      }
      await w.until((c) => c.events.length >= 20);
      w.watch.cancel();
    });

    test("compaction: older reads and watches fail with CompactedError, newer ones work", async () => {
      const { s, p } = await fresh();
      const a = await s.create(`${p}a`, pod("a"));
      const u1 = await s.update(`${p}a`, pod("a", 1), a.kv.modRevision);
      const b = await s.create(`${p}b`, pod("b"));
      await s.delete(`${p}b`);
      const u2 = await s.update(`${p}a`, pod("a", 2), u1.kv.modRevision);
      await s.compact(u2.revision - 1);
      expect(await rejection(s.get(`${p}a`, { revision: a.revision }))).toBeInstanceOf(CompactedError);
      expect(await rejection(s.list(p, { revision: b.revision - 1 }))).toBeInstanceOf(CompactedError);
      const old = collect(s, { prefix: p, afterRevision: a.revision });
      await old.until((c) => c.errors.length > 0);
      expect(old.errors[0]).toBeInstanceOf(CompactedError);
      expect(old.events).toEqual([]);
      expect((await s.get<Pod>(`${p}a`, { revision: u2.revision - 1 })).kv?.value.n).toBe(1);
      expect((await s.list<Pod>(p, { revision: u2.revision - 1 })).kvs.map((kv) => kv.value.n)).toEqual([1]);
      expect((await s.list<Pod>(p)).kvs.map((kv) => kv.value.n)).toEqual([2]);
      const resume = collect<Pod>(s, { prefix: p, afterRevision: u2.revision - 1 });
      await resume.until((c) => c.events.length >= 1);
      expect(resume.events.map((e) => [e.revision, e.kv.value.n])).toEqual([[u2.revision, 2]]);
      expect((await s.stats()).compactedRevision).toBeGreaterThanOrEqual(u2.revision - 1);
    });

    test("TTL expiry deletes the key with its own revision and a delete event", async () => {
      const { s, p } = await fresh();
      const start = await s.currentRevision();
      const w = collect<Pod>(s, { prefix: p, afterRevision: start });
      const t0 = Date.now();
      const c = await s.create(`${p}ev`, pod("ev"), { ttlSeconds: ttl });
      expect(c.kv.expiresAt).toBeGreaterThanOrEqual(t0 + ttl * 1000 - 50);
      await s.create(`${p}keep`, pod("keep"));
      await w.until((x) => x.events.some((e) => e.type === "delete"), ttl * 1000 + grace + 1000);
      const del = w.events.find((e) => e.type === "delete")!;
      expect(Date.now() - t0).toBeGreaterThanOrEqual(ttl * 1000 - 50);
      expect(del.kv.key).toBe(`${p}ev`);
      expect(del.prevKv).toMatchObject({ key: `${p}ev`, value: pod("ev"), modRevision: c.revision });
      expect(del.revision).toBeGreaterThan(c.revision);
      expect((await s.get(`${p}ev`)).kv).toBeUndefined();
      expect((await s.get(`${p}keep`)).kv).toBeDefined();
      expect((await s.list(p)).kvs.map((kv) => kv.key)).toEqual([`${p}keep`]);
    });

    test("an update without TTL keeps the key alive", async () => {
      const { s, p } = await fresh();
      const c = await s.create(`${p}k`, pod("k"), { ttlSeconds: ttl });
      await s.update(`${p}k`, pod("k", 1), c.kv.modRevision);
      await sleep(ttl * 1000 + grace);
      expect((await s.get<Pod>(`${p}k`)).kv?.value.n).toBe(1);
    });

    test("a value over the size limit is refused and nothing is stored", async () => {
      const { s, p } = await fresh();
      const big = { data: "x".repeat(MAX_VALUE_BYTES + 10) };
      const ok = await s.create(`${p}ok`, pod("ok"));
      const r = await s.currentRevision();
      const calls: [string, () => Promise<unknown>][] = [
        ["create", () => s.create(`${p}big`, big)],
        ["update", () => s.update(`${p}ok`, big, ok.kv.modRevision)],
        ["txn", () => s.txn([], [{ type: "put", key: `${p}big`, value: big }])],
      ];
      for (const [label, call] of calls) {
        const err = await rejection(call());
        expect(err, label).toBeInstanceOf(ValueTooLargeError);
        expect((err as ValueTooLargeError).size).toBeGreaterThan(MAX_VALUE_BYTES);
      }
      expect(await s.currentRevision()).toBe(r);
      expect((await s.get(`${p}big`)).kv).toBeUndefined();
      expect((await s.get(`${p}ok`)).kv?.value).toEqual(pod("ok"));
      const justUnder = { data: "y".repeat(1024 * 1024) };
      expect((await s.create(`${p}mib`, justUnder)).revision).toBe(r + 1);
      expect((await s.get<{ data: string }>(`${p}mib`)).kv?.value.data.length).toBe(1024 * 1024);
    });

    test("close ends watches and refuses further calls", async () => {
      const { s, p } = await fresh();
      const w = collect(s, { prefix: p, afterRevision: await s.currentRevision() });
      await s.close();
      await w.until((c) => c.errors.length > 0);
      expect(w.errors.length).toBe(1);
      expect(await rejection(s.get(`${p}a`))).toBeInstanceOf(StoreClosedError);
      expect(await rejection(s.create(`${p}a`, pod("a")))).toBeInstanceOf(StoreClosedError);
    });
  });
}
