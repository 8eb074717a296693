/**
 * WATCH: a chunked stream of `{"type","object"}` lines fed by the resource's watch cache.
 * rv unset or "0": the current objects as ADDED, then changes; rv N: changes after N;
 * sendInitialEvents=true: the current objects, then a BOOKMARK annotated
 * k8s.io/initial-events-end, then changes. A version older than the cache's history gets
 * an ERROR event with 410 Expired. The stream ends after timeoutSeconds (default: a random
 * 30 to 60 minutes, as upstream's min-request-timeout).
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { JSON_TYPE } from "../http/respond.ts";
import { errors } from "../http/status.ts";
import type { ListParams } from "../http/query.ts";
import { parseResourceVersion } from "../http/query.ts";
import { listObjects, syncCache } from "../registry/reads.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import { eventEncoder, type RenderOptions } from "../render/render.ts";
import type { EventEncoder } from "../watchcache/event.ts";
import { CacheWatcher, type WatcherOptions, type WatchSink } from "../watchcache/watcher.ts";
import type { Predicate } from "../watchcache/predicate.ts";
import { TooOldError, type WatchCache } from "../watchcache/watch-cache.ts";
import { type CachedObject, concatBytes } from "../watchcache/cached-object.ts";

export interface WatchLimits {
  /** Backlog behind a stalled client before it is cut off. */
  maxBacklogBytes: number;
  /** Default timeout range in seconds when the client sets none. */
  minTimeoutSeconds: number;
}

export const DEFAULT_WATCH_LIMITS: WatchLimits = { maxBacklogBytes: 16 * 1024 * 1024, minTimeoutSeconds: 1800 };

const utf8 = new TextEncoder();
const NEWLINE = utf8.encode("\n");

export interface WatchStats {
  active: number;
}

export function checkWatchParams(params: ListParams): void {
  if (params.sendInitialEvents !== undefined) {
    if (params.sendInitialEvents && params.resourceVersionMatch !== "NotOlderThan") {
      throw errors.invalid("", "ListOptions", "", `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan`, [
        { reason: "FieldValueForbidden", message: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan", field: "resourceVersionMatch" },
      ]);
    }
    if (params.sendInitialEvents && !params.allowWatchBookmarks) {
      throw errors.invalid("", "ListOptions", "", `ListOptions.meta.k8s.io "" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires allowWatchBookmarks=true`, [
        { reason: "FieldValueForbidden", message: "Forbidden: sendInitialEvents requires allowWatchBookmarks=true", field: "allowWatchBookmarks" },
      ]);
    }
  } else if (params.resourceVersionMatch !== "") {
    throw errors.badRequest("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
  }
}

export async function serveWatch(
  reg: ResourceRegistry,
  ri: ResourceInfo,
  pred: Predicate,
  params: ListParams,
  render: RenderOptions,
  signal: AbortSignal,
  limits: WatchLimits,
  stats: WatchStats,
): Promise<Response> {
  checkWatchParams(params);
  const cache = reg.cache;
  await cache.ready;
  const rvParam = params.resourceVersion;
  const requested = parseResourceVersion(rvParam);
  const fromNow = requested === undefined || requested === 0;
  const initialEvents = params.sendInitialEvents ?? fromNow;
  // Unset rv (and sendInitialEvents with unset rv) is a consistent start: from the synced
  // cache, or, over a store whose events may trail its reads (etcd), from a store read at
  // revision R, the watch then taking the cache's events after R.
  let consistent: { items: CachedObject[]; resourceVersion: number } | undefined;
  if (rvParam === "" && !(await syncCache(cache))) {
    consistent = initialEvents ? await listObjects(reg, pred, { ...params, resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" }) : { items: [], resourceVersion: await cache.store.currentRevision() };
  }
  if (initialEvents && requested !== undefined && requested > cache.rv) await cache.waitFor(requested, 3000);
  const stream = new WatchStream(cache, {
    pred,
    encoder: eventEncoder(ri, render),
    opts: { bookmarks: params.allowWatchBookmarks, maxBacklogBytes: limits.maxBacklogBytes },
    consistent,
    initialEvents,
    initialEndBookmark: params.sendInitialEvents === true,
    fromRv: fromNow ? undefined : requested!,
    timeoutMs: (params.timeoutSeconds ?? limits.minTimeoutSeconds * (1 + Math.random())) * 1000,
    signal,
    stats,
  });
  return new Response(new ReadableStream(stream as unknown as ConstructorParameters<typeof ReadableStream>[0]), { status: 200, headers: { "content-type": JSON_TYPE, "cache-control": "no-cache, private" } });
}

interface WatchStreamSetup {
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
  signal: AbortSignal;
  stats: WatchStats;
}

/** Ends a watch whose timeoutSeconds passed (with a last bookmark when asked for). */
function timedOut(s: WatchStream): void {
  s.timeout();
}

/** The watcher's close hook: the stream's bookkeeping (the watcher's sink is its stream). */
function watcherClosed(w: CacheWatcher): void {
  (w.sink as WatchStream).closed();
}

/**
 * One watch response: the direct ReadableStream's source, the watcher's sink, the abort
 * listener and the timeout in one object. Idle watches are most of a busy apiserver's
 * connections, so this keeps their state to one object and no closures of their own.
 */
class WatchStream implements WatchSink {
  readonly type = "direct";
  private controller: { write(b: Uint8Array): number | Promise<number>; close(): void } | undefined;
  private watcher: CacheWatcher | undefined;
  private open = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly done: Promise<void>;
  private readonly resolveDone: () => void;

  constructor(
    private readonly cache: WatchCache,
    private readonly setup: WatchStreamSetup,
  ) {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.done = promise;
    this.resolveDone = resolve;
  }

  /** ReadableStream source: starts the watch; the returned promise settles when it ends. */
  pull(controller: { write(b: Uint8Array): number | Promise<number>; close(): void }): Promise<void> {
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
      return this.done;
    }
    if (watcher.closed) return this.done;
    // Bun sends the response head with the first chunk: a newline (skipped by every
    // JSON stream decoder) commits it when there is nothing to send yet.
    if (!initial) watcher.send(NEWLINE);
    if (signal.aborted) {
      watcher.close("client");
      return this.done;
    }
    signal.addEventListener("abort", this, { once: true });
    this.timer = setTimeout(timedOut, this.setup.timeoutMs, this);
    return this.done;
  }

  /** ReadableStream source: the client went away. */
  cancel(): void {
    this.watcher?.close("client");
    this.resolveDone();
  }

  /** The request's abort signal (an EventListener object: no closure per watch). */
  handleEvent(): void {
    this.watcher?.close("client");
  }

  timeout(): void {
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
    if (this.timer) clearTimeout(this.timer);
    this.setup.signal.removeEventListener("abort", this);
  }

  write(b: Uint8Array): number | Promise<number> {
    return this.open ? this.controller!.write(b) : 0;
  }

  close(reason?: Uint8Array): void {
    if (!this.open) return;
    if (reason) this.controller!.write(reason);
    this.open = false;
    this.controller!.close();
    this.resolveDone();
  }
}
