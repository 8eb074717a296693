/**
 * The watch cache of one resource (upstream's Cacher + watchCache): fed by a store watch
 * over the resource's key prefix, it holds the current objects (with their JSON encoded
 * once) and a ring of recent events, serves lists at "any" or "not older than" revisions
 * and every watch. Each event's bytes are encoded once per rendering and the same
 * Uint8Array is written to every watcher that wants it.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { groupVersion } from "../../api/resources.ts";
import { StoreClosedError } from "../../storage/errors.ts";
import type { Store, Watch, WatchEvent } from "../../storage/interface.ts";
import { logger } from "../../util/log.ts";
import { cacheObject, type CachedObject } from "./cached-object.ts";
import { CacheEvent } from "./event.ts";
import type { Predicate } from "./predicate.ts";
import { EventRing } from "./ring.ts";
import type { CacheWatcher } from "./watcher.ts";
import { lowerBound } from "../../util/sorted.ts";

const log = logger("watchcache");
const utf8 = new TextEncoder();

export interface WatchCacheOptions {
  /** Events kept for watches that resume from a revision (default 10,000). */
  capacity?: number;
  /** How often watchers that asked for bookmarks get one (default 20 s: client-node drops a watch silent for 30 s). */
  bookmarkIntervalMs?: number;
  /** Called with every event after it is applied (metrics, tests). */
  onEvent?: (ev: CacheEvent) => void;
  /** Converts stored objects to the form this cache serves (resources stored as another). */
  decode?: (stored: KubeObject) => KubeObject;
}

export class TooOldError extends Error {
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

export class WatchCache {
  private readonly objects = new Map<string, CachedObject>();
  private sortedKeys: string[] | null = [];
  private readonly ring: EventRing;
  private readonly all = new Set<CacheWatcher>();
  private readonly byNamespace = new Map<string, Set<CacheWatcher>>();
  private storeWatch: Watch | undefined;
  private revision = 0;
  /** Every event with a revision above this is in the ring. */
  private historyStart = 0;
  private waiters: { rv: number; resolve: () => void }[] = [];
  private bookmarkTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private readyResolve!: () => void;
  private readyPromise: Promise<void>;
  private isReady = false;
  private readonly kindJson: string;
  private readonly subscribers = new Set<(ev: CacheEvent | undefined) => void>();
  private readonly unreadyListeners = new Set<() => void>();

  constructor(
    readonly store: Store,
    readonly resource: ResourceInfo,
    /** Key prefix of the resource, ending in "/". */
    readonly prefix: string,
    private readonly opts: WatchCacheOptions = {},
  ) {
    this.ring = new EventRing(opts.capacity ?? 10_000);
    this.readyPromise = new Promise((r) => (this.readyResolve = r));
    this.kindJson = `"kind":${JSON.stringify(resource.kind)},"apiVersion":${JSON.stringify(groupVersion(resource))}`;
  }

  /**
   * Resolves when the cache mirrors the store: after the first list, and again after a
   * relist when the store watch broke (reads wait rather than see a stale cache).
   */
  get ready(): Promise<void> {
    return this.readyPromise;
  }

  /** The highest revision this cache is known to reflect. */
  get rv(): number {
    return this.revision;
  }

  /** Whether the cache mirrors the store now (filled, watch running, not stopped). */
  get isServing(): boolean {
    return this.isReady && !this.stopped;
  }

  get oldestRv(): number {
    return this.historyStart;
  }

  get size(): number {
    return this.objects.size;
  }

  get watcherCount(): number {
    return this.all.size + [...this.byNamespace.values()].reduce((n, s) => n + s.size, 0);
  }

  /** Lists the prefix and starts the store watch; resolves when the cache is usable. */
  async start(): Promise<void> {
    const list = await this.store.list<KubeObject>(this.prefix);
    this.objects.clear();
    this.sortedKeys = null;
    const decode = this.opts.decode;
    for (const kv of list.kvs) this.objects.set(kv.key, cacheObject(kv.key, decode ? decode(kv.value) : kv.value, kv.modRevision));
    this.revision = list.revision;
    this.historyStart = list.revision;
    this.ring.clear();
    this.storeWatch = this.store.watch<KubeObject>(
      // the cache keeps the previous objects itself
      { prefix: this.prefix, afterRevision: list.revision, prevKv: false },
      {
        onEvents: (evs) => this.apply(evs),
        onError: (err) => this.restart(err),
      },
    );
    const interval = this.opts.bookmarkIntervalMs ?? 20_000;
    if (!this.bookmarkTimer && interval > 0) {
      this.bookmarkTimer = setInterval(() => void this.progressAndBookmark(), interval);
      this.bookmarkTimer.unref?.();
    }
    this.isReady = true;
    this.readyResolve();
    for (const fn of this.subscribers) fn(undefined);
  }

