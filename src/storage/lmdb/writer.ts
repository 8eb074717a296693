/**
 * Group commit on lmdb-js's asynchronous write batches.
 *
 * A request is applied at once, on the JS thread, against the latest state: writes not yet
 * committed (`pending`) over the committed LMDB snapshot. It takes the next revision, and
 * its puts and removes are handed to lmdb-js, which collects every write issued in one
 * event turn into one LMDB transaction, runs the B-tree work and the commit on its write
 * thread (while this thread encodes and applies the next requests), and resolves one
 * promise per transaction after the commit returned. The environment is opened without
 * overlappingSync or noSync, so that commit includes fsync: a batch is durable when its
 * promise resolves. Then, batch after batch in revision order, its events are published
 * to watchers and its requests acknowledged. A request that fails a precondition is
 * answered no earlier than the writes it observed are durable (the latest batch in flight).
 *
 * At most `maxBatch` requests are applied per event turn; the rest wait for the next turn
 * and so form the next transaction. Under sustained load this keeps two or more batches in
 * flight, so encoding and applying one overlaps the commit of the previous one.
 *
 * The store revision in meta is written once per transaction, from lmdb-js's
 * "beforecommit" event (run as the last step of each event turn's transaction).
 * Maintenance tasks (compaction, meta updates) run as lmdb-js transaction callbacks, in
 * order with the writes. All state is touched on the JS thread only.
 */
import { StorageError } from "../errors.ts";
import type { ValueCodec } from "../codec.ts";
import { applyWrite, type ApplyView } from "../shared/apply.ts";
import type { RawEvent, RawKv } from "../shared/raw-event.ts";
import type { WriteOutcome, WriteRequest } from "../shared/write-request.ts";
import {
  encodeRecord, FLAG_PUT, FLAG_TOMBSTONE, histKey, logKey, META_REVISION, META_STRUCTURES, rawKvFrom, ttlKey, u64Bytes,
  utf8Value,
} from "./layout.ts";
import type { LmdbEnv } from "./open-env.ts";

/** One LMDB transaction's worth of requests (those whose writes share its commit promise). */
interface Batch {
  promise: Promise<unknown> | undefined;
  events: RawEvent[];
  /** Parallel arrays: how to answer each request once the batch is durable. */
  resolves: ((v: unknown) => void)[];
  rejects: ((e: unknown) => void)[];
  results: unknown[];
  failed: boolean[];
  revision: number;
  settled: boolean;
  failure?: unknown;
}

interface Deferred {
  req: WriteRequest;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export interface WriterHooks {
  /** Called once per committed batch that changed something, before its promises resolve. */
  onCommit(revision: number, events: RawEvent[]): void;
  /** A commit failed: memory and disk may disagree, the store must stop. */
  onFatal(err: Error): void;
}

export interface WriterOptions {
  /** Requests applied per event turn (one LMDB transaction); default 128. */
  maxBatch?: number;
}

export class LmdbWriter {
  /** Latest uncommitted change per key: the put event's kv, or the delete event itself. */
  private readonly pending = new Map<string, RawEvent>();
  private readonly inflight: Batch[] = [];
  private deferred: Deferred[] = [];
  private turnCount = 0;
  private turnScheduled = false;
  private tasks = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly maxBatch: number;
  private stopped: Error | undefined;
  appliedRevision: number;
  /** The revision last queued into meta. */
  private metaRevision: number;
  /**
   * Counters for benchmarks and diagnostics: LMDB transactions, requests that wrote, and
   * the last acknowledged commit (revision, and performance.now() when this thread learnt
   * it was durable, just before its events were published).
   */
  readonly metrics = { batches: 0, jobs: 0, lastCommitRevision: 0, lastCommitAt: 0 };
  private readonly view: ApplyView = { lookup: (key) => this.lookup(key) };

  constructor(
    private readonly env: LmdbEnv,
    private readonly codec: ValueCodec,
    revision: number,
    private readonly hooks: WriterHooks,
    opts: WriterOptions = {},
  ) {
    this.appliedRevision = revision;
    this.metaRevision = revision;
    this.maxBatch = Math.max(1, opts.maxBatch ?? 128);
    env.root.on("beforecommit", () => this.beforeCommit());
  }

