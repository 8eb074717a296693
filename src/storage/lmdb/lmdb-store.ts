/**
 * The embedded MVCC store on LMDB (layout.ts describes the bytes, writer.ts the group
 * commit, reader.ts the reads from one snapshot, compaction.ts the history pruning).
 * Reads are synchronous LMDB lookups in one read snapshot whose revision is read from the
 * same snapshot, so a list's revision is exactly the state it returns.
 */
import { CompactedError, FutureRevisionError, StorageError, StoreClosedError, StoreCorruptError } from "../errors.ts";
import type {
  GetResult, KeyValue, ListOptions, ListResult, StoreStats, Watch, WatchHandler, WatchOptions,
} from "../interface.ts";
import { ValueCodec } from "../codec.ts";
import { Compactor, DEFAULT_COMPACT_INTERVAL_MS } from "../shared/compactor.ts";
import { EmbeddedStore } from "../shared/embedded-store.ts";
import { readRevision } from "../shared/revisions.ts";
import { WatchHub } from "../shared/watch-hub.ts";
import type { WriteOutcome, WriteRequest } from "../shared/write-request.ts";
import { compactChunk, compactionPending } from "./compaction.ts";
import { MAX_KEY_BYTES, META_COMPACTED, META_REVISION, META_STRUCTURES, readU64, ttlKeyParts, u64Bytes } from "./layout.ts";
import { openEnv, type LmdbEnv } from "./open-env.ts";
import { LmdbReader, type Snapshot } from "./reader.ts";
import { deepFreeze } from "../../util/deep-freeze.ts";
import { type SharedEntry, SharedValues } from "./shared-values.ts";
import { clonePlain } from "../shared/clone.ts";
import { ShapeCopiers } from "../shared/shape-clone.ts";
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
  /** Versions kept for getShared (default 10,000; 0 decodes on every call). */
  sharedValues?: number;
}