  /**
   * In-process observers (the apiserver's own controllers): `fn` runs after every applied
   * event, and with undefined after each (re)list, when the contents may have changed
   * without events. Returns the unsubscribe function.
   */
  subscribe(fn: (ev: CacheEvent | undefined) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /**
   * `fn` runs when the cache stops mirroring the store (its watch broke; a relist follows,
   * announced to subscribers with undefined). Returns the unsubscribe function.
   */
  onUnready(fn: () => void): () => void {
    this.unreadyListeners.add(fn);
    return () => this.unreadyListeners.delete(fn);
  }

  /** Every object held now, in no particular order. */
  objectsNow(): IterableIterator<CachedObject> {
    return this.objects.values();
  }

  private restart(err: Error): void {
    if (this.stopped) return;
    if (err instanceof StoreClosedError) {
      // the store is gone for good: end watchers, serve nothing stale
      this.stop();
      return;
    }
    log.warn("store watch ended; relisting", { resource: this.resource.plural, err });
    this.storeWatch?.cancel();
    this.storeWatch = undefined;
    if (this.isReady) {
      this.isReady = false;
      this.readyPromise = new Promise((r) => (this.readyResolve = r));
    }
    for (const fn of this.unreadyListeners) fn();
    // Watchers may have missed events: end them so clients resume (or relist) themselves.
    for (const w of this.watchers()) w.close("error", this.errorBytes(500, "InternalError", `watch cache restarted: ${err.message}`));
    setTimeout(() => {
      if (!this.stopped) this.start().catch((e) => this.restart(e instanceof Error ? e : new Error(String(e))));
    }, 100);
  }

  private apply(evs: WatchEvent<KubeObject>[]): void {
    for (const e of evs) {
      const key = e.kv.key;
      const prev = this.objects.get(key);
      let ev: CacheEvent;
      if (e.type === "put") {
        const cur = cacheObject(key, this.opts.decode ? this.opts.decode(e.kv.value) : e.kv.value, e.revision);
        if (!prev) this.sortedKeys = null;
        this.objects.set(key, cur);
        ev = new CacheEvent(prev ? "MODIFIED" : "ADDED", e.revision, cur, prev);
      } else {
        const stored = e.kv.value as KubeObject | undefined;
        const last = stored ? cacheObject(key, this.opts.decode ? this.opts.decode(stored) : stored, e.revision) : cacheObject(key, { ...(prev?.obj ?? {}), metadata: { ...(prev?.obj.metadata ?? {}) } }, e.revision);
        if (prev) this.sortedKeys = null;
        this.objects.delete(key);
        ev = new CacheEvent("DELETED", e.revision, last, prev ?? last);
      }
      const evicted = this.ring.push(ev);
      if (evicted) this.historyStart = evicted.rv;
      this.revision = e.revision;
      this.dispatch(ev);
      this.opts.onEvent?.(ev);
      for (const fn of this.subscribers) fn(ev);
    }
    this.wake();
  }

  private dispatch(ev: CacheEvent): void {
    for (const w of this.all) w.deliver(ev);
    const ns = this.byNamespace.get(ev.namespace);
    if (ns) for (const w of ns) w.deliver(ev);
  }

  /** Raises the known revision: every store event up to `rv` has been applied. */
  markSynced(rv: number): void {
    if (this.storeWatch === undefined) return;
    if (rv > this.revision) {
      this.revision = rv;
      this.wake();
    }
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.revision >= w.rv) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  /** Resolves true once the cache reflects `rv`, false after `timeoutMs`. */
  waitFor(rv: number, timeoutMs: number): Promise<boolean> {
    if (this.revision >= rv) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== entry);
        resolve(false);
      }, timeoutMs);
      const entry = {
        rv,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(entry);
    });
  }

  get(key: string): CachedObject | undefined {
    return this.objects.get(key);
  }

  /** Current objects the predicate selects, in key order. */
  list(pred: Predicate): CachedObject[] {
    if (pred.name !== undefined && (pred.namespace !== "" || !this.resource.namespaced)) {
      const key = this.prefix + (this.resource.namespaced ? `${pred.namespace}/` : "") + pred.name;
      const o = this.objects.get(key);
      return o && pred.matches(o) ? [o] : [];
    }
    if (!this.sortedKeys) this.sortedKeys = [...this.objects.keys()].sort();
    const out: CachedObject[] = [];
    const keys = this.sortedKeys;
    const nsPrefix = pred.namespace !== "" && this.resource.namespaced ? `${this.prefix}${pred.namespace}/` : "";
    const all = pred.selectsAllInNamespace;
    // A namespace's keys are one run of the sorted keys: start at the first, stop after the last.
    for (let i = nsPrefix ? lowerBound(keys, nsPrefix) : 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (nsPrefix && !k.startsWith(nsPrefix)) break;
      const o = this.objects.get(k)!;
      if (all || pred.matches(o)) out.push(o);
    }
    return out;
  }

  /**
   * Registers a watcher that receives events after `fromRv`: first those still in the ring,
   * then live ones. `initial` objects (for watches from "now") are sent as ADDED first.
   * Throws TooOldError when `fromRv` is older than the ring's history.
   */
  watch(w: CacheWatcher, fromRv: number, initial?: Uint8Array): void {
    if (fromRv < this.historyStart) throw new TooOldError(fromRv, this.historyStart);
    if (initial) w.send(initial);
    for (const ev of this.ring.since(fromRv)) w.deliver(ev);
    if (w.closed) return;
    const ns = w.predicate.namespace;
    if (ns === "" || !this.resource.namespaced) this.all.add(w);
    else {
      let set = this.byNamespace.get(ns);
      if (!set) this.byNamespace.set(ns, (set = new Set()));
      set.add(w);
    }
    // the cache itself, not a closure per watcher: idle watchers are most of the memory they hold
    w.registry = this;
  }

  /** A watcher closed: it gets no more events. */
  unregister(w: CacheWatcher): void {
    if (this.all.delete(w)) return;
    const set = this.byNamespace.get(w.predicate.namespace);
    if (set) {
      set.delete(w);
      if (set.size === 0) this.byNamespace.delete(w.predicate.namespace);
    }
  }

  /** A snapshot of every watcher (safe against watchers closing during iteration). */
  private watchers(): CacheWatcher[] {
    const out = [...this.all];
    for (const set of this.byNamespace.values()) for (const w of set) out.push(w);
    return out;
  }

  /** `{"type":"BOOKMARK","object":{kind,apiVersion,metadata:{resourceVersion}}}` at `rv`. */
  bookmarkBytes(rv: number, annotations?: Record<string, string>): Uint8Array {
    const meta: Record<string, unknown> = { resourceVersion: String(rv) };
    if (annotations) meta.annotations = annotations;
    return utf8.encode(`{"type":"BOOKMARK","object":{${this.kindJson},"metadata":${JSON.stringify(meta)}}}\n`);
  }

  errorBytes(code: number, reason: string, message: string): Uint8Array {
    const status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
    return utf8.encode(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
  }

  /**
   * Brings the cache's revision up to the store's (writes to other resources move it too;
   * embedded stores only), then bookmarks every watcher that asked for bookmarks. Sent even without progress: a
   * quiet watch still sees bytes (client-node drops a watch silent for 30 s).
   */
  async progressAndBookmark(): Promise<void> {
    if (this.stopped || this.storeWatch === undefined) return;
    if (!this.hasBookmarkWatchers()) return;
    // Over a store whose events may trail its reads (etcd), its current revision is no
    // proof of progress: bookmark only what the cache has received.
    if (!this.store.eventsBeforeAck) {
      this.sendBookmarks();
      return;
    }
    try {
      const target = await this.store.currentRevision();
      await new Promise<void>((r) => setImmediate(r));
      this.markSynced(target);
    } catch {
      // the store is closing; bookmark what we have
    }
    this.sendBookmarks();
  }

  private hasBookmarkWatchers(): boolean {
    for (const w of this.watchers()) if (w.opts.bookmarks) return true;
    return false;
  }

  /** Sends a bookmark at the cache's revision to every watcher that asked for bookmarks. */
  sendBookmarks(): void {
    const rv = this.revision;
    let bytes: Uint8Array | undefined;
    for (const w of this.watchers()) {
      if (!w.opts.bookmarks || w.closed || w.sentRv > rv) continue;
      bytes ??= this.bookmarkBytes(rv);
      w.sentRv = rv;
      w.send(bytes);
    }
  }

  stop(): void {
    this.stopped = true;
    this.storeWatch?.cancel();
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer);
    for (const fn of this.unreadyListeners) fn();
    for (const w of this.watchers()) w.close("done");
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }
}
