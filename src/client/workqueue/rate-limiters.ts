/**
 * Rate limiters that decide how long an item waits before it is retried (client-go
 * workqueue rate limiters). Delays are in milliseconds.
 */
import { type Clock, realClock } from "../internal/clock.ts";
import { TokenBucket } from "../flowcontrol/token-bucket.ts";

export interface RateLimiter<T> {
  /** How long to wait before the item is processed again (records one more failure). */
  when(item: T): number;
  /** Stops tracking the item (after it was processed successfully). */
  forget(item: T): void;
  /** How many times the item has been requeued. */
  numRequeues(item: T): number;
}

/** baseDelay * 2^failures per item, capped at maxDelay (client-go default 5 ms .. 1000 s). */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();
  constructor(
    readonly baseDelayMs = 5,
    readonly maxDelayMs = 1000_000,
  ) {}

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(backoff) && backoff <= this.maxDelayMs ? backoff : this.maxDelayMs;
  }
  forget(item: T): void {
    this.failures.delete(item);
  }
  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/** fastDelay for the first maxFastAttempts failures of an item, slowDelay afterwards. */
export class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();
  constructor(
    readonly fastDelayMs: number,
    readonly slowDelayMs: number,
    readonly maxFastAttempts: number,
  ) {}

  when(item: T): number {
    const n = (this.failures.get(item) ?? 0) + 1;
    this.failures.set(item, n);
    return n <= this.maxFastAttempts ? this.fastDelayMs : this.slowDelayMs;
  }
  forget(item: T): void {
    this.failures.delete(item);
  }
  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/** An overall token bucket across all items (client-go default 10 qps, burst 100). */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private readonly bucket: TokenBucket;
  constructor(qps = 10, burst = 100, clock: Clock = realClock) {
    this.bucket = new TokenBucket(qps, burst, clock);
  }
  when(_item: T): number {
    return this.bucket.reserve();
  }
  forget(_item: T): void {}
  numRequeues(_item: T): number {
    return 0;
  }
}

/** The longest delay of several limiters; forget and numRequeues apply to all. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  readonly limiters: readonly RateLimiter<T>[];
  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }
  when(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }
  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }
  numRequeues(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/** Caps any limiter's delay at maxDelayMs. */
export class WithMaxWaitRateLimiter<T> implements RateLimiter<T> {
  constructor(
    private readonly limiter: RateLimiter<T>,
    readonly maxDelayMs: number,
  ) {}
  when(item: T): number {
    return Math.min(this.limiter.when(item), this.maxDelayMs);
  }
  forget(item: T): void {
    this.limiter.forget(item);
  }
  numRequeues(item: T): number {
    return this.limiter.numRequeues(item);
  }
}

/**
 * client-go's DefaultControllerRateLimiter: per-item exponential 5 ms .. 1000 s, and
 * an overall 10 qps / 100 burst bucket, whichever asks for longer.
 */
export function defaultControllerRateLimiter<T>(clock: Clock = realClock): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(new ItemExponentialFailureRateLimiter<T>(5, 1000_000), new BucketRateLimiter<T>(10, 100, clock));
}