export class LmdbStore extends EmbeddedStore {
  readonly kind = "lmdb";
  protected readonly hub: WatchHub;
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
  private readonly reader: LmdbReader;
  private readonly shared: SharedValues;
  private readonly sharedCapacity: number;
  private readonly copiers = new ShapeCopiers();

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
    this.reader = new LmdbReader(env, codec);
    this.sharedCapacity = opts.sharedValues ?? 10_000;
    this.shared = new SharedValues(this.sharedCapacity);
    this.writer = new LmdbWriter(env, codec, revision, {
      onCommit: (rev, events) => {
        this.committedRev = rev;
        this.reader.release();
        if (this.shared.size > 0) for (const ev of events) this.shared.drop(ev.kv.key);
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

  /** Group-commit counters: transactions, requests that wrote, the last acknowledged commit (see LmdbWriter.metrics). */
  writerMetrics(): { batches: number; jobs: number; lastCommitRevision: number; lastCommitAt: number } {
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
    this.shared.clear();
  }

  /** Not async: the caller awaits the writer's promise directly (one promise per write). */
  protected submit(req: WriteRequest): Promise<WriteOutcome> {
    this.check();
    if ("key" in req && req.key.length * 3 > MAX_KEY_BYTES && Buffer.byteLength(req.key) > MAX_KEY_BYTES) {
      throw new StorageError(`key is longer than ${MAX_KEY_BYTES} bytes`, "InvalidKey");
    }
    return this.writer.write(req);
  }

  private snapshot(): Snapshot {
    return this.reader.snapshot(this.committedRev);
  }

  async currentRevision(): Promise<number> {
    this.check();
    return this.snapshot().revision;
  }

  async get<V = unknown>(key: string, opts?: { revision?: number }): Promise<GetResult<V>> {
    this.check();
    const s = this.snapshot();
    const rev = readRevision(opts?.revision, s.revision, this.compacted);
    if (rev !== s.revision) return { revision: rev, kv: this.reader.getAt<V>(s, key, rev) };
    if (this.sharedCapacity <= 0) return { revision: rev, kv: this.reader.getLatest<V>(s, key) };
    // A version read again is kept decoded and later reads copy it (a compiled copier once
    // its shape is known) instead of decoding; the first read keeps its own decode. Either
    // way the caller gets a private, mutable value. The kept version stays unfrozen unless
    // getShared handed it out (frozen objects read about half as fast in JSC).
    let entry = this.shared.get(key);
    if (entry === undefined) {
      const got = this.reader.getLatest<V>(s, key);
      if (got === undefined) return { revision: rev, kv: undefined };
      if (!this.shared.readAgain(key, got.modRevision)) return { revision: rev, kv: got };
      entry = this.shared.add(got);
    }
    const kv = entry.kv;
    const out: KeyValue<V> = { key: kv.key, value: this.copyValue(entry) as V, createRevision: kv.createRevision, modRevision: kv.modRevision };
    if (kv.expiresAt !== undefined) out.expiresAt = kv.expiresAt;
    return { revision: rev, kv: out };
  }

  /** A private deep copy of a shared value. */
  private copyValue(entry: SharedEntry): unknown {
    const v = entry.kv.value;
    if (typeof v !== "object" || v === null) return v;
    const known = entry.copier;
    if (typeof known === "function") return known(v);
    // The shape's copier is looked up on the first two copies (compiled the second time a
    // shape is seen); a shape with none by then (too big, not plain data) keeps the plain clone.
    if (known === 0) {
      if (++entry.copies > 2) entry.copier = null;
      else {
        const copier = this.copiers.for(v);
        if (copier) {
          entry.copier = copier;
          return copier(v);
        }
      }
    }
    return clonePlain(v);
  }

  /**
   * `key` at the latest revision as a deeply frozen KeyValue shared with every other caller
   * of this method: decoded once per version, where `get` decodes a private copy each time.
   * For callers that only read the value (serialize, compare). LMDB only, not part of the
   * Store interface.
   */
  async getShared<V = unknown>(key: string): Promise<GetResult<V>> {
    this.check();
    const s = this.snapshot();
    let kv = this.shared.get(key)?.kv;
    if (kv === undefined) {
      const got = this.reader.getLatest<unknown>(s, key);
      if (got === undefined) return { revision: s.revision, kv: undefined };
      kv = this.shared.add(got).kv;
    }
    deepFreeze(kv);
    return { revision: s.revision, kv: kv as KeyValue<V> };
  }

  async list<V = unknown>(prefix: string, opts: ListOptions = {}): Promise<ListResult<V>> {
    this.check();
    const s = this.snapshot();
    const rev = readRevision(opts.revision, s.revision, this.compacted);
    const start = opts.startKey !== undefined && opts.startKey > prefix ? opts.startKey : prefix;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    return rev === s.revision ? this.reader.listLatest<V>(s, prefix, start, limit) : this.reader.listAt<V>(s, prefix, start, limit, rev);
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    this.check();
    const s = this.snapshot();
    return { revision: s.revision, count: this.reader.count(s, prefix) };
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
    const s = this.snapshot();
    return this.hub.add(opts.prefix, opts.afterRevision, handler, this.reader.replay(s, opts.prefix, opts.afterRevision), s.revision, opts.prevKv !== false);
  }

  async compact(revision: number): Promise<void> {
    this.check();
    const current = this.snapshot().revision;
    if (revision > current) throw new FutureRevisionError(revision, current);
    if (revision <= this.compacted) return;
    this.compacted = revision;
    await this.writer.task(() => this.env.meta.put(META_COMPACTED, u64Bytes(revision)));
    this.reader.release();
    const run = this.compacting.then(() => this.prune(revision));
    this.compacting = run.catch(() => {});
    await run;
  }

  private async prune(target: number): Promise<void> {
    while (!this.closed && !this.fatal) {
      const done = await this.writer.task(() => compactChunk(this.env, target, this.chunk));
      this.reader.release();
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
    const s = this.snapshot();
    return { revision: s.revision, compactedRevision: this.compacted, keys: this.reader.keys(s) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ttlTimer);
    this.compactor.stop();
    await this.writer.idle();
    await this.compacting;
    this.hub.failAll(new StoreClosedError());
    this.reader.release();
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
