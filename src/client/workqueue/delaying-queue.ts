/**
 * DelayingQueue: a Queue plus addAfter (client-go DelayingInterface). Waiting items sit
 * in a min-heap by ready time with a single timer armed for the earliest one. An item
 * already waiting keeps the earlier of its two ready times.
 */
import { MinHeap } from "../internal/heap.ts";
import { type Clock, realClock, type TimerHandle } from "../internal/clock.ts";
import { type GetResult, Queue, type QueueInterface, type QueueOptions } from "./queue.ts";

export interface DelayingInterface<T> extends QueueInterface<T> {
  /** Adds the item after delayMs (at once when delayMs <= 0). */
  addAfter(item: T, delayMs: number): void;
}

interface Waiting<T> {
  item: T;
  readyAt: number;
  seq: number;
}

export interface DelayingQueueOptions<T> extends QueueOptions {
  /** The queue to delay into (default: a new Queue with these options). */
  queue?: Queue<T>;
}

export class DelayingQueue<T> implements DelayingInterface<T> {
  readonly queue: Queue<T>;
  private readonly clock: Clock;
  private readonly heap = new MinHeap<Waiting<T>>((a, b) => a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq));
  private readonly waiting = new Map<T, Waiting<T>>();
  private seq = 0;
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(opts: DelayingQueueOptions<T> = {}) {
    this.clock = opts.clock ?? realClock;
    this.queue = opts.queue ?? new Queue<T>(opts);
  }

  addAfter(item: T, delayMs: number): void {
    if (this.queue.shuttingDown()) return;
    this.queue.metrics.retry();
    if (delayMs <= 0) {
      this.queue.add(item);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const existing = this.waiting.get(item);
    if (existing && existing.readyAt <= readyAt) return;
    const entry = { item, readyAt, seq: this.seq++ };
    this.waiting.set(item, entry); // a superseded heap entry is skipped when popped
    this.heap.push(entry);
    this.arm();
  }

  /** Number of items waiting for their delay (not yet in the queue). */
  waitingCount(): number {
    return this.waiting.size;
  }

  private arm(): void {
    const next = this.peekLive();
    if (!next) return;
    if (this.timer && this.timerAt <= next.readyAt) return;
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timerAt = next.readyAt;
    this.timer = this.clock.setTimer(() => this.fire(), Math.max(0, next.readyAt - this.clock.now()));
  }

  private peekLive(): Waiting<T> | undefined {
    for (;;) {
      const top = this.heap.peek();
      if (!top || this.waiting.get(top.item) === top) return top;
      this.heap.pop();
    }
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.queue.shuttingDown()) return;
    const now = this.clock.now();
    for (;;) {
      const top = this.peekLive();
      if (!top || top.readyAt > now) break;
      this.heap.pop();
      this.waiting.delete(top.item);
      this.queue.add(top.item);
    }
    this.arm();
  }

  add(item: T): void {
    this.queue.add(item);
  }
  len(): number {
    return this.queue.len();
  }
  get(): Promise<GetResult<T>> {
    return this.queue.get();
  }
  done(item: T): void {
    this.queue.done(item);
  }
  shutDown(): void {
    this.stopWaiting();
    this.queue.shutDown();
  }
  shutDownWithDrain(): Promise<void> {
    this.stopWaiting();
    return this.queue.shutDownWithDrain();
  }
  shuttingDown(): boolean {
    return this.queue.shuttingDown();
  }

  private stopWaiting(): void {
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    this.heap.clear();
    this.waiting.clear();
  }
}
