/**
 * The read half of the LMDB store. Public reads go through one LMDB read transaction
 * (a snapshot) whose store revision is read once, when it starts; the store drops it after
 * every acknowledged commit and finished maintenance task, so the next read starts a new
 * one. A list's or get's revision is therefore exactly the state it returns, and a read
 * costs its own lookups only. (The writer's lookups use lmdb-js's shared read
 * transaction, which lmdb-js renews after each commit.)
 *
 * Records are decoded straight from the buffers lmdb-js returns (msgpack after the
 * 33-byte header), without slicing them first: point reads from getBinaryFast's reused
 * buffer, range reads of kv through a second handle on it whose decoder lmdb-js calls
 * with its reused buffer (the plain binary handle would copy every value out first).
 */
import { StoreCorruptError } from "../errors.ts";
import type { KeyValue, ListResult } from "../interface.ts";
import type { ValueCodec } from "../codec.ts";
import type { RawEvent, RawKv } from "../shared/raw-event.ts";
import {
  bytesPrefixEnd, FLAG_PUT, FLAG_TOMBSTONE, HEADER, histKey, histKeyParts, histPrefix, keyOrder, logKey, META_REVISION,
  prefixEnd, rawKvFrom, readU64, recordModRevision, recordPrevRevision,
} from "./layout.ts";
import type { LmdbEnv } from "./open-env.ts";
import type { Database } from "lmdb";

type Txn = ReturnType<LmdbEnv["root"]["useReadTransaction"]>;

/** lmdb-js's getBinaryFast takes read options (the transaction); its typings omit them. */
interface PointRead<K> {
  getBinaryFast(key: K, options: { transaction: Txn }): Uint8Array | undefined;
}
function fastAt<K>(db: object, key: K, at: { transaction: Txn }): Uint8Array | undefined {
  return (db as PointRead<K>).getBinaryFast(key, at);
}

/** One read transaction and the store revision it sees. */
export interface Snapshot {
  readonly revision: number;
  readonly txn: Txn;
  /** `{ transaction }` for lmdb-js point reads (range reads get a fresh object: lmdb-js writes into it). */
  readonly at: { transaction: Txn };
}

export class LmdbReader {
  private snap: Snapshot | undefined;
  /** kv again, for range reads: values arrive decoded (a KeyValue whose key the caller sets). */
  private readonly kvDecoded: Database<KeyValue<unknown>, string>;

  constructor(private readonly env: LmdbEnv, private readonly codec: ValueCodec) {
    const coder = {
      encode: (v: unknown) => v,
      decode: (b: Uint8Array, size?: number) => this.decodeKv("", b, size ?? b.length),
    };
    this.kvDecoded = env.root.openDB<KeyValue<unknown>, string>({ name: "kv", encoding: "binary", encoder: coder } as never);
  }

  /** The current snapshot; a new one if none is held or the held one predates `minRevision`. */
  snapshot(minRevision: number): Snapshot {
    let s = this.snap;
    if (s && s.revision >= minRevision) return s;
    this.release();
    s = this.begin();
    if (s.revision < minRevision) {
      // lmdb-js handed out a transaction from before the commit: renew it
      this.release(s);
      this.env.root.resetReadTxn();
      s = this.begin();
    }
    this.snap = s;
    return s;
  }

  private begin(): Snapshot {
    const txn = this.env.root.useReadTransaction();
    const at = { transaction: txn };
    const b = fastAt(this.env.meta, META_REVISION, at);
    return { revision: b ? readU64(b, 0) : 1, txn, at };
  }

  /** Lets go of the snapshot (after a commit); the next read starts a new one. */
  release(s: Snapshot | undefined = this.snap): void {
    if (!s) return;
    if (s === this.snap) this.snap = undefined;
    s.txn.done();
  }

  decodeKv<V>(key: string, b: Uint8Array, end = b.length): KeyValue<V> {
    const kv: KeyValue<V> = {
      key,
      value: this.codec.decodeRange<V>(b, HEADER, end),
      createRevision: readU64(b, 1),
      modRevision: readU64(b, 9),
    };
    const exp = readU64(b, 25);
    if (exp > 0) kv.expiresAt = exp;
    return kv;
  }

  /** `key` at the snapshot's own revision. */
  getLatest<V>(s: Snapshot, key: string): KeyValue<V> | undefined {
    const b = fastAt(this.env.kv, key, s.at);
    return b ? this.decodeKv<V>(key, b) : undefined;
  }

  /** `key` as it was at `rev` (kv holds its latest version, hist the older ones). */
  getAt<V>(s: Snapshot, key: string, rev: number): KeyValue<V> | undefined {
    const cur = fastAt(this.env.kv, key, s.at);
    if (cur && recordModRevision(cur) <= rev) return this.decodeKv<V>(key, cur);
    for (const { value } of this.env.hist.getRange({ start: histKey(key, rev), end: histKey(key, 0), reverse: true, limit: 1, transaction: s.txn })) {
      return value[0] === FLAG_PUT ? this.decodeKv<V>(key, value) : undefined;
    }
    return undefined;
  }

  /** The version of `key` written at exactly `rev` (a put or a tombstone), as a copy. */
  private exactVersion(s: Snapshot, key: string, rev: number): RawKv {
    const cur = fastAt(this.env.kv, key, s.at);
    if (cur && recordModRevision(cur) === rev) return rawKvFrom(key, cur);
    const b = fastAt(this.env.hist, histKey(key, rev), s.at);
    if (!b) throw new StoreCorruptError(`history of ${key} at revision ${rev} is missing`);
    return rawKvFrom(key, b);
  }

