/** A fixed-capacity ring of recent events in revision order. */
import type { CacheEvent } from "./event.ts";

export class EventRing {
  private readonly buf: (CacheEvent | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends; returns the evicted event when full. */
  push(ev: CacheEvent): CacheEvent | undefined {
    if (this.count < this.capacity) {
      this.buf[(this.start + this.count) % this.capacity] = ev;
      this.count++;
      return undefined;
    }
    const evicted = this.buf[this.start];
    this.buf[this.start] = ev;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** Events with revision strictly greater than `rv`, oldest first. */
  since(rv: number): CacheEvent[] {
    // binary search for the first event with rev > rv
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: CacheEvent[] = [];
    for (let i = lo; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  private at(i: number): CacheEvent {
    return this.buf[(this.start + i) % this.capacity]!;
  }

  clear(): void {
    this.buf.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
