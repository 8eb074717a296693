/**
 * Fan-out of committed changes to watchers, shared by the embedded backends.
 *
 * Contract: a backend calls `publish` once per commit, in revision order, before it
 * acknowledges the write. Each watcher receives, in a later microtask, the events
 * under its prefix in that order, each exactly once; a watcher registered with a
 * replay first receives the replay and then only live events with a higher revision,
 * so a replay that overlaps live events never duplicates one. Handler exceptions are
 * contained: they end that watcher (onError) and never reach the writer.
 *
 * Every watcher owns the values it receives. A committed change is decoded once, when the
 * first watcher takes it (or, when the writer offered its value, a copy of that value taken
 * before the commit is used instead: see offer); the others get deep copies of that decoded template (plain data
 * copies in about half the time of a decode; with many takers, a copier compiled for the
 * value's shape, at once on its first sight, copies in a quarter of that), and the last taker gets the template itself.
 * All watchers with something new are flushed from one microtask.
 */
import type { ValueCodec } from "../codec.ts";
import type { KeyValue, Watch, WatchEvent, WatchHandler } from "../interface.ts";
import { clonePlain, NOT_PLAIN } from "./clone.ts";
import type { RawEvent, RawKv } from "./raw-event.ts";
import { ShapeCopiers, type Copier } from "./shape-clone.ts";

/** Takers of one change from which a compiled copier is worth looking up (shape-clone.ts). */
const COMPILED_COPY_TAKERS = 32;

/** One change on its way to `takers` watchers. */
class Delivery {
  /** A private copy of the written value, offered by the writer (taken instead of decoding). */
  template: unknown = undefined;
  value: unknown = undefined;
  prevValue: unknown = undefined;
  decoded = false;
  copyValue: Copier | undefined = undefined;
  copyPrev: Copier | undefined = undefined;

  /** `takers` watchers take the value; `prevTakers` of them also want the previous value. */
  constructor(readonly raw: RawEvent, public takers: number, public prevTakers: number) {}
}

class Watcher {
  pending: Delivery[] = [];
  queued = false;
  done = false;
  /** Highest revision queued so far; live events at or below it are already covered. */
  queuedUpTo: number;

  constructor(
    readonly prefix: string,
    readonly handler: WatchHandler<any>,
    afterRevision: number,
    readonly hub: WatchHub,
    readonly wantPrev: boolean,
  ) {
    this.queuedUpTo = afterRevision;
  }

  flush(): void {
    this.queued = false;
    if (this.done || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const events: WatchEvent<unknown>[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) events[i] = this.hub.take(batch[i]!, this.wantPrev);
    try {
      this.handler.onEvents(events);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.drop();
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
    this.drop();
    this.hub.remove(this);
  }

  /** Gives up undelivered events (their other takers may still need the template). */
  private drop(): void {
    for (const d of this.pending) {
      d.takers--;
      if (this.wantPrev) d.prevTakers--;
    }
    this.pending = [];
  }
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  /** Watchers with pending events, flushed together from one microtask. */
  private ready: Watcher[] = [];
  private flushQueued = false;
  private readonly flushAll = () => this.flushReady();
  private readonly copiers = new ShapeCopiers();
  /** Copies of values being written, by their encoded bytes (offer / withdraw). */
  private readonly offered = new Map<Uint8Array, unknown>();

  constructor(readonly codec: ValueCodec) {}

  /**
   * A writer offers the value that `bytes` encode, before it submits them: while anyone
   * watches, the hub keeps a plain copy (taken now, so later changes to `value` do not show)
   * and the commit's first taker gets it instead of a decode of `bytes`. The copy reads a
   * value the encoder has just walked, where a decode reads the bytes and msgpackr's record
   * readers. With `handOver` the writer promises plain data it will not change again
   * (WriteOptions.handOver), and the value itself is kept, without a copy. True when a value
   * was kept; the writer withdraws it once its write settled.
   */
  offer(bytes: Uint8Array, value: unknown, handOver = false): boolean {
    if (this.watchers.size === 0) return false;
    if (handOver) {
      if (value === undefined) return false;
      this.offered.set(bytes, value);
      return true;
    }
    const copy = clonePlain(value);
    if (copy === NOT_PLAIN || copy === undefined) return false;
    this.offered.set(bytes, copy);
    return true;
  }

  /** Drops an offered copy no commit took (a failed write, or nobody watching the key). */
  withdraw(bytes: Uint8Array): void {
    this.offered.delete(bytes);
  }

  private schedule(w: Watcher): void {
    if (w.queued || w.done) return;
    w.queued = true;
    this.ready.push(w);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushAll);
    }
  }

