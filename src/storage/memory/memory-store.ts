/**
 * In-memory MVCC store: the full Store contract without persistence, for tests and for
 * `memory://`. Every key keeps its versions (a null kv is a deletion) back to the
 * compacted revision, and a revision-ordered change log serves watch replay.
 */
import { processCodec } from "../codec.ts";
import { CompactedError, FutureRevisionError, StoreClosedError } from "../errors.ts";
import type {
  GetResult, KeyValue, ListOptions, ListResult, StoreStats, Watch, WatchHandler, WatchOptions,
} from "../interface.ts";
import { applyWrite } from "../shared/apply.ts";
import { Compactor } from "../shared/compactor.ts";
import { EmbeddedStore } from "../shared/embedded-store.ts";
import { materializeKv, type RawEvent, type RawKv } from "../shared/raw-event.ts";
import { firstAfter, readRevision } from "../shared/revisions.ts";
import { WatchHub } from "../shared/watch-hub.ts";
import type { WriteOutcome, WriteRequest } from "../shared/write-request.ts";
import { lowerBound } from "../../util/sorted.ts";

export interface MemoryStoreOptions {
  /** How often TTL'd keys are checked for expiry (default 500 ms). */
  ttlCheckIntervalMs?: number;
  /** Periodic compaction interval (default 0: only explicit compact calls). */
  compactIntervalMs?: number;
}

interface Version {
  revision: number;
  kv: RawKv | null;
}

export class MemoryStore extends EmbeddedStore {
  readonly kind = "memory";
  protected readonly codec = processCodec;
  private rev = 1;
  private compacted = 0;
  private closed = false;
  private readonly latest = new Map<string, RawKv>();
  private readonly versions = new Map<string, Version[]>();
  private sortedKeys: string[] | null = [];
  private history: RawEvent[] = [];
  private readonly expiring = new Map<string, RawKv>();
  protected readonly hub = new WatchHub(processCodec);
  private readonly ttlTimer: ReturnType<typeof setInterval>;
  private readonly compactor: Compactor;

  constructor(opts: MemoryStoreOptions = {}) {
    super();
    this.ttlTimer = setInterval(() => this.expire(), opts.ttlCheckIntervalMs ?? 500);
    this.ttlTimer.unref?.();
    this.compactor = new Compactor(this, opts.compactIntervalMs ?? 0);
    this.compactor.start();
  }

  private check(): void {
    if (this.closed) throw new StoreClosedError();
  }

  protected async submit(req: WriteRequest): Promise<WriteOutcome> {
    this.check();
    const { outcome, events } = applyWrite(req, { lookup: (k) => this.latest.get(k) }, this.rev, Date.now());
    if (events.length === 0) return outcome;
    for (const ev of events) this.record(ev);
    this.rev = outcome.revision;
    this.hub.publish(events);
    return outcome;
  }

  private record(ev: RawEvent): void {
    const key = ev.kv.key;
    let list = this.versions.get(key);
    if (!list) {
      list = [];
      this.versions.set(key, list);
      this.sortedKeys = null;
    }
    if (ev.type === "put") {
      list.push({ revision: ev.revision, kv: ev.kv });
      this.latest.set(key, ev.kv);
      if (ev.kv.expiresAt !== undefined) this.expiring.set(key, ev.kv);
      else this.expiring.delete(key);
    } else {
      list.push({ revision: ev.revision, kv: null });
      this.latest.delete(key);
      this.expiring.delete(key);
    }
    this.history.push(ev);
  }

  private expire(): void {
    if (this.closed || this.expiring.size === 0) return;
    const now = Date.now();
    for (const kv of [...this.expiring.values()]) {
      if (kv.expiresAt! <= now) void this.submit({ kind: "expire", key: kv.key, modRevision: kv.modRevision }).catch(() => {});
    }
  }

  private at(key: string, rev: number): RawKv | undefined {
    if (rev === this.rev) return this.latest.get(key);
    const list = this.versions.get(key);
    if (!list) return undefined;
    const i = firstAfter(list, rev) - 1;
    return i >= 0 ? list[i]!.kv ?? undefined : undefined;
  }

  private keysSorted(): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.versions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.sortedKeys;
  }

  async currentRevision(): Promise<number> {
    this.check();
    return this.rev;
  }

  async get<V = unknown>(key: string, opts?: { revision?: number }): Promise<GetResult<V>> {
    this.check();
    const rev = readRevision(opts?.revision, this.rev, this.compacted);
    const raw = this.at(key, rev);
    return { revision: rev, kv: raw ? materializeKv<V>(raw, this.codec) : undefined };
  }

  async list<V = unknown>(prefix: string, opts: ListOptions = {}): Promise<ListResult<V>> {
    this.check();
    const rev = readRevision(opts.revision, this.rev, this.compacted);
    const keys = this.keysSorted();
    const start = opts.startKey !== undefined && opts.startKey > prefix ? opts.startKey : prefix;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const kvs: KeyValue<V>[] = [];
    let remaining = 0;
    for (let i = lowerBound(keys, start); i < keys.length && keys[i]!.startsWith(prefix); i++) {
      const raw = this.at(keys[i]!, rev);
      if (!raw) continue;
      if (kvs.length < limit) kvs.push(materializeKv<V>(raw, this.codec));
      else remaining++;
    }
    return { revision: rev, kvs, more: remaining > 0, remaining };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    this.check();
    let count = 0;
    for (const key of this.latest.keys()) if (key.startsWith(prefix)) count++;
    return { revision: this.rev, count };
  }

  watch<V = unknown>(opts: WatchOptions, handler: WatchHandler<V>): Watch {
    if (this.closed || opts.afterRevision < this.compacted) {
      const err = this.closed ? new StoreClosedError() : new CompactedError(opts.afterRevision, this.compacted);
      let cancelled = false;
      queueMicrotask(() => cancelled || handler.onError(err));
      return { cancel: () => { cancelled = true; } };
    }
    const replay: RawEvent[] = [];
    for (let i = firstAfter(this.history, opts.afterRevision); i < this.history.length; i++) {
      const ev = this.history[i]!;
      if (ev.kv.key.startsWith(opts.prefix)) replay.push(ev);
    }
    return this.hub.add(opts.prefix, opts.afterRevision, handler, replay, Math.max(opts.afterRevision, this.rev), opts.prevKv !== false);
  }

  async compact(revision: number): Promise<void> {
    this.check();
    if (revision > this.rev) throw new FutureRevisionError(revision, this.rev);
    if (revision <= this.compacted) return;
    for (const [key, list] of this.versions) {
      const keep = firstAfter(list, revision) - 1;
      let drop = keep;
      if (keep >= 0 && list[keep]!.kv === null) drop = keep + 1;
      if (drop > 0) list.splice(0, drop);
      if (list.length === 0) {
        this.versions.delete(key);
        this.sortedKeys = null;
      }
    }
    this.history = this.history.slice(firstAfter(this.history, revision));
    this.compacted = revision;
  }

  async stats(): Promise<StoreStats> {
    this.check();
    return { revision: this.rev, compactedRevision: this.compacted, keys: this.latest.size };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ttlTimer);
    this.compactor.stop();
    this.hub.failAll(new StoreClosedError());
  }
}

export async function openMemoryStore(opts: MemoryStoreOptions = {}): Promise<MemoryStore> {
  return new MemoryStore(opts);
}
