/**
 * The embedded MVCC store on LMDB (layout.ts describes the bytes, writer.ts the group
 * commit, compaction.ts the history pruning). Reads are synchronous LMDB lookups in one
 * read snapshot whose revision is read from the same snapshot, so a list's revision is
 * exactly the state it returns.
 */
import { CompactedError, FutureRevisionError, StorageError, StoreClosedError, StoreCorruptError } from "../errors.ts";
import type {
  GetResult, KeyValue, ListOptions, ListResult, StoreStats, Watch, WatchHandler, WatchOptions,
} from "../interface.ts";
import { ValueCodec } from "../codec.ts";
import { Compactor, DEFAULT_COMPACT_INTERVAL_MS } from "../shared/compactor.ts";
import { EmbeddedStore } from "../shared/embedded-store.ts";
import type { RawEvent, RawKv } from "../shared/raw-event.ts";
import { readRevision } from "../shared/revisions.ts";
import { WatchHub } from "../shared/watch-hub.ts";
import type { WriteOutcome, WriteRequest } from "../shared/write-request.ts";
import { compactChunk, compactionPending } from "./compaction.ts";
import {
  bytesPrefixEnd, FLAG_PUT, FLAG_TOMBSTONE, HEADER, histKey, histKeyParts, histPrefix, keyOrder, logKey, MAX_KEY_BYTES,
  META_COMPACTED, META_REVISION, META_STRUCTURES, prefixEnd, rawKvFrom, readU64, recordModRevision, recordPrevRevision,
  ttlKeyParts, u64Bytes,
} from "./layout.ts";
import { openEnv, type LmdbEnv } from "./open-env.ts";
import { LmdbWriter } from "./writer.ts";

export interface LmdbStoreOptions {
  /** Directory of the LMDB environment (created if absent). */
  path: string;
  /** Periodic compaction interval (default 5 minutes; 0 disables). */
  compactIntervalMs?: number;
  /** How often TTL'd keys are checked for expiry (default 1000 ms). */
  ttlCheckIntervalMs?: number;
  /** Log entries pruned per compaction transaction (default 5000). */
  compactChunkSize?: number;
  /** Write requests per LMDB transaction (default 128); more wait for the next one. */
  maxBatch?: number;
}

export class LmdbStore extends EmbeddedStore {
  readonly kind = "lmdb";
  private readonly hub: WatchHub;
  private readonly writer: LmdbWriter;
  private committedRev: number;
  private compacted: number;
  private closed = false;
  private fatal: Error | undefined;
  private compacting: Promise<void> = Promise.resolve();
  private readonly expiring = new Set<string>();
  private readonly ttlTimer: ReturnType<typeof setInterval>;
  private readonly compactor: Compactor;
  private readonly chunk: number;
  private readonly metaRevKey = META_REVISION;

  constructor(
    private readonly env: LmdbEnv,
    protected readonly codec: ValueCodec,
    revision: number,
    compacted: number,
    opts: LmdbStoreOptions,
  ) {
    super();
    this.committedRev = revision;
    this.compacted = compacted;
    this.chunk = opts.compactChunkSize ?? 5000;
    this.hub = new WatchHub(codec);
    this.writer = new LmdbWriter(env, codec, revision, {
      onCommit: (rev, events) => {
        this.committedRev = rev;
        this.hub.publish(events);
      },
      onFatal: (err) => this.fail(err),
    }, opts.maxBatch === undefined ? {} : { maxBatch: opts.maxBatch });
    this.ttlTimer = setInterval(() => this.sweepExpired(), opts.ttlCheckIntervalMs ?? 1000);
    this.ttlTimer.unref?.();
    this.compactor = new Compactor(this, opts.compactIntervalMs ?? DEFAULT_COMPACT_INTERVAL_MS);
    this.compactor.start();
    if (compactionPending(env, compacted)) this.compacting = this.prune(compacted);
  }

  /** Group-commit counters: transactions, requests in them, time spent applying. */
  writerMetrics(): { batches: number; jobs: number; applyMs: number } {
    return { ...this.writer.metrics };
  }

  private check(): void {
    if (this.fatal) throw this.fatal;
    if (this.closed) throw new StoreClosedError();
  }

  private fail(err: Error): void {
    if (this.fatal) return;
    this.fatal = err;
    this.writer.failQueued(err);
    this.hub.failAll(err);
  }

  /** Not async: the caller awaits the writer's promise directly (one promise per write). */
  protected submit(req: WriteRequest): Promise<WriteOutcome> {
    this.check();
    if ("key" in req && req.key.length * 3 > MAX_KEY_BYTES && Buffer.byteLength(req.key) > MAX_KEY_BYTES) {
      throw new StorageError(`key is longer than ${MAX_KEY_BYTES} bytes`, "InvalidKey");
    }
    return this.writer.write(req);
  }

