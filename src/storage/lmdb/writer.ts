/**
 * Group commit. Requests queue in memory; one LMDB async transaction at a time is
 * queued, and when LMDB runs its callback (inside the write transaction, on this
 * thread) the callback drains everything queued so far, applies each request in order
 * with the next revision, and writes kv, hist, log, ttl and meta. When the transaction
 * commits (durably: the environment is opened without overlappingSync or noSync, so a
 * commit returns only after fsync) the batch's events are published to watchers and
 * then its promises resolve, batch after batch in revision order.
 *
 * Lock order: none; all state is touched on the JS thread only.
 */
import { StorageError } from "../errors.ts";
import type { ValueCodec } from "../codec.ts";
import { applyWrite } from "../shared/apply.ts";
import type { RawEvent, RawKv } from "../shared/raw-event.ts";
import type { WriteOutcome, WriteRequest } from "../shared/write-request.ts";
import {
  encodeRecord, FLAG_PUT, FLAG_TOMBSTONE, histKey, logKey, META_REVISION, META_STRUCTURES, rawKvFrom, ttlKey, u64Bytes,
} from "./layout.ts";
import type { LmdbEnv } from "./open-env.ts";

interface Job {
  req?: WriteRequest;
  /** Maintenance work run inside the write transaction (compaction, meta updates). */
  task?: () => unknown;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  outcome?: unknown;
  error?: unknown;
}

interface Batch {
  jobs: Job[];
  events: RawEvent[];
  revision: number;
  settled: boolean;
  failure?: unknown;
  /** The batch's callback threw and its transaction was aborted. */
  aborted?: unknown;
}

export interface WriterHooks {
  /** Called once per committed batch that changed something, before its promises resolve. */
  onCommit(revision: number, events: RawEvent[]): void;
  /** A commit failed: memory and disk may disagree, the store must stop. */
  onFatal(err: Error): void;
}

export class LmdbWriter {
  private queue: Job[] = [];
  private txnQueued = false;
  private readonly inflight: Batch[] = [];
  private idleWaiters: (() => void)[] = [];
  appliedRevision: number;
  /** Counters for benchmarks and diagnostics. */
  readonly metrics = { batches: 0, jobs: 0, applyMs: 0 };

  constructor(
    private readonly env: LmdbEnv,
    private readonly codec: ValueCodec,
    revision: number,
    private readonly hooks: WriterHooks,
  ) {
    this.appliedRevision = revision;
  }

  write(req: WriteRequest): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve: resolve as (v: unknown) => void, reject });
      this.kick();
    });
  }

  /** Runs `fn` inside a write transaction, serialised with writes; resolves after commit. */
  task<T>(fn: () => T): Promise<T> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task: fn, resolve: resolve as (v: unknown) => void, reject });
      this.kick();
    });
  }

  get busy(): boolean {
    return this.queue.length > 0 || this.inflight.length > 0;
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private kick(): void {
    if (this.txnQueued || this.queue.length === 0) return;
    this.txnQueued = true;
    const batch: Batch = { jobs: [], events: [], revision: this.appliedRevision, settled: false };
    this.inflight.push(batch);
    this.env.root
      .childTransaction(() => {
        this.txnQueued = false;
        batch.jobs = this.queue;
        this.queue = [];
        try {
          this.apply(batch);
        } catch (err) {
          // The child transaction aborts: nothing of this batch is written.
          batch.aborted = err;
          batch.events = [];
          this.codec.markDirty();
          throw err;
        }
      })
      .then(
        () => this.settle(batch),
        (err) => {
          batch.failure = err;
          this.settle(batch);
        },
      );
  }

  private lookup = (key: string): RawKv | undefined => {
    const b = this.env.kv.getBinaryFast(key);
    return b ? rawKvFrom(key, b) : undefined;
  };

  private apply(batch: Batch): void {
    const t0 = performance.now();
    this.metrics.batches++;
    this.metrics.jobs += batch.jobs.length;
    const { meta } = this.env;
    let rev = this.appliedRevision;
    const now = Date.now();
    const view = { lookup: this.lookup };
    if (this.codec.takeDirty()) meta.put(META_STRUCTURES, Buffer.from(this.codec.structuresBytes()));
    for (const job of batch.jobs) {
      if (job.task) {
        try {
          job.outcome = job.task();
        } catch (err) {
          job.error = err;
        }
        continue;
      }
      let applied;
      try {
        applied = applyWrite(job.req!, view, rev, now);
      } catch (err) {
        job.error = err;
        continue;
      }
      job.outcome = applied.outcome;
      if (applied.events.length === 0) continue;
      rev = applied.outcome.revision;
      let sub = 0;
      for (const ev of applied.events) this.persist(ev, sub++);
      batch.events.push(...applied.events);
    }
    if (rev !== this.appliedRevision) meta.put(META_REVISION, u64Bytes(rev));
    this.appliedRevision = rev;
    batch.revision = rev;
    this.metrics.applyMs += performance.now() - t0;
  }

  private persist(ev: RawEvent, sub: number): void {
    const { kv, hist, log, ttl } = this.env;
    const key = ev.kv.key;
    const prev = ev.prevKv;
    if (prev?.expiresAt !== undefined) ttl.remove(ttlKey(prev.expiresAt, key));
    const prevRev = prev ? prev.modRevision : 0;
    if (ev.type === "put") {
      const rec = encodeRecord(FLAG_PUT, ev.kv, prevRev, true);
      kv.put(key, rec);
      hist.put(histKey(key, ev.revision), rec);
      if (ev.kv.expiresAt !== undefined) ttl.put(ttlKey(ev.kv.expiresAt, key), u64Bytes(ev.revision));
    } else {
      kv.remove(key);
      hist.put(histKey(key, ev.revision), encodeRecord(FLAG_TOMBSTONE, ev.kv, prevRev, false));
    }
    log.put(logKey(ev.revision, sub), Buffer.from(key, "utf8"));
  }

  private settle(batch: Batch): void {
    batch.settled = true;
    while (this.inflight.length > 0 && this.inflight[0]!.settled) {
      const b = this.inflight.shift()!;
      this.finish(b);
    }
    if (!this.busy) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private finish(b: Batch): void {
    if (b.aborted !== undefined) {
      const err = new StorageError(`write batch aborted: ${(b.aborted as Error)?.message ?? b.aborted}`, "Internal");
      for (const job of b.jobs) job.reject(err);
      return;
    }
    if (b.failure !== undefined) {
      const err = new StorageError(`LMDB commit failed: ${(b.failure as Error)?.message ?? b.failure}`, "CommitFailed");
      for (const job of b.jobs) job.reject(err);
      this.hooks.onFatal(err);
      return;
    }
    if (b.events.length > 0) this.hooks.onCommit(b.revision, b.events);
    for (const job of b.jobs) {
      if (job.error !== undefined) job.reject(job.error);
      else job.resolve(job.outcome);
    }
  }

  /** Rejects everything still queued (store closing or failed). */
  failQueued(err: Error): void {
    const q = this.queue;
    this.queue = [];
    for (const job of q) job.reject(err);
  }
}
