/**
 * Many long deadlines on one timer: the items themselves form a binary min-heap on their
 * deadline (each keeps its place in it, so removal is O(log n)), and one timer is armed for
 * the earliest. A pending item costs an array slot and two numbers instead of a timer of its
 * own (a Bun timer holds ~260 bytes of native memory; an apiserver keeps one per open watch).
 */

/** Something with a deadline: `expired` is called once it passes. */
export interface Timed {
  /** Its place in the heap (-1: no deadline); kept by Deadlines. */
  deadlineIndex: number;
  /** When it expires (ms, on Deadlines' clock); kept by Deadlines. */
  deadlineAt: number;
  expired(): void;
}

export class Deadlines<T extends Timed> {
  private readonly heap: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedFor = Infinity;

  constructor(private readonly now: () => number = Date.now) {}

  /** Pending items. */
  get size(): number {
    return this.heap.length;
  }

  /** Expires `item` in `ms`; a pending item is moved. */
  add(item: T, ms: number): void {
    this.remove(item);
    item.deadlineAt = this.now() + Math.max(0, ms);
    item.deadlineIndex = this.heap.push(item) - 1;
    this.up(item.deadlineIndex);
    if (item.deadlineAt < this.armedFor) this.arm();
  }

  /** Forgets `item`'s deadline, if it has one. */
  remove(item: T): void {
    const i = item.deadlineIndex;
    if (i < 0) return;
    item.deadlineIndex = -1;
    const h = this.heap;
    const last = h.pop()!;
    if (i === h.length) return;
    h[i] = last;
    last.deadlineIndex = i;
    this.down(i);
    this.up(last.deadlineIndex);
  }

  /** Cancels the timer and forgets every item. */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    for (const item of this.heap) item.deadlineIndex = -1;
    this.heap.length = 0;
  }

  private arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    const first = this.heap[0];
    if (!first) return;
    this.armedFor = first.deadlineAt;
    this.timer = setTimeout(this.fire, Math.max(0, first.deadlineAt - this.now()));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.now();
    for (let first = this.heap[0]; first && first.deadlineAt <= now; first = this.heap[0]) {
      this.remove(first);
      try {
        first.expired();
      } catch {
        // one item's failure does not keep the others from expiring
      }
    }
    if (this.timer === undefined) this.arm();
  };

  private up(i: number): void {
    const h = this.heap;
    const item = h[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (p.deadlineAt <= item.deadlineAt) break;
      h[i] = p;
      p.deadlineIndex = i;
      i = parent;
    }
    h[i] = item;
    item.deadlineIndex = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const item = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && h[r]!.deadlineAt < h[l]!.deadlineAt ? r : l;
      const child = h[c]!;
      if (child.deadlineAt >= item.deadlineAt) break;
      h[i] = child;
      child.deadlineIndex = i;
      i = c;
    }
    h[i] = item;
    item.deadlineIndex = i;
  }
}