  /** The revision of the current read snapshot, renewed if it predates an acknowledged commit. */
  private snapshotRevision(): number {
    let b = this.env.meta.getBinaryFast(this.metaRevKey);
    let rev = b ? readU64(b, 0) : 1;
    if (rev < this.committedRev) {
      this.env.root.resetReadTxn();
      b = this.env.meta.getBinaryFast(this.metaRevKey);
      rev = b ? readU64(b, 0) : 1;
    }
    return rev;
  }

  private decodeKv<V>(key: string, b: Uint8Array): KeyValue<V> {
    const kv: KeyValue<V> = {
      key,
      value: this.codec.decode<V>(b.subarray(HEADER, b.length)),
      createRevision: readU64(b, 1),
      modRevision: readU64(b, 9),
    };
    const exp = readU64(b, 25);
    if (exp > 0) kv.expiresAt = exp;
    return kv;
  }

  /**
   * The record of `key`'s latest version at or below `rev`, if that version is live (kv
   * holds the latest version, hist the older ones). Decode it before the next read.
   */
  private versionAt(key: string, rev: number): Uint8Array | undefined {
    const cur = this.env.kv.getBinaryFast(key);
    if (cur && recordModRevision(cur) <= rev) return cur;
    for (const { value } of this.env.hist.getRange({ start: histKey(key, rev), end: histKey(key, 0), reverse: true, limit: 1 })) {
      return value[0] === FLAG_PUT ? value : undefined;
    }
    return undefined;
  }

  /** The version of `key` written at exactly `rev` (a put or a tombstone), as a copy. */
  private exactVersion(key: string, rev: number): RawKv {
    const cur = this.env.kv.getBinaryFast(key);
    if (cur && recordModRevision(cur) === rev) return rawKvFrom(key, cur);
    const b = this.env.hist.getBinaryFast(histKey(key, rev));
    if (!b) throw new StoreCorruptError(`history of ${key} at revision ${rev} is missing`);
    return rawKvFrom(key, b);
  }

  async currentRevision(): Promise<number> {
    this.check();
    return this.snapshotRevision();
  }

  async get<V = unknown>(key: string, opts?: { revision?: number }): Promise<GetResult<V>> {
    this.check();
    const snap = this.snapshotRevision();
    const rev = readRevision(opts?.revision, snap, this.compacted);
    if (rev === snap) {
      const b = this.env.kv.getBinaryFast(key);
      return { revision: rev, kv: b ? this.decodeKv<V>(key, b) : undefined };
    }
    const rec = this.versionAt(key, rev);
    return { revision: rev, kv: rec ? this.decodeKv<V>(key, rec) : undefined };
  }

  async list<V = unknown>(prefix: string, opts: ListOptions = {}): Promise<ListResult<V>> {
    this.check();
    const snap = this.snapshotRevision();
    const rev = readRevision(opts.revision, snap, this.compacted);
    const start = opts.startKey !== undefined && opts.startKey > prefix ? opts.startKey : prefix;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    return rev === snap ? this.listLatest<V>(prefix, start, limit, rev) : this.listAt<V>(prefix, start, limit, rev);
  }

  private listLatest<V>(prefix: string, start: string, limit: number, rev: number): ListResult<V> {
    const kvs: KeyValue<V>[] = [];
    const end = prefixEnd(prefix);
    let remaining = 0;
    for (const { key, value } of this.env.kv.getRange({ start, end })) {
      const k = key as string;
      if (!k.startsWith(prefix)) break;
      if (kvs.length >= limit) {
        remaining = this.env.kv.getKeysCount({ start: k, end });
        break;
      }
      kvs.push(this.decodeKv<V>(k, value));
    }
    return { revision: rev, kvs, more: remaining > 0, remaining };
  }