  private flushReady(): void {
    this.flushQueued = false;
    const ready = this.ready;
    this.ready = [];
    for (const w of ready) w.flush();
  }

  private copy(template: unknown, bytes: Uint8Array, copier: Copier | undefined): unknown {
    if (copier) return copier(template);
    const c = clonePlain(template);
    return c === NOT_PLAIN ? this.codec.decode(bytes) : c;
  }

  /** The public event for one taker of `d`, with values that belong to that taker alone. */
  take(d: Delivery, wantPrev: boolean): WatchEvent<unknown> {
    const raw = d.raw;
    const prev = raw.prevKv;
    if (!d.decoded) {
      d.decoded = true;
      d.value = d.template !== undefined ? d.template : this.codec.decode(raw.kv.value);
      d.template = undefined;
      if (d.takers >= COMPILED_COPY_TAKERS) d.copyValue = this.copiers.for(d.value, true);
      // The previous value only when someone wants it. A delete's kv carries the deleted
      // value, the same bytes as prevKv: still two objects, copied now, before the value's
      // template goes to its last taker.
      if (prev && d.prevTakers > 0) {
        if (prev.value === raw.kv.value) {
          d.prevValue = this.copy(d.value, prev.value, d.copyValue);
          d.copyPrev = d.copyValue;
        } else {
          d.prevValue = this.codec.decode(prev.value);
          if (d.prevTakers >= COMPILED_COPY_TAKERS) d.copyPrev = this.copiers.for(d.prevValue, true);
        }
      }
    }
    let value: unknown;
    if (--d.takers <= 0) {
      value = d.value;
      d.value = undefined;
    } else value = this.copy(d.value, raw.kv.value, d.copyValue);
    const ev: WatchEvent<unknown> = { type: raw.type, kv: kvWith(raw.kv, value), revision: raw.revision };
    if (prev && wantPrev) {
      let prevValue: unknown;
      if (--d.prevTakers <= 0) {
        prevValue = d.prevValue;
        d.prevValue = undefined;
      } else prevValue = this.copy(d.prevValue, prev.value, d.copyPrev);
      ev.prevKv = kvWith(prev, prevValue);
    }
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
    wantPrev = true,
  ): Watch {
    const w = new Watcher(prefix, handler, afterRevision, this, wantPrev);
    this.watchers.add(w);
    const from = w.queuedUpTo;
    for (const ev of replay) {
      if (ev.revision <= from) continue;
      w.pending.push(new Delivery(ev, 1, wantPrev ? 1 : 0));
      w.queuedUpTo = ev.revision;
    }
    if (replayedUpTo > w.queuedUpTo) w.queuedUpTo = replayedUpTo;
    if (w.pending.length > 0) this.schedule(w);
    return { cancel: () => w.cancel() };
  }

  /** Delivers one commit's events (ascending revision; one revision may hold several). */
  publish(events: readonly RawEvent[]): void {
    const n = events.length;
    if (n === 0 || this.watchers.size === 0) return;
    const deliveries: (Delivery | undefined)[] = new Array(n);
    const last = events[n - 1]!.revision;
    for (const w of this.watchers) {
      const from = w.queuedUpTo;
      let added = false;
      for (let i = 0; i < n; i++) {
        const ev = events[i]!;
        if (ev.revision <= from || !ev.kv.key.startsWith(w.prefix)) continue;
        let d = deliveries[i];
        if (d) {
          d.takers++;
          if (w.wantPrev) d.prevTakers++;
        } else {
          d = deliveries[i] = new Delivery(ev, 1, w.wantPrev ? 1 : 0);
          if (this.offered.size > 0) this.takeOffered(d);
        }
        w.pending.push(d);
        added = true;
      }
      if (last > w.queuedUpTo) w.queuedUpTo = last;
      if (added) this.schedule(w);
    }
  }

  private takeOffered(d: Delivery): void {
    const bytes = d.raw.kv.value;
    const copy = this.offered.get(bytes);
    if (copy === undefined) return;
    this.offered.delete(bytes);
    d.template = copy;
  }

  /** Ends every watcher with an error (store closed, backend failure). */
  failAll(err: Error): void {
    for (const w of [...this.watchers]) w.fail(err);
  }

  remove(w: Watcher): void {
    this.watchers.delete(w);
  }
}

function kvWith<V>(raw: RawKv, value: V): KeyValue<V> {
  const kv: KeyValue<V> = { key: raw.key, value, createRevision: raw.createRevision, modRevision: raw.modRevision };
  if (raw.expiresAt !== undefined) kv.expiresAt = raw.expiresAt;
  return kv;
}
