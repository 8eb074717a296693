/**
 * Values for read-only callers (`LmdbStore.getShared`): each version of a key is decoded
 * once, deeply frozen, and handed to every later reader of that version, so a repeated read
 * costs a map lookup instead of an LMDB lookup and a decode. An entry goes when its key is
 * written (the store drops it at the commit, before the commit's snapshot is visible), or
 * when the cache is full (oldest first).
 */
import type { KeyValue } from "../interface.ts";

export class SharedValues {
  private readonly entries = new Map<string, KeyValue<unknown>>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): KeyValue<unknown> | undefined {
    return this.entries.get(key);
  }

  /** Freezes `kv` (value included, deeply) and keeps it. */
  add(kv: KeyValue<unknown>): KeyValue<unknown> {
    deepFreeze(kv);
    if (this.capacity <= 0) return kv;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(kv.key, kv);
    return kv;
  }

  drop(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

export function deepFreeze(v: unknown): void {
  if (typeof v !== "object" || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  if (Array.isArray(v)) {
    for (const x of v) deepFreeze(x);
  } else {
    for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
  }
}
