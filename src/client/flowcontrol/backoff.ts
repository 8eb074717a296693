import { type Clock, realClock } from "../internal/clock.ts";

export interface BackoffOptions {
  /** First delay (ms). */
  initialMs: number;
  /** Upper bound of the un-jittered delay (ms). */
  maxMs: number;
  /** Multiplier per consecutive failure. */
  factor?: number;
  /** Each delay is stretched by up to this fraction, at random (1.0: up to double). */
  jitter?: number;
  /** After this long without a failure the delay starts over from initialMs (0: never). */
  resetAfterMs?: number;
  clock?: Clock;
  random?: () => number;
}

/**
 * Exponential backoff with jitter and reset, as client-go's exponentialBackoffManager:
 * the reflector uses 800 ms doubling to 30 s, jitter 1.0, reset after 2 minutes.
 */
export class ExponentialBackoff {
  private current = 0;
  private lastFailure = 0;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly opts: BackoffOptions) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
  }

  /** The delay to wait before the next attempt, advancing the sequence. */
  next(): number {
    const now = this.clock.now();
    const reset = this.opts.resetAfterMs ?? 0;
    if (this.current === 0 || (reset > 0 && now - this.lastFailure > reset)) {
      this.current = this.opts.initialMs;
    } else {
      this.current = Math.min(this.opts.maxMs, this.current * (this.opts.factor ?? 2));
    }
    this.lastFailure = now;
    const jitter = this.opts.jitter ?? 0;
    return jitter > 0 ? this.current + this.random() * jitter * this.current : this.current;
  }

  /** Starts over from initialMs on the next failure. */
  reset(): void {
    this.current = 0;
  }
}

/** Jittered delay: base stretched by up to `factor` of itself, as wait.Jitter. */
export function jittered(baseMs: number, factor: number, random: () => number = Math.random): number {
  return factor > 0 ? baseMs + random() * factor * baseMs : baseMs;
}
