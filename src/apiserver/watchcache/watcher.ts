/**
 * One watch connection fed by a watch cache. It decides per event what this watcher sees
 * (upstream's cacheWatcher: an object entering the selector is ADDED, leaving it is
 * DELETED with its previous state) and writes the event's shared bytes to its sink.
 * A watcher whose sink stops draining is closed once its backlog passes a bound.
 */
import type { CacheEvent, EventEncoder } from "./event.ts";
import type { Predicate } from "./predicate.ts";

/** Where a watcher's bytes go: the HTTP response stream. */
export interface WatchSink {
  /** Returns bytes taken, or a promise when the destination is backpressured (the bytes are kept). 0: gone. */
  write(bytes: Uint8Array): number | Promise<number>;
  /** Ends the stream; `reason` is written first when given and the sink is still writable. */
  close(reason?: Uint8Array): void;
}

export interface WatcherOptions {
  bookmarks: boolean;
  /** Bytes buffered behind a backpressured sink before the watcher is cut off. */
  maxBacklogBytes: number;
}

const utf8 = new TextEncoder();

/** The ERROR event a cut-off watcher gets (queued; the client sees it if its connection drains). */
export function slowWatchError(limit: number): Uint8Array {
  const status = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `watch closed: the client did not keep up (more than ${limit} bytes waiting); resume the watch from the last resourceVersion received`,
    reason: "Timeout",
    code: 504,
  };
  return utf8.encode(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
}

export type CloseReason = "done" | "timeout" | "slow" | "client" | "error";

/** Where an open watcher is registered for events (its watch cache). */
export interface WatcherRegistry {
  unregister(w: CacheWatcher): void;
}

export class CacheWatcher {
  /** Revision of the last event or bookmark sent; events at or below are skipped. */
  sentRv: number;
  closed = false;
  private backlog = 0;
  private waiting = false;
  onClose: ((w: CacheWatcher, why: CloseReason) => void) | undefined;
  /** Told first when the watcher closes. */
  registry: WatcherRegistry | undefined = undefined;

  constructor(
    readonly predicate: Predicate,
    readonly encoder: EventEncoder,
    readonly sink: WatchSink,
    readonly opts: WatcherOptions,
    fromRv: number,
  ) {
    this.sentRv = fromRv;
  }

  /** Delivers one cache event if this watcher wants it. */
  deliver(ev: CacheEvent): void {
    if (this.closed || ev.rv <= this.sentRv) return;
    const p = this.predicate;
    if (p.namespace !== "" && ev.namespace !== p.namespace) return;
    let bytes: Uint8Array;
    if (ev.type === "MODIFIED") {
      const now = p.matches(ev.cur);
      const before = ev.prev !== undefined && p.matches(ev.prev);
      if (now) bytes = ev.bytes(this.encoder, before ? "MODIFIED" : "ADDED", "cur");
      else if (before) bytes = ev.bytes(this.encoder, "DELETED", "prev");
      else return;
    } else {
      if (!p.matches(ev.cur)) return;
      bytes = ev.bytes(this.encoder, ev.type, "cur");
    }
    this.sentRv = ev.rv;
    this.send(bytes);
  }

  /** Writes bytes not tied to a cache event (initial state, bookmarks). */
  send(bytes: Uint8Array): void {
    if (this.closed) return;
    // Too slow: still holding more than the bound when more comes. One large write on its
    // own (a watch's initial state) is not, however long it takes the client to read it.
    if (this.backlog > this.opts.maxBacklogBytes) {
      this.close("slow", slowWatchError(this.opts.maxBacklogBytes));
      return;
    }
    let r: number | Promise<number>;
    try {
      r = this.sink.write(bytes);
    } catch {
      this.close("client");
      return;
    }
    if (typeof r === "number") {
      if (r === 0 && bytes.length > 0) this.close("client");
      return;
    }
    this.backlog += bytes.length;
    if (!this.waiting) {
      this.waiting = true;
      r.then(
        () => {
          this.waiting = false;
          this.backlog = 0;
        },
        () => this.close("client"),
      );
    }
  }

  close(why: CloseReason, reason?: Uint8Array): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.sink.close(reason);
    } catch {
      // the client is gone already
    }
    this.registry?.unregister(this);
    this.registry = undefined;
    this.onClose?.(this, why);
  }
}
