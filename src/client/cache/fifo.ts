/**
 * RealFIFO: the in-order queue between the reflector and the informer. Every change
 * the reflector sees is queued as one Delta, in arrival order, and popped in that
 * order (no per-key coalescing, unlike the older DeltaFIFO). Replace turns a relist
 * into Replaced deltas plus Deleted tombstones for keys that disappeared; Resync
 * queues Sync deltas for everything the informer's store knows.
 */
import { DeletedFinalStateUnknown, deletionHandlingMetaNamespaceKey, type KeyFunc } from "./keys.ts";

export type DeltaType = "Added" | "Updated" | "Deleted" | "Replaced" | "Sync";

export interface Delta<T> {
  type: DeltaType;
  object: T | DeletedFinalStateUnknown<T>;
}

/** What the FIFO reads of the informer's store to compute deletions and resyncs. */
export interface KnownObjects<T> {
  listKeys(): string[];
  getByKey(key: string): T | undefined;
}

/** The slice of a store the reflector writes to (cache.ReflectorStore). */
export interface ReflectorStore<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  replace(list: T[], resourceVersion: string): void;
}

export type TransformFunc<T> = (obj: T) => T;

export interface RealFIFOOptions<T> {
  knownObjects: KnownObjects<T>;
  keyFunc?: KeyFunc<T>;
  /** Applied to every object before it is queued (e.g. dropping managedFields). */
  transform?: TransformFunc<T>;
}

/** Processes one delta; isInInitialList is true while the first list is being delivered. */
export type PopProcessFunc<T> = (delta: Delta<T>, isInInitialList: boolean) => void;

export class RealFIFO<T> implements ReflectorStore<T> {
  private queue: (Delta<T> | undefined)[] = [];
  private head = 0;
  private populated = false;
  private initialPopulationCount = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly keyFunc: KeyFunc<T>;
  private readonly known: KnownObjects<T>;
  private readonly transform: TransformFunc<T> | undefined;

  constructor(opts: RealFIFOOptions<T>) {
    this.known = opts.knownObjects;
    this.keyFunc = opts.keyFunc ?? (deletionHandlingMetaNamespaceKey as unknown as KeyFunc<T>);
    this.transform = opts.transform;
  }

  get length(): number {
    return this.queue.length - this.head;
  }

  /** True once the first replace (or any change) was queued and every item of it has been popped. */
  hasSynced(): boolean {
    return this.populated && this.initialPopulationCount === 0;
  }

  isClosed(): boolean {
    return this.closed;
  }

  private push(type: DeltaType, object: T | DeletedFinalStateUnknown<T>): void {
    if (this.closed) return;
    this.queue.push({ type, object });
    const w = this.wake;
    if (w) {
      this.wake = undefined;
      w();
    }
  }

  private tx(obj: T): T {
    return this.transform ? this.transform(obj) : obj;
  }

  add(obj: T): void {
    this.populated = true;
    this.push("Added", this.tx(obj));
  }

  update(obj: T): void {
    this.populated = true;
    this.push("Updated", this.tx(obj));
  }

  delete(obj: T): void {
    this.populated = true;
    this.push("Deleted", this.tx(obj));
  }

  /**
   * Queues the listed objects as Replaced, then a Deleted tombstone for every key the
   * consumer knows (its store, as updated by deltas still queued) that is not listed.
   */
  replace(list: T[], _resourceVersion: string): void {
    const items = list.map((o) => this.tx(o));
    const newKeys = new Set<string>();
    for (const o of items) newKeys.add(this.keyFunc(o));

    // The consumer's view after the queued deltas are applied.
    const known = new Map<string, T | undefined>();
    for (const k of this.known.listKeys()) known.set(k, undefined);
    for (let i = this.head; i < this.queue.length; i++) {
      const d = this.queue[i] as Delta<T>;
      const k = this.keyFunc(d.object);
      if (d.type === "Deleted") known.delete(k);
      else known.set(k, d.object as T);
    }
    const deletions: DeletedFinalStateUnknown<T>[] = [];
    for (const [k, queuedObj] of known) {
      if (newKeys.has(k)) continue;
      const last = queuedObj ?? this.known.getByKey(k);
      if (last !== undefined) deletions.push(new DeletedFinalStateUnknown(k, last));
    }

    if (!this.populated) {
      this.populated = true;
      this.initialPopulationCount = items.length + deletions.length;
    }
    for (const o of items) this.push("Replaced", o);
    for (const d of deletions) this.push("Deleted", d);
  }

  /** Queues a Sync for every known object that has no delta waiting (a queued delta is newer). */
  resync(): void {
    const queued = new Set<string>();
    for (let i = this.head; i < this.queue.length; i++) queued.add(this.keyFunc((this.queue[i] as Delta<T>).object));
    for (const k of this.known.listKeys()) {
      if (queued.has(k)) continue;
      const obj = this.known.getByKey(k);
      if (obj !== undefined) this.push("Sync", obj);
    }
  }

  /** Stops pop(); queued deltas are dropped. */
  close(): void {
    this.closed = true;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /**
   * Pops deltas in order and hands each to process, until close() or the signal
   * aborts. Deltas queued together are processed in one synchronous run.
   */
  async run(process: PopProcessFunc<T>, signal?: AbortSignal): Promise<void> {
    const onAbort = () => this.close();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      while (!this.closed) {
        if (this.head >= this.queue.length) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        while (this.head < this.queue.length && !this.closed) {
          const d = this.queue[this.head] as Delta<T>;
          this.queue[this.head++] = undefined;
          const initial = this.initialPopulationCount > 0;
          if (initial) this.initialPopulationCount--;
          process(d, initial);
        }
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
