/**
 * The LMDB store against a model of its history: a seeded random mix of creates, updates,
 * deletes and transactions (concurrent, so several land in one LMDB transaction) on keys
 * that share prefixes; then every read at every revision (get, list, paged list) and the
 * watch replay from the start must match the model, before and after compaction and after
 * a reopen. Latest versions live in kv and older ones in hist, so this pins the merge.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompactedError, ConflictError, KeyExistsError, NotFoundError } from "../../../src/storage/errors.ts";
import type { KeyValue, Store } from "../../../src/storage/interface.ts";
import { openLmdbStore } from "../../../src/storage/lmdb/index.ts";
import { collect } from "./watch-collector.ts";

const base = mkdtempSync(join(tmpdir(), "kubun-lmdb-history-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const P = "/h/";
/** Keys where one is a prefix of another, so hist keys ("k\0rev") interleave with kv keys. */
const KEYS = ["a", "a0", "a/b", "ab", "b", "b-1", "c", "ca", "d", "\u00e9t\u00e9", "z"].map((k) => P + k);

interface Version {
  value: { k: string; n: number };
  createRevision: number;
  modRevision: number;
}
type Snapshot = Map<string, Version>;
type Change = { type: "put" | "delete"; key: string; revision: number; n?: number; prevN?: number };

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Runs `ops` writes, `parallel` at a time; returns snapshots by revision and the change log. */
async function drive(s: Store, seed: number, ops: number, parallel: number) {
  const rand = rng(seed);
  const r0 = await s.currentRevision();
  const live = new Map<string, Version>();
  const snapshots = new Map<number, Snapshot>([[r0, new Map()]]);
  const changes: Change[] = [];
  let n = 0;
  // Outcomes are applied to the model in revision order, whatever order the acks come in.
  const outcomes: { revision: number; apply: () => void }[] = [];
  const one = async () => {
    const key = KEYS[Math.floor(rand() * KEYS.length)]!;
    const value = { k: key, n: ++n };
    const roll = rand();
    try {
      if (roll < 0.15) {
        const other = KEYS[Math.floor(rand() * KEYS.length)]!;
        const cur = await s.get<Version["value"]>(key);
        const r = await s.txn(
          [{ key, modRevision: cur.kv?.modRevision ?? 0 }],
          other === key ? [{ type: "put", key, value }] : [{ type: "put", key, value }, { type: "delete", key: other }],
        );
        if (!r.succeeded) return;
        outcomes.push({
          revision: r.revision,
          apply: () => {
            const prev = live.get(key);
            live.set(key, { value, createRevision: prev?.createRevision ?? r.revision, modRevision: r.revision });
            changes.push({ type: "put", key, revision: r.revision, n: value.n, ...(prev ? { prevN: prev.value.n } : {}) });
            const gone = other !== key ? live.get(other) : undefined;
            if (gone) {
              live.delete(other);
              changes.push({ type: "delete", key: other, revision: r.revision, prevN: gone.value.n });
            }
          },
        });
        return;
      }
      const cur = await s.get<Version["value"]>(key);
      if (!cur.kv) {
        const r = await s.create(key, value);
        outcomes.push({
          revision: r.revision,
          apply: () => {
            live.set(key, { value, createRevision: r.revision, modRevision: r.revision });
            changes.push({ type: "put", key, revision: r.revision, n: value.n });
          },
        });
      } else if (roll < 0.7) {
        const r = await s.update(key, value, cur.kv.modRevision);
        outcomes.push({
          revision: r.revision,
          apply: () => {
            const prev = live.get(key)!;
            live.set(key, { value, createRevision: prev.createRevision, modRevision: r.revision });
            changes.push({ type: "put", key, revision: r.revision, n: value.n, prevN: prev.value.n });
          },
        });
      } else {
        const r = await s.delete(key, cur.kv.modRevision);
        outcomes.push({
          revision: r.revision,
          apply: () => {
            const prev = live.get(key)!;
            live.delete(key);
            changes.push({ type: "delete", key, revision: r.revision, prevN: prev.value.n });
          },
        });
      }
    } catch (err) {
      // lost races between the parallel writers
      if (!(err instanceof ConflictError || err instanceof KeyExistsError || err instanceof NotFoundError)) throw err;
    }
  };
  for (let i = 0; i < ops; i += parallel) await Promise.all(Array.from({ length: Math.min(parallel, ops - i) }, one));
  outcomes.sort((a, b) => a.revision - b.revision);
  let i = 0;
  const last = await s.currentRevision();
  for (let rev = r0 + 1; rev <= last; rev++) {
    while (i < outcomes.length && outcomes[i]!.revision === rev) outcomes[i++]!.apply();
    snapshots.set(rev, new Map(live));
  }
  expect(i).toBe(outcomes.length);
  return { r0, last, snapshots, changes };
}