  listLatest<V>(s: Snapshot, prefix: string, start: string, limit: number): ListResult<V> {
    const kvs: KeyValue<V>[] = [];
    const end = prefixEnd(prefix);
    let remaining = 0;
    for (const { key, value } of this.kvDecoded.getRange({ start, end, transaction: s.txn })) {
      const k = key as string;
      if (!k.startsWith(prefix)) break;
      if (kvs.length >= limit) {
        remaining = this.env.kv.getKeysCount({ start: k, end, transaction: s.txn });
        break;
      }
      value.key = k;
      kvs.push(value as KeyValue<V>);
    }
    return { revision: s.revision, kvs, more: remaining > 0, remaining };
  }

  /**
   * The state at `rev`: a merge, in key order, of kv (each key's latest version) and hist
   * (older versions, grouped by key in revision order). A key's version at `rev` is its kv
   * version if that is not newer than `rev`, else its newest hist entry at or below `rev`.
   */
  listAt<V>(s: Snapshot, prefix: string, start: string, limit: number, rev: number): ListResult<V> {
    const kvs: KeyValue<V>[] = [];
    let remaining = 0;
    const take = (key: string, rec: Uint8Array | undefined) => {
      if (!rec || rec[0] !== FLAG_PUT) return;
      if (kvs.length < limit) kvs.push(this.decodeKv<V>(key, rec));
      else remaining++;
    };
    const transaction = s.txn;
    const latest = this.kvDecoded.getRange({ start, end: prefixEnd(prefix), transaction })[Symbol.iterator]();
    const endBytes = bytesPrefixEnd(histPrefix(prefix));
    const older = this.env.hist
      .getKeys(endBytes ? { start: histPrefix(start), end: endBytes, transaction } : { start: histPrefix(start), transaction })
      [Symbol.iterator]();
    let l = latest.next();
    let lKey = l.done ? undefined : (l.value.key as string);
    if (lKey !== undefined && !lKey.startsWith(prefix)) lKey = undefined;
    let o = older.next();
    let oParts = o.done ? undefined : histKeyParts(o.value);
    const nextOlder = () => {
      o = older.next();
      oParts = o.done ? undefined : histKeyParts(o.value);
    };
    // hist keys of `k` follow "k\0", which a continue key may be
    while (oParts && keyOrder(oParts.key, start) < 0) nextOlder();
    if (oParts && !oParts.key.startsWith(prefix)) oParts = undefined;
    while (lKey !== undefined || oParts !== undefined) {
      const key = lKey === undefined ? oParts!.key : oParts === undefined ? lKey : keyOrder(lKey, oParts.key) <= 0 ? lKey : oParts.key;
      let best: Buffer | undefined;
      while (oParts && oParts.key === key) {
        if (oParts.rev <= rev) best = Buffer.from(o.value as Uint8Array);
        nextOlder();
        if (oParts && !oParts.key.startsWith(prefix)) oParts = undefined;
      }
      if (lKey === key) {
        const latestKv = l.value!.value;
        if (latestKv.modRevision <= rev) {
          latestKv.key = key;
          if (kvs.length < limit) kvs.push(latestKv as KeyValue<V>);
          else remaining++;
        } else if (best) take(key, fastAt(this.env.hist, best, s.at));
        l = latest.next();
        lKey = l.done ? undefined : (l.value.key as string);
        if (lKey !== undefined && !lKey.startsWith(prefix)) lKey = undefined;
      } else if (best) {
        take(key, fastAt(this.env.hist, best, s.at));
      }
    }
    return { revision: rev, kvs, more: remaining > 0, remaining };
  }

  count(s: Snapshot, prefix: string): number {
    return this.env.kv.getKeysCount({ start: prefix, end: prefixEnd(prefix), transaction: s.txn });
  }

  keys(s: Snapshot): number {
    return this.env.kv.getKeysCount({ transaction: s.txn });
  }

  /** Changes under `prefix` after `after` up to the snapshot, rebuilt from log, kv and hist. */
  replay(s: Snapshot, prefix: string, after: number): RawEvent[] {
    const out: RawEvent[] = [];
    if (after >= s.revision) return out;
    const range = { start: logKey(after + 1, 0), end: logKey(s.revision + 1, 0), transaction: s.txn };
    for (const { key: lk, value } of this.env.log.getRange(range)) {
      const key = Buffer.from(value).toString("utf8");
      if (!key.startsWith(prefix)) continue;
      const rev = readU64(lk, 0);
      const cur = this.exactVersion(s, key, rev);
      const rec = cur.record!;
      const prevRev = recordPrevRevision(rec);
      const prev = prevRev > 0 ? this.exactVersion(s, key, prevRev) : undefined;
      if (rec[0] === FLAG_TOMBSTONE) {
        if (!prev) throw new StoreCorruptError(`tombstone of ${key} at revision ${rev} has no previous version`);
        const kv: RawKv = { key, value: prev.value, createRevision: prev.createRevision, modRevision: rev };
        out.push({ type: "delete", kv, prevKv: prev, revision: rev });
      } else {
        const ev: RawEvent = { type: "put", kv: cur, revision: rev };
        if (prev) ev.prevKv = prev;
        out.push(ev);
      }
    }
    return out;
  }
}
