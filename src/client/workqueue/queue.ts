/**
 * The basic work queue (client-go workqueue.Type). Guarantees:
 * - Fair: items are handed out in the order they were added.
 * - Stingy: an item added several times before it is processed is handed out once.
 * - Never concurrent for one item: an item being processed (between get() and
 *   done()) is not handed to another worker; if it is added meanwhile it is handed
 *   out again, once, after done().
 * - Shutdown: add() is ignored afterwards; get() still hands out what is queued and
 *   then reports shutdown.
 * Items are compared with SameValueZero (use string keys such as "ns/name").
 */
import { type Clock, realClock } from "../internal/clock.ts";
import { defaultMetricsProvider, type MetricsProvider, QueueMetrics } from "./metrics.ts";

export type GetResult<T> = { item: T; shutdown: false } | { item: undefined; shutdown: true };

export interface QueueInterface<T> {
  add(item: T): void;
  len(): number;
  /** Waits for the next item; resolves { shutdown: true } once shut down and empty. */
  get(): Promise<GetResult<T>>;
  /** Marks an item as processed (must follow every get() that returned it). */
  done(item: T): void;
  shutDown(): void;
  /** Shuts down and resolves once every item being processed is done(). */
  shutDownWithDrain(): Promise<void>;
  shuttingDown(): boolean;
}

export interface QueueOptions {
  /** Names the queue in metrics ("" disables metrics). */
  name?: string;
  metricsProvider?: MetricsProvider;
  clock?: Clock;
}

export class Queue<T> implements QueueInterface<T> {
  private items: T[] = [];
  private head = 0;
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private waiters: ((r: GetResult<T>) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private shutting = false;
  private draining = false;
  private unfinishedTimer: ReturnType<typeof setInterval> | undefined;
  readonly metrics: QueueMetrics<T>;
  readonly name: string;

  constructor(opts: QueueOptions = {}) {
    const clock = opts.clock ?? realClock;
    this.name = opts.name ?? "";
    this.metrics = new QueueMetrics<T>(this.name, opts.metricsProvider ?? defaultMetricsProvider(), () => clock.now());
    if (this.metrics.enabled) {
      this.unfinishedTimer = setInterval(() => this.metrics.updateUnfinishedWork(), 500);
      this.unfinishedTimer.unref?.();
    }
  }

  add(item: T): void {
    if (this.shutting || this.dirty.has(item)) return;
    this.metrics.add(item);
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.items.push(item);
    this.handOut();
  }

  len(): number {
    return this.items.length - this.head;
  }

  get(): Promise<GetResult<T>> {
    if (this.len() > 0) return Promise.resolve({ item: this.take(), shutdown: false });
    if (this.shutting) return Promise.resolve({ item: undefined, shutdown: true });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(item: T): void {
    this.metrics.done(item);
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      this.items.push(item);
      this.handOut();
    } else if (this.processing.size === 0 && this.draining) {
      this.finishDrain();
    }
  }

  shutDown(): void {
    this.shutting = true;
    this.draining = false;
    this.stopTimer();
    this.releaseWaiters();
  }

  shutDownWithDrain(): Promise<void> {
    this.shutting = true;
    this.draining = true;
    this.stopTimer();
    this.releaseWaiters();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.shutting;
  }

  /** Items currently between get() and done(). */
  processingCount(): number {
    return this.processing.size;
  }

  private take(): T {
    const item = this.items[this.head] as T;
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.metrics.get(item);
    this.processing.add(item);
    this.dirty.delete(item);
    return item;
  }

  private handOut(): void {
    while (this.waiters.length > 0 && this.len() > 0) {
      const w = this.waiters.shift() as (r: GetResult<T>) => void;
      w({ item: this.take(), shutdown: false });
    }
  }

  private releaseWaiters(): void {
    // Waiters exist only while the queue is empty.
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w({ item: undefined, shutdown: true });
  }

  private finishDrain(): void {
    const ws = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of ws) w();
  }

  private stopTimer(): void {
    if (this.unfinishedTimer) clearInterval(this.unfinishedTimer);
    this.unfinishedTimer = undefined;
  }
}
