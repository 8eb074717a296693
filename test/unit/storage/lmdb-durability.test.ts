/** LMDB-specific behaviour beyond the shared contract: reopening, refusal of foreign files, compaction pruning. */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "lmdb";
import { StorageError, StoreCorruptError } from "../../../src/storage/errors.ts";
import { openLmdbStore } from "../../../src/storage/lmdb/index.ts";
import { openStore } from "../../../src/storage/open.ts";
import { makePod } from "./fixtures/pod.ts";
import { collect, sleep } from "./watch-collector.ts";

const base = mkdtempSync(join(tmpdir(), "kubun-lmdb-"));
let n = 0;
const dir = () => join(base, `s${++n}`);
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function openError(path: string): Promise<unknown> {
  return openLmdbStore({ path, compactIntervalMs: 0 }).then(
    async (s) => {
      await s.close();
      throw new Error("open succeeded");
    },
    (e) => e,
  );
}

describe("lmdb store", () => {
  test("reopening keeps data, revision, compaction point, history and codec structures", async () => {
    const path = dir();
    const s1 = await openLmdbStore({ path, compactIntervalMs: 0 });
    const a = await s1.create("/pods/a", makePod(1));
    const u = await s1.update("/pods/a", makePod(2), a.kv.modRevision);
    await s1.create("/pods/b", { other: "shape", nested: { x: [1, 2] } });
    await s1.delete("/pods/b");
    await s1.compact(a.revision);
    const rev = await s1.currentRevision();
    await s1.close();

    const s2 = await openLmdbStore({ path, compactIntervalMs: 0 });
    expect(await s2.currentRevision()).toBe(rev);
    expect((await s2.stats()).compactedRevision).toBe(a.revision);
    expect((await s2.get("/pods/a")).kv?.value).toEqual(makePod(2));
    expect((await s2.get("/pods/a", { revision: a.revision })).kv?.value).toEqual(makePod(1));
    const w = collect(s2, { prefix: "/pods/", afterRevision: a.revision });
    await w.until((c) => c.events.length >= 3);
    expect(w.events.map((e) => [e.type, e.kv.key, e.revision])).toEqual([
      ["put", "/pods/a", u.revision], ["put", "/pods/b", u.revision + 1], ["delete", "/pods/b", u.revision + 2],
    ]);
    expect(w.events[2]!.prevKv?.value).toEqual({ other: "shape", nested: { x: [1, 2] } });
    const next = await s2.create("/pods/c", makePod(3));
    expect(next.revision).toBe(rev + 1);
    await s2.close();
  });

  test("a TTL key written before a restart still expires after it", async () => {
    const path = dir();
    const s1 = await openLmdbStore({ path, compactIntervalMs: 0 });
    await s1.create("/events/e1", { reason: "Started" }, { ttlSeconds: 0.3 });
    await s1.close();
    const s2 = await openLmdbStore({ path, compactIntervalMs: 0, ttlCheckIntervalMs: 20 });
    const w = collect(s2, { prefix: "/events/", afterRevision: await s2.currentRevision() });
    await w.until((c) => c.events.length > 0, 3000);
    expect(w.events[0]).toMatchObject({ type: "delete", kv: { key: "/events/e1" } });
    await s2.close();
  });

  test("compaction prunes superseded history in chunks and keeps what reads at the compacted revision need", async () => {
    const path = dir();
    const s = await openLmdbStore({ path, compactIntervalMs: 0, compactChunkSize: 7 });
    let mod = (await s.create("/k/x", { v: 0 })).kv.modRevision;
    for (let i = 1; i <= 40; i++) mod = (await s.update("/k/x", { v: i }, mod)).kv.modRevision;
    for (let i = 0; i < 10; i++) await s.create(`/k/t${i}`, { v: i });
    for (let i = 0; i < 10; i++) await s.delete(`/k/t${i}`);
    await s.create("/k/t3", { v: "again" });
    const target = await s.currentRevision();
    await s.update("/k/x", { v: 41 }, mod);
    const before = await s.list("/k/", { revision: target });
    await s.compact(target);
    const after = await s.list("/k/", { revision: target });
    expect(after).toEqual(before);
    expect(after.kvs.map((kv) => kv.key)).toEqual(["/k/t3", "/k/x"]);
    expect((await s.get("/k/x")).kv?.value).toEqual({ v: 41 });
    await s.close();
    const env = open({ path, maxDbs: 8 });
    const hist = env.openDB({ name: "hist", encoding: "binary", keyEncoding: "binary" });
    const log = env.openDB({ name: "log", encoding: "binary", keyEncoding: "binary" });
    // only x's version at the target (superseded by target+1); t3 and x's latest live in kv
    expect(hist.getKeysCount()).toBe(1);
    expect(log.getKeysCount()).toBe(1);
    await env.close();
  });

  test("periodic compaction keeps one interval of history", async () => {
    const s = await openLmdbStore({ path: dir(), compactIntervalMs: 60 });
    const first = await s.create("/p/a", { v: 1 });
    for (let i = 0; i < 30; i++) {
      await s.create(`/p/${i}`, { v: i });
      await sleep(10);
    }
    const { compactedRevision } = await s.stats();
    const current = await s.currentRevision();
    expect(compactedRevision).toBeGreaterThan(first.revision);
    expect(compactedRevision).toBeLessThan(current);
    const w = collect(s, { prefix: "/p/", afterRevision: compactedRevision });
    await w.until((c) => c.events.length === current - compactedRevision);
    await s.close();
  });

  test("group commit: concurrent writers get distinct consecutive revisions", async () => {
    const s = await openLmdbStore({ path: dir(), compactIntervalMs: 0 });
    const r0 = await s.currentRevision();
    const res = await Promise.all(Array.from({ length: 500 }, (_, i) => s.create(`/g/${i}`, makePod(i))));
    expect(res.map((r) => r.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => r0 + 1 + i));
    expect((await s.count("/g/")).count).toBe(500);
    await s.close();
  });

  test("group commit: at most maxBatch writes per LMDB transaction, the rest in the next ones", async () => {
    const s = await openLmdbStore({ path: dir(), compactIntervalMs: 0, maxBatch: 100 });
    const before = s.writerMetrics();
    const res = await Promise.all(Array.from({ length: 350 }, (_, i) => s.create(`/m/${i}`, { i })));
    const m = s.writerMetrics();
    expect(m.jobs - before.jobs).toBe(350);
    expect(m.batches - before.batches).toBeGreaterThanOrEqual(4);
    expect(new Set(res.map((r) => r.revision)).size).toBe(350);
    await s.close();
  });

  test("a second open of the same store is refused while it is open", async () => {
    const path = dir();
    const s = await openLmdbStore({ path, compactIntervalMs: 0 });
    const err = await openError(path);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe("Locked");
    await s.close();
    const again = await openLmdbStore({ path, compactIntervalMs: 0 });
    await again.close();
  });

  test("a key too long for LMDB is refused with a clear error", async () => {
    const s = await openLmdbStore({ path: dir(), compactIntervalMs: 0 });
    const err = await s.create("/" + "k".repeat(3000), {}).catch((e) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(err.code).toBe("InvalidKey");
    await s.close();
  });

  describe("refuses what is not a kubun store, and leaves it untouched", () => {
    const cases: [string, (path: string) => Promise<() => unknown>][] = [
      ["a regular file at the store path", async (path) => {
        writeFileSync(path, "not a database\n");
        return () => readFileSync(path, "utf8");
      }],
      ["a data.mdb that is not LMDB", async (path) => {
        mkdirSync(path);
        writeFileSync(join(path, "data.mdb"), Buffer.alloc(8192, 7));
        return () => readFileSync(join(path, "data.mdb")).toString("hex");
      }],
      ["an empty data.mdb", async (path) => {
        mkdirSync(path);
        writeFileSync(join(path, "data.mdb"), "");
        return () => readFileSync(join(path, "data.mdb")).length;
      }],
      ["another application's LMDB database", async (path) => {
        const other = open({ path });
        await other.put("user:1", { name: "x" });
        await other.close();
        return () => readFileSync(join(path, "data.mdb")).toString("hex");
      }],
      ["a kubun store of another format", async (path) => {
        const other = open({ path, maxDbs: 8 });
        const meta = other.openDB({ name: "meta", encoding: "binary" });
        await meta.put("format", Buffer.from("kubun-mvcc/99"));
        await other.close();
        return () => readFileSync(join(path, "data.mdb")).toString("hex");
      }],
    ];
    for (const [label, setup] of cases) {
      test(label, async () => {
        const path = dir();
        const snapshot = await setup(path);
        const before = snapshot();
        const err = await openError(path);
        expect(err).toBeInstanceOf(StoreCorruptError);
        expect(String((err as Error).message)).toContain(path);
        expect(snapshot()).toEqual(before);
        const again = await openError(path);
        expect(again).toBeInstanceOf(StoreCorruptError);
      });
    }
  });

  test("openStore without an endpoint opens LMDB at <dataDir>/db", async () => {
    const dataDir = dir();
    const s = await openStore({ dataDir, compactIntervalMs: 0 });
    expect(s.kind).toBe("lmdb");
    await s.create("/x", { y: 1 });
    await s.close();
    const t = await openLmdbStore({ path: join(dataDir, "db"), compactIntervalMs: 0 });
    expect((await t.get("/x")).kv?.value).toEqual({ y: 1 });
    await t.close();
  });
});
