/**
 * RateLimitingQueue: a DelayingQueue whose retries are spaced by a RateLimiter
 * (client-go RateLimitingInterface). The usual worker loop:
 *
 *   const { item, shutdown } = await q.get(); if (shutdown) return;
 *   try { await sync(item); q.forget(item); } catch { q.addRateLimited(item); } finally { q.done(item); }
 */
import { DelayingQueue, type DelayingInterface, type DelayingQueueOptions } from "./delaying-queue.ts";
import type { GetResult } from "./queue.ts";
import { defaultControllerRateLimiter, type RateLimiter } from "./rate-limiters.ts";

export interface RateLimitingInterface<T> extends DelayingInterface<T> {
  /** Adds the item after the rate limiter's delay for it. */
  addRateLimited(item: T): void;
  /** Clears the item's failure history (the rate limiter forgets it; the queue is not touched). */
  forget(item: T): void;
  numRequeues(item: T): number;
}

export interface RateLimitingQueueOptions<T> extends DelayingQueueOptions<T> {
  delayingQueue?: DelayingQueue<T>;
}

export class RateLimitingQueue<T> implements RateLimitingInterface<T> {
  readonly delaying: DelayingQueue<T>;

  constructor(
    readonly rateLimiter: RateLimiter<T> = defaultControllerRateLimiter<T>(),
    opts: RateLimitingQueueOptions<T> = {},
  ) {
    this.delaying = opts.delayingQueue ?? new DelayingQueue<T>(opts);
  }

  addRateLimited(item: T): void {
    this.delaying.addAfter(item, this.rateLimiter.when(item));
  }
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }

  addAfter(item: T, delayMs: number): void {
    this.delaying.addAfter(item, delayMs);
  }
  add(item: T): void {
    this.delaying.add(item);
  }
  len(): number {
    return this.delaying.len();
  }
  get(): Promise<GetResult<T>> {
    return this.delaying.get();
  }
  done(item: T): void {
    this.delaying.done(item);
  }
  shutDown(): void {
    this.delaying.shutDown();
  }
  shutDownWithDrain(): Promise<void> {
    return this.delaying.shutDownWithDrain();
  }
  shuttingDown(): boolean {
    return this.delaying.shuttingDown();
  }
}

/** A rate-limited queue with the default controller rate limiter, named for metrics. */
export function newRateLimitingQueue<T = string>(name: string, rateLimiter?: RateLimiter<T>, opts: Omit<RateLimitingQueueOptions<T>, "name"> = {}): RateLimitingQueue<T> {
  return new RateLimitingQueue<T>(rateLimiter ?? defaultControllerRateLimiter<T>(opts.clock), { ...opts, name });
}
