/**
 * Fan-out of committed changes to watchers, shared by the embedded backends.
 *
 * Contract: a backend calls `publish` once per commit, in revision order, before it
 * acknowledges the write. Each watcher receives, in a later microtask, the events
 * under its prefix in that order, each exactly once; a watcher registered with a
 * replay first receives the replay and then only live events with a higher revision,
 * so a replay that overlaps live events never duplicates one. Handler exceptions are
 * contained: they end that watcher (onError) and never reach the writer.
 */
import type { ValueCodec } from "../codec.ts";
import type { KeyValue, Watch, WatchEvent, WatchHandler } from "../interface.ts";
import { clonePlain, NOT_PLAIN } from "./clone.ts";
import type { RawEvent, RawKv } from "./raw-event.ts";

class Watcher {
  pending: RawEvent[] = [];
  scheduled = false;
  done = false;
  /** Highest revision queued so far; live events at or below it are already covered. */
  queuedUpTo: number;

  constructor(
    readonly prefix: string,
    readonly handler: WatchHandler<any>,
    afterRevision: number,
    readonly hub: WatchHub,
  ) {
    this.queuedUpTo = afterRevision;
  }

  schedule(): void {
    if (this.scheduled || this.done) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (this.done || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const events: WatchEvent<unknown>[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) events[i] = this.hub.materialize(batch[i]!);
    try {
      this.handler.onEvents(events);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.pending = [];
    this.hub.remove(this);
    try {
      this.handler.onError(err);
    } catch {
      // a failing onError has nobody left to tell
    }
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.pending = [];
    this.hub.remove(this);
  }
}

/**
 * One committed value delivered to several watchers is decoded once into a private
 * template; each watcher gets its own deep copy (about twice as fast as decoding), and
 * the last one gets the template itself.
 */
interface Shared {
  uses: number;
  template?: unknown;
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private readonly shared = new WeakMap<Uint8Array, Shared>();

  constructor(readonly codec: ValueCodec) {}

  private share(bytes: Uint8Array): void {
    const s = this.shared.get(bytes);
    if (s) s.uses++;
    else this.shared.set(bytes, { uses: 1 });
  }

  private value(bytes: Uint8Array): unknown {
    const s = this.shared.get(bytes);
    if (!s || s.uses <= 1) {
      if (s) this.shared.delete(bytes);
      if (s?.template !== undefined) return s.template;
      return this.codec.decode(bytes);
    }
    s.uses--;
    if (s.template === undefined) s.template = this.codec.decode(bytes);
    const copy = clonePlain(s.template);
    return copy === NOT_PLAIN ? this.codec.decode(bytes) : copy;
  }

  private kv<V>(raw: RawKv): KeyValue<V> {
    const kv: KeyValue<V> = {
      key: raw.key,
      value: this.value(raw.value) as V,
      createRevision: raw.createRevision,
      modRevision: raw.modRevision,
    };
    if (raw.expiresAt !== undefined) kv.expiresAt = raw.expiresAt;
    return kv;
  }

  /** The public event for one watcher, with values that belong to that watcher alone. */
  materialize(raw: RawEvent): WatchEvent<unknown> {
    const ev: WatchEvent<unknown> = { type: raw.type, kv: this.kv(raw.kv), revision: raw.revision };
    if (raw.prevKv) ev.prevKv = this.kv(raw.prevKv);
    return ev;
  }

  get size(): number {
    return this.watchers.size;
  }

  /**
   * Registers a watcher that first receives `replay` (events after `afterRevision`, in
   * order, already filtered to the prefix) and then live events newer than both the replay
   * and `replayedUpTo` (the snapshot revision the replay was read at).
   */
  add(
    prefix: string,
    afterRevision: number,
    handler: WatchHandler<any>,
    replay: readonly RawEvent[] = [],
    replayedUpTo = afterRevision,
  ): Watch {
    const w = new Watcher(prefix, handler, afterRevision, this);
    this.watchers.add(w);
    const from = w.queuedUpTo;
    for (const ev of replay) {
      if (ev.revision <= from) continue;
      w.pending.push(ev);
      w.queuedUpTo = ev.revision;
    }
    if (replayedUpTo > w.queuedUpTo) w.queuedUpTo = replayedUpTo;
    if (w.pending.length > 0) w.schedule();
    return { cancel: () => w.cancel() };
  }

  /** Delivers one commit's events (ascending revision; one revision may hold several). */
  publish(events: readonly RawEvent[]): void {
    if (events.length === 0 || this.watchers.size === 0) return;
    for (const w of this.watchers) {
      const from = w.queuedUpTo;
      let added = false;
      for (const ev of events) {
        if (ev.revision <= from || !ev.kv.key.startsWith(w.prefix)) continue;
        w.pending.push(ev);
        this.share(ev.kv.value);
        if (ev.prevKv) this.share(ev.prevKv.value);
        added = true;
      }
      const last = events[events.length - 1]!.revision;
      if (last > w.queuedUpTo) w.queuedUpTo = last;
      if (added) w.schedule();
    }
  }

  /** Ends every watcher with an error (store closed, backend failure). */
  failAll(err: Error): void {
    for (const w of [...this.watchers]) w.fail(err);
  }

  remove(w: Watcher): void {
    this.watchers.delete(w);
  }
}