const view = (kvs: KeyValue[]) => kvs.map((kv) => [kv.key, (kv.value as Version["value"]).n, kv.createRevision, kv.modRevision]);
const model = (snap: Snapshot) =>
  [...snap.entries()]
    .sort(([a], [b]) => (Buffer.compare(Buffer.from(a), Buffer.from(b))))
    .map(([k, v]) => [k, v.value.n, v.createRevision, v.modRevision]);

async function checkReads(s: Store, snapshots: Map<number, Snapshot>, from: number, to: number): Promise<void> {
  for (let rev = from; rev <= to; rev++) {
    const snap = snapshots.get(rev)!;
    const want = model(snap);
    const all = await s.list(P, { revision: rev });
    expect([rev, view(all.kvs)]).toEqual([rev, want]);
    // pages of 3, continuing after the last key of each page
    const paged: KeyValue[] = [];
    let start: string | undefined;
    for (;;) {
      const page = await s.list(P, { revision: rev, limit: 3, ...(start ? { startKey: start } : {}) });
      paged.push(...page.kvs);
      expect(page.remaining).toBe(want.length - paged.length);
      if (!page.more) break;
      start = page.kvs[page.kvs.length - 1]!.key + "\0";
    }
    expect(view(paged)).toEqual(want);
    for (const key of KEYS) {
      const got = await s.get<Version["value"]>(key, { revision: rev });
      const v = snap.get(key);
      expect([rev, key, got.kv ? [got.kv.value.n, got.kv.createRevision, got.kv.modRevision] : null]).toEqual([
        rev, key, v ? [v.value.n, v.createRevision, v.modRevision] : null,
      ]);
    }
  }
}

async function checkReplay(s: Store, after: number, changes: Change[]): Promise<void> {
  const want = changes.filter((c) => c.revision > after);
  const w = collect<Version["value"]>(s, { prefix: P, afterRevision: after });
  await w.until((c) => c.events.length >= want.length);
  w.watch.cancel();
  expect(
    w.events.map((e) => ({
      type: e.type, key: e.kv.key, revision: e.revision,
      ...(e.type === "put" ? { n: e.kv.value.n } : {}),
      ...(e.prevKv ? { prevN: e.prevKv.value.n } : {}),
    })),
  ).toEqual(want);
}

describe("lmdb store history", () => {
  for (const [seed, parallel, ops] of [[1, 1, 240], [7, 16, 300], [42, 64, 900]] as const) {
    test(`seed ${seed}, ${parallel} writers at a time: reads at every revision, replay, compaction, reopen`, async () => {
      const path = join(base, `s${seed}`);
      let s = await openLmdbStore({ path, compactIntervalMs: 0, compactChunkSize: 5, maxBatch: 8 });
      const { r0, last, snapshots, changes } = await drive(s, seed, ops, parallel);
      expect(last - r0).toBeGreaterThan(100);
      await checkReads(s, snapshots, r0, last);
      await checkReplay(s, r0, changes);

      const target = r0 + Math.floor((last - r0) / 2);
      await s.compact(target);
      await checkReads(s, snapshots, target, last);
      await checkReplay(s, target, changes);
      expect(await s.list(P, { revision: target - 1 }).catch((e) => e)).toBeInstanceOf(CompactedError);

      await s.close();
      s = await openLmdbStore({ path, compactIntervalMs: 0 });
      await checkReads(s, snapshots, target, last);
      await checkReplay(s, target, changes);
      await s.close();
    }, 30_000);
  }
});
