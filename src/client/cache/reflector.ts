/**
 * Reflector: keeps a ReflectorStore equal to the server's state of one resource.
 *
 * It lists (or, where the server supports it, opens a watch with sendInitialEvents
 * and treats the events up to the `k8s.io/initial-events-end` bookmark as the list),
 * replaces the store with the result, then watches from the list's resourceVersion,
 * applying each event. BOOKMARKs only advance the last synced resourceVersion. A
 * watch that ends normally (server timeout) is reopened from that version; a refused
 * connection or 429 is retried with backoff; 410 Expired/Gone means the version is
 * no longer in the server's history, so it relists. A list answered 410 is retried at
 * once with resourceVersion "" (a consistent read). Between failed rounds it waits
 * with jittered exponential backoff, 800 ms doubling to 30 s (reset after 2 min).
 */
import type { KubeList, KubeObject } from "../../api/meta/index.ts";
import { logger } from "../../util/log.ts";
import { isBadRequest, isExpired, isForbidden, isInvalid, isMethodNotSupported, isTooManyRequests } from "../errors.ts";
import { ApiError } from "../errors.ts";
import { ExponentialBackoff } from "../flowcontrol/backoff.ts";
import { type Clock, realClock, sleepUnlessAborted } from "../internal/clock.ts";
import type { ListOptions, WatchOptions } from "../rest/options.ts";
import { INITIAL_EVENTS_END_ANNOTATION, type WatchEvent, type WatchStream } from "../rest/watch.ts";
import type { ReflectorStore } from "./fifo.ts";
import type { ListerWatcher } from "./listwatch.ts";

export interface ReflectorOptions {
  /** Used in logs. */
  name?: string;
  /** Items per list page (default 500; 0: no paging). */
  pageSize?: number;
  /** Watches ask for a server timeout between this and twice this (default 300 s). */
  minWatchTimeoutSeconds?: number;
  /** Try the streaming list (sendInitialEvents) first; falls back to list when refused (default true). */
  useWatchList?: boolean;
  backoff?: { initialMs?: number; maxMs?: number; resetAfterMs?: number; jitter?: number };
  /** Called with every error that ends a list or watch round (after logging). */
  onWatchError?: (err: unknown) => void;
  clock?: Clock;
}

const log = logger("reflector");

/** A watch that ended within this long without events is treated as a failure (backoff). */
const SHORT_WATCH_MS = 1000;

function isTransportError(err: unknown): boolean {
  return !(err instanceof ApiError) && err instanceof Error;
}

