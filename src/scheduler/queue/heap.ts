/**
 * A binary heap keyed by string: O(log n) push, pop, update and delete by key. The item
 * for which `less` holds against every other is on top.
 */
export class KeyedHeap<T> {
  private readonly items: T[] = [];
  private readonly keys: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Inserts, or replaces the item with the same key and restores order. */
  upsert(item: T): void {
    const key = this.keyOf(item);
    const i = this.index.get(key);
    if (i !== undefined) {
      this.items[i] = item;
      if (!this.up(i)) this.down(i);
      return;
    }
    this.items.push(item);
    this.keys.push(key);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0]!;
    this.removeAt(0);
    return top;
  }

  delete(key: string): T | undefined {
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const item = this.items[i]!;
    this.removeAt(i);
    return item;
  }

  list(): T[] {
    return this.items.slice();
  }

  private removeAt(i: number): void {
    const last = this.items.length - 1;
    this.index.delete(this.keys[i]!);
    if (i !== last) {
      this.items[i] = this.items[last]!;
      this.keys[i] = this.keys[last]!;
      this.index.set(this.keys[i]!, i);
    }
    this.items.pop();
    this.keys.pop();
    if (i < this.items.length && !this.up(i)) this.down(i);
  }

  private swap(i: number, j: number): void {
    const it = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = it;
    const k = this.keys[i]!;
    this.keys[i] = this.keys[j]!;
    this.keys[j] = k;
    this.index.set(this.keys[i]!, i);
    this.index.set(this.keys[j]!, j);
  }

  private up(i: number): boolean {
    let moved = false;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.items[i]!, this.items[p]!)) break;
      this.swap(i, p);
      i = p;
      moved = true;
    }
    return moved;
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.less(this.items[r]!, this.items[l]!) ? r : l;
      if (!this.less(this.items[c]!, this.items[i]!)) return;
      this.swap(i, c);
      i = c;
    }
  }
}
