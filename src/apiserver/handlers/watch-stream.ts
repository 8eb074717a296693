/**
 * One watch response's state (serveWatch in watch.ts builds it): the direct ReadableStream's
 * source, the cache watcher's sink, the request's abort listener and the timeout, in one
 * object with no closures of its own, since idle watches are most of a busy apiserver's
 * connections.
 */
import { type CachedObject, concatBytes } from "../watchcache/cached-object.ts";
import type { EventEncoder } from "../watchcache/event.ts";
import type { Predicate } from "../watchcache/predicate.ts";
import { TooOldError, type WatchCache } from "../watchcache/watch-cache.ts";
import { CacheWatcher, type WatcherOptions, type WatchSink } from "../watchcache/watcher.ts";
import { Deadlines, type Timed } from "../../util/deadlines.ts";

/** Open watches, for the long-running requests gauge. */
export interface WatchStats {
  active: number;
}

const NEWLINE = new TextEncoder().encode("\n");

export interface WatchStreamSetup {
  pred: Predicate;
  encoder: EventEncoder;
  opts: WatcherOptions;
  /** A start read from the store (over a store whose events may trail its reads). */
  consistent: { items: CachedObject[]; resourceVersion: number } | undefined;
  /** Whether the current objects go first, as ADDED. */
  initialEvents: boolean;
  /** Whether they end with the k8s.io/initial-events-end bookmark. */
  initialEndBookmark: boolean;
  /** The revision asked for (undefined: from now). */
  fromRv: number | undefined;
  timeoutMs: number;
  /** Aborted when the client goes away (undefined: `cancel` is called instead). */
  signal: AbortSignal | undefined;
  stats: WatchStats;
}

/** Open watches' timeouts, on one timer (a timer per watch held ~260 bytes of native memory). */
const timeouts = new Deadlines<WatchStream>();

/** The watcher's close hook: the stream's bookkeeping (the watcher's sink is its stream). */
function watcherClosed(w: CacheWatcher): void {
  (w.sink as WatchStream).closed();
}

export class WatchStream implements WatchSink, Timed {
  readonly type = "direct";
  private controller: { write(b: Uint8Array): number | Promise<number>; close(): void } | undefined;
  private watcher: CacheWatcher | undefined;
  private open = false;
  deadlineIndex = -1;
  deadlineAt = 0;
  /** Settles the promise `pull` returned, when it was asked for one. */
  private resolveDone: (() => void) | undefined;

  constructor(
    private readonly cache: WatchCache,
    private readonly setup: WatchStreamSetup,
  ) {}

  /** ReadableStream source: starts the watch; the returned promise settles when it ends. */
  pull(controller: { write(b: Uint8Array): number | Promise<number>; close(): void }): Promise<void> {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.resolveDone = resolve;
    this.start(controller);
    return promise;
  }

  /** Starts the watch, writing to `controller` until it ends (`close`) or is cancelled. */
  start(controller: { write(b: Uint8Array): number | Promise<number>; close(): void }): void {
    this.controller = controller;
    this.open = true;
    const { consistent, stats, signal } = this.setup;
    const cache = this.cache;
    const startRv = consistent ? consistent.resourceVersion : this.setup.initialEvents || this.setup.fromRv === undefined ? cache.rv : this.setup.fromRv;
    const watcher = new CacheWatcher(this.setup.pred, this.setup.encoder, this, this.setup.opts, startRv);
    this.watcher = watcher;
    stats.active++;
    watcher.onClose = watcherClosed;
    let initial: Uint8Array | undefined;
    if (this.setup.initialEvents) {
      const parts: Uint8Array[] = [];
      for (const o of consistent ? consistent.items : cache.list(this.setup.pred)) parts.push(watcher.encoder.encode("ADDED", o));
      if (this.setup.initialEndBookmark) parts.push(cache.bookmarkBytes(startRv, { "k8s.io/initial-events-end": "true" }));
      if (parts.length > 0) initial = concatBytes(parts);
      this.setup.consistent = undefined;
    }
    try {
      cache.watch(watcher, startRv, initial);
    } catch (e) {
      if (e instanceof TooOldError) watcher.close("error", cache.errorBytes(410, "Expired", e.message));
      else watcher.close("error", cache.errorBytes(500, "InternalError", (e as Error).message));
      return;
    }
    if (watcher.closed) return;
    // Bun sends the response head with the first chunk: a newline (skipped by every
    // JSON stream decoder) commits it when there is nothing to send yet.
    if (!initial) watcher.send(NEWLINE);
    if (signal?.aborted) {
      watcher.close("client");
      return;
    }
    signal?.addEventListener("abort", this, { once: true });
    timeouts.add(this, this.setup.timeoutMs);
  }

  /** ReadableStream source: the client went away. */
  cancel(): void {
    this.watcher?.close("client");
    this.resolveDone?.();
  }

  /** The request's abort signal (an EventListener object: no closure per watch). */
  handleEvent(): void {
    this.watcher?.close("client");
  }

  /** timeoutSeconds passed: the watch ends (with a last bookmark when asked for). */
  expired(): void {
    const watcher = this.watcher!;
    const cache = this.cache;
    if (watcher.opts.bookmarks && cache.rv > watcher.sentRv) {
      watcher.sentRv = cache.rv;
      watcher.send(cache.bookmarkBytes(cache.rv));
    }
    watcher.close("timeout");
  }

  /** Called once the watcher closed: counters, timer and listener released. */
  closed(): void {
    this.setup.stats.active--;
    timeouts.remove(this);
    this.setup.signal?.removeEventListener("abort", this);
  }

  write(b: Uint8Array): number | Promise<number> {
    return this.open ? this.controller!.write(b) : 0;
  }

  close(reason?: Uint8Array): void {
    if (!this.open) return;
    if (reason) this.controller!.write(reason);
    this.open = false;
    this.controller!.close();
    this.resolveDone?.();
  }
}
