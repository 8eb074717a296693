/**
 * A store written in format "kubun-mvcc/1" (every version, the latest included, also in
 * hist) is adopted by this build: reads at every revision, watch replay, writes and
 * compaction work on it, and its marker becomes "kubun-mvcc/2". The v1 files are built
 * here byte by byte, as the v1 writer laid them out.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "lmdb";
import { ValueCodec } from "../../../src/storage/codec.ts";
import { openLmdbStore } from "../../../src/storage/lmdb/index.ts";
import { collect } from "./watch-collector.ts";

const base = mkdtempSync(join(tmpdir(), "kubun-lmdb-format-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function record(flags: number, create: number, mod: number, prevMod: number, value: Uint8Array | undefined): Buffer {
  return Buffer.concat([Buffer.from([flags]), u64(create), u64(mod), u64(prevMod), u64(0), value ?? Buffer.alloc(0)]);
}

const histKey = (key: string, rev: number) => Buffer.concat([Buffer.from(key), Buffer.from([0]), u64(rev)]);
const logKey = (rev: number) => Buffer.concat([u64(rev), Buffer.from([0, 0])]);

/** History: 2 create a, 3 create b, 4 update a, 5 delete b, 6 create c. */
async function writeV1(path: string): Promise<void> {
  const codec = new ValueCodec("records");
  const enc = (v: unknown) => Buffer.from(codec.encode(v));
  const env = open({ path, maxDbs: 8, encoding: "binary" });
  const meta = env.openDB({ name: "meta", encoding: "binary" });
  const kv = env.openDB({ name: "kv", encoding: "binary" });
  const hist = env.openDB({ name: "hist", encoding: "binary", keyEncoding: "binary" });
  const log = env.openDB({ name: "log", encoding: "binary", keyEncoding: "binary" });
  env.openDB({ name: "ttl", encoding: "binary", keyEncoding: "binary" });
  const a2 = record(1, 2, 2, 0, enc({ name: "a", n: 1 }));
  const b3 = record(1, 3, 3, 0, enc({ name: "b", n: 1 }));
  const a4 = record(1, 2, 4, 2, enc({ name: "a", n: 2 }));
  const b5 = record(2, 3, 5, 3, undefined);
  const c6 = record(1, 6, 6, 0, enc({ name: "c", n: 1 }));
  await env.transaction(() => {
    meta.put("format", Buffer.from("kubun-mvcc/1"));
    meta.put("revision", u64(6));
    meta.put("structures", Buffer.from(codec.structuresBytes()));
    kv.put("/f/a", a4);
    kv.put("/f/c", c6);
    for (const [k, r, rec] of [["/f/a", 2, a2], ["/f/b", 3, b3], ["/f/a", 4, a4], ["/f/b", 5, b5], ["/f/c", 6, c6]] as const) {
      hist.put(histKey(k, r), rec);
      log.put(logKey(r), Buffer.from(k));
    }
  });
  await env.close();
}

test("a kubun-mvcc/1 store is read, written, compacted and upgraded", async () => {
  const path = join(base, "v1");
  await writeV1(path);
  const s = await openLmdbStore({ path, compactIntervalMs: 0 });
  expect(await s.currentRevision()).toBe(6);
  const names = async (rev: number) => (await s.list<{ name: string; n: number }>("/f/", { revision: rev })).kvs.map((kv) => `${kv.value.name}${kv.value.n}@${kv.modRevision}`);
  expect(await names(2)).toEqual(["a1@2"]);
  expect(await names(3)).toEqual(["a1@2", "b1@3"]);
  expect(await names(4)).toEqual(["a2@4", "b1@3"]);
  expect(await names(5)).toEqual(["a2@4"]);
  expect(await names(6)).toEqual(["a2@4", "c1@6"]);
  expect((await s.get("/f/a", { revision: 3 })).kv?.value).toEqual({ name: "a", n: 1 });
  expect((await s.get("/f/b", { revision: 5 })).kv).toBeUndefined();

  const w = collect<{ name: string; n: number }>(s, { prefix: "/f/", afterRevision: 1 });
  await w.until((c) => c.events.length >= 5);
  expect(w.events.map((e) => [e.type, e.kv.key, e.revision, e.prevKv?.value.n ?? null])).toEqual([
    ["put", "/f/a", 2, null], ["put", "/f/b", 3, null], ["put", "/f/a", 4, 1], ["delete", "/f/b", 5, 1], ["put", "/f/c", 6, null],
  ]);

  const u = await s.update("/f/a", { name: "a", n: 3 }, 4);
  expect(u.revision).toBe(7);
  await w.until((c) => c.events.length >= 6);
  expect(w.events[5]!.prevKv?.value).toEqual({ name: "a", n: 2 });
  w.watch.cancel();
  expect(await names(4)).toEqual(["a2@4", "b1@3"]);
  await s.compact(6);
  expect(await names(6)).toEqual(["a2@4", "c1@6"]);
  expect(await names(7)).toEqual(["a3@7", "c1@6"]);
  await s.close();

  const env = open({ path, maxDbs: 8, encoding: "binary" });
  expect(Buffer.from(env.openDB({ name: "meta", encoding: "binary" }).getBinary("format")!).toString()).toBe("kubun-mvcc/2");
  await env.close();
  const again = await openLmdbStore({ path, compactIntervalMs: 0 });
  expect((await again.get("/f/a")).kv?.value).toEqual({ name: "a", n: 3 });
  await again.close();
});