  /** Last write of each event turn's transaction: the revision its requests reached. */
  private beforeCommit(): void {
    if (this.metaRevision === this.appliedRevision || this.stopped) return;
    this.metaRevision = this.appliedRevision;
    this.env.meta.put(META_REVISION, u64Bytes(this.appliedRevision));
  }

  write(req: WriteRequest): Promise<WriteOutcome> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.deferred.length > 0 || this.turnCount >= this.maxBatch) {
      return new Promise((resolve, reject) => {
        this.deferred.push({ req, resolve: resolve as (v: unknown) => void, reject });
        this.scheduleTurn();
      });
    }
    return this.apply(req);
  }

  /** Runs `fn` inside a write transaction, in order with writes; resolves after its commit. */
  task<T>(fn: () => T): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    this.tasks++;
    const done = () => {
      this.tasks--;
      this.checkIdle();
    };
    const p = this.env.root.childTransaction(fn) as Promise<T>;
    p.then(done, done);
    return p;
  }

  get busy(): boolean {
    return this.inflight.length > 0 || this.deferred.length > 0 || this.tasks > 0;
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Rejects everything not yet applied and refuses later writes (store closing or failed). */
  failQueued(err: Error): void {
    this.stopped = err;
    const q = this.deferred;
    this.deferred = [];
    for (const d of q) d.reject(err);
    this.checkIdle();
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => this.nextTurn());
  }

  /** A new event turn: lmdb-js has closed the previous turn's batch; apply what waited. */
  private nextTurn(): void {
    this.turnScheduled = false;
    this.turnCount = 0;
    const q = this.deferred;
    let i = 0;
    for (; i < q.length && this.turnCount < this.maxBatch; i++) {
      const d = q[i]!;
      if (this.stopped) d.reject(this.stopped);
      else this.apply(d.req).then(d.resolve, d.reject);
    }
    this.deferred = q.slice(i);
    if (this.deferred.length > 0) this.scheduleTurn();
    else this.checkIdle();
  }

  private lookup(key: string): RawKv | undefined {
    const p = this.pending.get(key);
    if (p !== undefined) return p.type === "put" ? p.kv : undefined;
    const b = this.env.kv.getBinaryFast(key);
    return b ? rawKvFrom(key, b) : undefined;
  }

  /** The batch that will hold the next answer: the last one in flight, if not yet settled. */
  private tail(): Batch | undefined {
    const b = this.inflight[this.inflight.length - 1];
    return b && !b.settled ? b : undefined;
  }

  /** Answers a request that wrote nothing once everything it may have observed is durable. */
  private answerLater(value: unknown, failed: boolean): Promise<WriteOutcome> {
    const b = this.tail();
    if (!b) return failed ? Promise.reject(value) : Promise.resolve(value as WriteOutcome);
    return new Promise((resolve, reject) => {
      b.resolves.push(resolve as (v: unknown) => void);
      b.rejects.push(reject);
      b.results.push(value);
      b.failed.push(failed);
    });
  }

  /**
   * Applies one request now. Its turn ends with a setImmediate queued after lmdb-js's own
   * (which closes the turn's transaction), so deferred requests start the next transaction.
   */
  private apply(req: WriteRequest): Promise<WriteOutcome> {
    this.turnCount++;
    let applied;
    try {
      applied = applyWrite(req, this.view, this.appliedRevision, Date.now());
    } catch (err) {
      this.scheduleTurn();
      return this.answerLater(err, true);
    }
    const { outcome, events } = applied;
    if (events.length === 0) {
      this.scheduleTurn();
      return this.answerLater(outcome, false);
    }
    const rev = outcome.revision;
    this.appliedRevision = rev;
    let promise!: Promise<unknown>;
    try {
      // Structures first: a committed value never references an unsaved one.
      if (this.codec.takeDirty()) this.env.meta.put(META_STRUCTURES, Buffer.from(this.codec.structuresBytes()));
      for (let i = 0; i < events.length; i++) {
        const ev = events[i]!;
        promise = this.persist(ev, i);
        this.pending.set(ev.kv.key, ev);
      }
    } catch (err) {
      // Part of the request may be queued in the transaction already: stop the store.
      const fatal = new StorageError(`write could not be queued: ${(err as Error)?.message ?? err}`, "Internal");
      this.hooks.onFatal(fatal);
      return Promise.reject(fatal);
    }
    this.scheduleTurn();
    let b = this.tail();
    if (!b || b.promise !== promise) b = this.openBatch(promise);
    for (const ev of events) b.events.push(ev);
    b.revision = rev;
    this.metrics.jobs++;
    return new Promise((resolve, reject) => {
      b.resolves.push(resolve as (v: unknown) => void);
      b.rejects.push(reject);
      b.results.push(outcome);
      b.failed.push(false);
    });
  }

  private openBatch(promise: Promise<unknown>): Batch {
    const b: Batch = {
      promise, events: [], resolves: [], rejects: [], results: [], failed: [], revision: this.appliedRevision, settled: false,
    };
    this.inflight.push(b);
    this.metrics.batches++;
    promise.then(
      () => this.settle(b),
      (err) => {
        b.failure = err;
        this.settle(b);
      },
    );
    return b;
  }

  /**
   * Queues one change: the version it replaces moves from kv to hist, the new one goes to
   * kv (a delete leaves a tombstone in hist). Returns the transaction's commit promise.
   */
  private persist(ev: RawEvent, sub: number): Promise<unknown> {
    const { kv, hist, log, ttl } = this.env;
    const key = ev.kv.key;
    const prev = ev.prevKv;
    let prevRev = 0;
    if (prev) {
      prevRev = prev.modRevision;
      if (prev.expiresAt !== undefined) ttl.remove(ttlKey(prev.expiresAt, key));
      if (!prev.record) throw new StorageError(`no stored record for ${key} at revision ${prevRev}`, "Internal");
      hist.put(histKey(key, prevRev), prev.record);
    }
    if (ev.type === "put") {
      const rec = encodeRecord(FLAG_PUT, ev.kv, prevRev, true, this.codec.hasHeadroom(ev.kv.value));
      ev.kv.record = rec;
      kv.put(key, rec);
      if (ev.kv.expiresAt !== undefined) ttl.put(ttlKey(ev.kv.expiresAt, key), u64Bytes(ev.revision));
    } else {
      kv.remove(key);
      hist.put(histKey(key, ev.revision), encodeRecord(FLAG_TOMBSTONE, ev.kv, prevRev, false, false));
    }
    return log.put(logKey(ev.revision, sub), utf8Value(key)) as Promise<unknown>;
  }

  private settle(batch: Batch): void {
    batch.settled = true;
    // Every write of this batch is now readable from a renewed snapshot.
    this.env.root.resetReadTxn();
    while (this.inflight.length > 0 && this.inflight[0]!.settled) this.finish(this.inflight.shift()!);
    this.checkIdle();
  }

  private finish(b: Batch): void {
    for (const ev of b.events) if (this.pending.get(ev.kv.key) === ev) this.pending.delete(ev.kv.key);
    if (b.failure !== undefined) {
      const err = new StorageError(`LMDB commit failed: ${(b.failure as Error)?.message ?? b.failure}`, "CommitFailed");
      for (const reject of b.rejects) reject(err);
      this.hooks.onFatal(err);
      return;
    }
    if (b.events.length > 0) {
      this.metrics.lastCommitRevision = b.revision;
      this.metrics.lastCommitAt = performance.now();
      this.hooks.onCommit(b.revision, b.events);
    }
    const { resolves, rejects, results, failed } = b;
    for (let i = 0; i < resolves.length; i++) {
      if (failed[i]) rejects[i]!(results[i]);
      else resolves[i]!(results[i]);
    }
  }

  private checkIdle(): void {
    if (this.busy || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