export class Reflector<T extends KubeObject> {
  private lastSyncRV = "";
  private rvUnavailable = false;
  private watchListFallback = false;
  private readonly backoff: ExponentialBackoff;
  private readonly clock: Clock;
  readonly name: string;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly store: ReflectorStore<T>,
    private readonly opts: ReflectorOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.name = opts.name ?? "reflector";
    this.backoff = new ExponentialBackoff({
      initialMs: opts.backoff?.initialMs ?? 800,
      maxMs: opts.backoff?.maxMs ?? 30_000,
      resetAfterMs: opts.backoff?.resetAfterMs ?? 120_000,
      jitter: opts.backoff?.jitter ?? 1.0,
      factor: 2,
      clock: this.clock,
    });
  }

  /** The resourceVersion of the last list, event or bookmark applied. */
  lastSyncResourceVersion(): string {
    return this.lastSyncRV;
  }

  /** True when the server has no watch-list support and plain lists are used. */
  usesListFallback(): boolean {
    return this.watchListFallback || this.opts.useWatchList === false;
  }

  /** Lists and watches until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (err) {
        if (signal.aborted) break;
        log.warn("list and watch failed", { reflector: this.name, err: err instanceof Error ? err.message : String(err) });
        this.opts.onWatchError?.(err);
      }
      if (signal.aborted) break;
      if (!(await sleepUnlessAborted(this.backoff.next(), signal, this.clock))) break;
    }
  }

  /** One round: list (or watch-list), then watch until something requires a relist. */
  async listAndWatch(signal: AbortSignal): Promise<void> {
    let initial: AsyncIterator<WatchEvent<T>> | undefined;
    let initialStream: WatchStream<T> | undefined;
    if (!this.usesListFallback()) {
      const started = await this.watchList(signal);
      if (started) ({ it: initial, stream: initialStream } = started);
    }
    if (!initial) await this.list(signal);
    if (signal.aborted) {
      initialStream?.stop();
      return;
    }
    await this.watchLoop(signal, initial, initialStream);
  }

  private relistResourceVersion(): string {
    if (this.rvUnavailable) return "";
    return this.lastSyncRV === "" ? "0" : this.lastSyncRV;
  }

  private async list(signal: AbortSignal): Promise<void> {
    const rv = this.relistResourceVersion();
    let list: KubeList<T>;
    try {
      list = await this.listPaged(rv, signal);
    } catch (err) {
      if (!isExpired(err) || rv === "") throw err;
      // Our version fell out of the server's history: read the latest state instead.
      this.rvUnavailable = true;
      list = await this.listPaged("", signal);
    }
    const listRV = list.metadata?.resourceVersion ?? "";
    this.store.replace(list.items, listRV);
    this.lastSyncRV = listRV;
    this.rvUnavailable = false;
  }

  private async listPaged(rv: string, signal: AbortSignal): Promise<KubeList<T>> {
    const pageSize = this.opts.pageSize ?? 500;
    const base: ListOptions = { signal };
    if (rv !== "") base.resourceVersion = rv;
    if (rv !== "" && rv !== "0") base.resourceVersionMatch = "NotOlderThan";
    if (pageSize > 0) base.limit = pageSize;
    const first = await this.lw.list(base);
    let page = first;
    while (page.metadata?.continue) {
      const next: ListOptions = { signal, continue: page.metadata.continue };
      if (pageSize > 0) next.limit = pageSize;
      page = await this.lw.list(next);
      for (const item of page.items) first.items.push(item);
    }
    return first;
  }

  /**
   * Opens a sendInitialEvents watch and collects the initial events; on the end
   * bookmark it replaces the store and returns the still-open stream. Returns
   * undefined when the server does not support it (and remembers that).
   */
  private async watchList(signal: AbortSignal): Promise<{ it: AsyncIterator<WatchEvent<T>>; stream: WatchStream<T> } | undefined> {
    const opts: WatchOptions = {
      sendInitialEvents: true,
      allowWatchBookmarks: true,
      resourceVersionMatch: "NotOlderThan",
      timeoutSeconds: this.watchTimeout(),
      signal,
    };
    const rv = this.rvUnavailable ? "" : this.lastSyncRV;
    if (rv !== "") opts.resourceVersion = rv;
    let stream: WatchStream<T>;
    try {
      stream = await this.lw.watch(opts);
    } catch (err) {
      if (isBadRequest(err) || isInvalid(err) || isForbidden(err) || isMethodNotSupported(err)) {
        return this.fallBack(err);
      }
      if (isExpired(err)) this.rvUnavailable = true;
      throw err;
    }
    const it = stream[Symbol.asyncIterator]();
    const items: T[] = [];
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) throw new Error("watch-list stream ended before the initial events were complete");
        const ev = r.value;
        if (ev.type === "ADDED") {
          items.push(ev.object);
          continue;
        }
        const annotations = ev.object?.metadata?.annotations;
        if (ev.type === "BOOKMARK" && annotations?.[INITIAL_EVENTS_END_ANNOTATION] === "true") {
          const rvEnd = ev.object.metadata.resourceVersion ?? "";
          this.store.replace(items, rvEnd);
          this.lastSyncRV = rvEnd;
          this.rvUnavailable = false;
          return { it, stream };
        }
        // Anything else before the end marker: the server ignored sendInitialEvents.
        stream.stop();
        return this.fallBack(new Error(`server sent ${ev.type} before the initial-events-end bookmark`));
      }
    } catch (err) {
      stream.stop();
      if (isBadRequest(err) || isInvalid(err)) return this.fallBack(err);
      if (isExpired(err)) this.rvUnavailable = true;
      throw err;
    }
  }

  private fallBack(err: unknown): undefined {
    log.info("streaming list not supported, falling back to list", { reflector: this.name, err: err instanceof Error ? err.message : String(err) });
    this.watchListFallback = true;
    return undefined;
  }

  private watchTimeout(): number {
    const min = this.opts.minWatchTimeoutSeconds ?? 300;
    return Math.floor(min * (1 + Math.random()));
  }

  /** Watches from lastSyncRV until a relist is needed or the signal aborts. */
  private async watchLoop(signal: AbortSignal, firstIt?: AsyncIterator<WatchEvent<T>>, firstStream?: WatchStream<T>): Promise<void> {
    let it = firstIt;
    let stream = firstStream;
    while (!signal.aborted) {
      if (!it) {
        try {
          stream = await this.lw.watch({
            resourceVersion: this.lastSyncRV,
            allowWatchBookmarks: true,
            timeoutSeconds: this.watchTimeout(),
            signal,
          });
        } catch (err) {
          if (signal.aborted) return;
          if (isExpired(err)) {
            log.info("watch expired, relisting", { reflector: this.name, resourceVersion: this.lastSyncRV });
            return;
          }
          if (isTooManyRequests(err) || isTransportError(err)) {
            log.debug("watch could not start, retrying", { reflector: this.name, err: (err as Error).message });
            this.opts.onWatchError?.(err);
            if (!(await sleepUnlessAborted(this.backoff.next(), signal, this.clock))) return;
            continue;
          }
          throw err;
        }
        it = stream[Symbol.asyncIterator]();
      }
      const started = this.clock.now();
      let count = 0;
      try {
        count = await this.handleWatch(it, signal);
      } catch (err) {
        stream?.stop();
        if (signal.aborted) return;
        if (isExpired(err)) {
          log.info("watch closed with too old resource version, relisting", { reflector: this.name, resourceVersion: this.lastSyncRV });
          return;
        }
        this.opts.onWatchError?.(err);
        if (isTooManyRequests(err) || isTransportError(err)) {
          log.debug("watch broke, rewatching", { reflector: this.name, err: (err as Error).message });
          it = undefined;
          if (!(await sleepUnlessAborted(this.backoff.next(), signal, this.clock))) return;
          continue;
        }
        throw err;
      } finally {
        it = undefined;
      }
      stream?.stop();
      if (count === 0 && this.clock.now() - started < SHORT_WATCH_MS && !signal.aborted) {
        // A watch closed at once without events: do not spin.
        if (!(await sleepUnlessAborted(this.backoff.next(), signal, this.clock))) return;
      }
    }
    stream?.stop();
  }

  /** Applies events to the store until the stream ends; returns how many were applied. */
  private async handleWatch(it: AsyncIterator<WatchEvent<T>>, signal: AbortSignal): Promise<number> {
    // The stream was opened with this signal: aborting it ends the iteration.
    let n = 0;
    for (;;) {
      const r = await it.next();
      if (r.done || signal.aborted) return n;
      const ev = r.value;
      const obj = ev.object;
      switch (ev.type) {
        case "ADDED":
          this.store.add(obj);
          break;
        case "MODIFIED":
          this.store.update(obj);
          break;
        case "DELETED":
          this.store.delete(obj);
          break;
        case "BOOKMARK":
          break;
      }
      n++;
      const rv = obj?.metadata?.resourceVersion;
      if (rv) this.lastSyncRV = rv;
    }
  }
}