  /**
   * The snapshot at `rev`: a merge, in key order, of kv (each key's latest version) and hist
   * (older versions, grouped by key in revision order). A key's version at `rev` is its kv
   * version if that is not newer than `rev`, else its newest hist entry at or below `rev`.
   */
  private listAt<V>(prefix: string, start: string, limit: number, rev: number): ListResult<V> {
    const kvs: KeyValue<V>[] = [];
    let remaining = 0;
    const take = (key: string, rec: Uint8Array | undefined) => {
      if (!rec || rec[0] !== FLAG_PUT) return;
      if (kvs.length < limit) kvs.push(this.decodeKv<V>(key, rec));
      else remaining++;
    };
    const latest = this.env.kv.getRange({ start, end: prefixEnd(prefix) })[Symbol.iterator]();
    const endBytes = bytesPrefixEnd(histPrefix(prefix));
    const older = this.env.hist.getKeys(endBytes ? { start: histPrefix(start), end: endBytes } : { start: histPrefix(start) })[Symbol.iterator]();
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
    while (oParts && oParts.key < start) nextOlder();
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
        const rec = l.value!.value as Uint8Array;
        if (recordModRevision(rec) <= rev) take(key, rec);
        else if (best) take(key, this.env.hist.getBinaryFast(best));
        l = latest.next();
        lKey = l.done ? undefined : (l.value.key as string);
        if (lKey !== undefined && !lKey.startsWith(prefix)) lKey = undefined;
      } else if (best) {
        take(key, this.env.hist.getBinaryFast(best));
      }
    }
    return { revision: rev, kvs, more: remaining > 0, remaining };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    this.check();
    const rev = this.snapshotRevision();
    return { revision: rev, count: this.env.kv.getKeysCount({ start: prefix, end: prefixEnd(prefix) }) };
  }

  watch<V = unknown>(opts: WatchOptions, handler: WatchHandler<V>): Watch {
    let err: Error | undefined = this.fatal ?? (this.closed ? new StoreClosedError() : undefined);
    if (!err && opts.afterRevision < this.compacted) err = new CompactedError(opts.afterRevision, this.compacted);
    if (err) {
      const e = err;
      let cancelled = false;
      queueMicrotask(() => cancelled || handler.onError(e));
      return { cancel: () => { cancelled = true; } };
    }
    const snap = this.snapshotRevision();
    return this.hub.add(opts.prefix, opts.afterRevision, handler, this.replay(opts.prefix, opts.afterRevision, snap), snap);
  }

  /** Changes under `prefix` after `after` up to `snap`, rebuilt from log, kv and hist. */
  private replay(prefix: string, after: number, snap: number): RawEvent[] {
    const out: RawEvent[] = [];
    if (after >= snap) return out;
    for (const { key: lk, value } of this.env.log.getRange({ start: logKey(after + 1, 0), end: logKey(snap + 1, 0) })) {
      const key = Buffer.from(value).toString("utf8");
      if (!key.startsWith(prefix)) continue;
      const rev = readU64(lk, 0);
      const cur = this.exactVersion(key, rev);
      const rec = cur.record!;
      const prevRev = recordPrevRevision(rec);
      const prev = prevRev > 0 ? this.exactVersion(key, prevRev) : undefined;
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

  async compact(revision: number): Promise<void> {
    this.check();
    const current = this.snapshotRevision();
    if (revision > current) throw new FutureRevisionError(revision, current);
    if (revision <= this.compacted) return;
    this.compacted = revision;
    await this.writer.task(() => this.env.meta.put(META_COMPACTED, u64Bytes(revision)));
    const run = this.compacting.then(() => this.prune(revision));
    this.compacting = run.catch(() => {});
    await run;
  }

  private async prune(target: number): Promise<void> {
    while (!this.closed && !this.fatal) {
      const done = await this.writer.task(() => compactChunk(this.env, target, this.chunk));
      if (done) return;
    }
  }

  private sweepExpired(): void {
    if (this.closed || this.fatal) return;
    const end = u64Bytes(Date.now() + 1);
    for (const { key, value } of this.env.ttl.getRange({ end })) {
      const { key: k } = ttlKeyParts(key);
      if (this.expiring.has(k)) continue;
      this.expiring.add(k);
      this.writer
        .write({ kind: "expire", key: k, modRevision: readU64(value, 0) })
        .catch(() => {})
        .finally(() => this.expiring.delete(k));
    }
  }

  async stats(): Promise<StoreStats> {
    this.check();
    const revision = this.snapshotRevision();
    return { revision, compactedRevision: this.compacted, keys: this.env.kv.getKeysCount() };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ttlTimer);
    this.compactor.stop();
    await this.writer.idle();
    await this.compacting;
    this.hub.failAll(new StoreClosedError());
    await this.env.root.close();
    this.env.releaseLock();
  }
}

function metaNumber(env: LmdbEnv, key: string, dflt: number): number {
  const b = env.meta.getBinary(key);
  if (!b) return dflt;
  if (b.length !== 8) throw new StoreCorruptError(`meta ${key} is ${b.length} bytes, expected 8`);
  return readU64(b, 0);
}

export async function openLmdbStore(opts: LmdbStoreOptions): Promise<LmdbStore> {
  const env = openEnv(opts.path);
  try {
    const revision = metaNumber(env, META_REVISION, 1);
    const compacted = metaNumber(env, META_COMPACTED, 0);
    for (const lk of env.log.getKeys({ reverse: true, limit: 1 })) {
      const last = readU64(lk, 0);
      if (last > revision) throw new StoreCorruptError(`change log reaches revision ${last} beyond the store revision ${revision}`);
    }
    const s = env.meta.getBinary(META_STRUCTURES);
    const codec = new ValueCodec("records", s ? ValueCodec.structuresFromBytes(s) : undefined);
    return new LmdbStore(env, codec, revision, compacted, opts);
  } catch (err) {
    await env.root.close();
    env.releaseLock();
    if (err instanceof StorageError) throw err;
    throw new StoreCorruptError(`cannot read store at ${opts.path}: ${(err as Error).message}`);
  }
}
