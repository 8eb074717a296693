import { type Clock, realClock, sleep } from "../internal/clock.ts";

/**
 * A token bucket as golang.org/x/time/rate implements it: `qps` tokens per second,
 * at most `burst` stored. Reservations may drive the balance negative, which is how
 * a caller learns how long to wait; a reservation is never cancelled.
 * qps <= 0 or Infinity means unlimited.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  get unlimited(): boolean {
    return !(this.qps > 0) || this.qps === Infinity;
  }

  private advance(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
    }
  }

  /** Takes a token if one is available now. */
  tryAccept(): boolean {
    if (this.unlimited) return true;
    this.advance(this.clock.now());
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Takes a token now or in the future; returns how many ms until it may be used. */
  reserve(): number {
    if (this.unlimited) return 0;
    this.advance(this.clock.now());
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  /** Waits until a token is available (rejects when the signal aborts; the token is then lost). */
  async accept(signal?: AbortSignal): Promise<void> {
    const delay = this.reserve();
    if (delay > 0) await sleep(delay, signal, this.clock);
  }
}
