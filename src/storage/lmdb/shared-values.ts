/**
 * Decoded values kept per key: a version read a second time is kept decoded; `get` copies
 * it and `getShared` hands it out deeply frozen, so a repeated read costs a map lookup (and
 * a copy) instead of an LMDB lookup and a decode. A version read once (an update's
 * read-modify-write) is only noted: its reader keeps the one decode. Values are frozen only when `getShared`
 * first hands them out: JSC reads frozen objects about half as fast, which would halve
 * the copies `get` makes. An entry goes when its key is
 * written (the store drops it at the commit, before the commit's snapshot is visible), or
 * when the cache is full (least recently read first).
 */
import type { KeyValue } from "../interface.ts";
import { LRU } from "../../util/lru.ts";
import type { Copier } from "../shared/shape-clone.ts";

/** A cached version and how to copy its value: a compiled copier, 0 (not tried yet) or null (none). */
export interface SharedEntry {
  readonly kv: KeyValue<unknown>;
  copier: Copier | 0 | null;
  /** Copies made so far without a compiled copier. */
  copies: number;
}

export class SharedValues {
  /** Least recently read goes first when full (an O(1) LRU: see util/lru.ts). */
  private readonly entries: LRU<string, SharedEntry>;
  /** Versions read once (key -> modRevision): a second read of one caches it. */
  private readonly seen: LRU<string, number>;

  constructor(private readonly capacity: number) {
    this.entries = new LRU(Math.max(1, capacity));
    this.seen = new LRU(Math.max(1, capacity));
  }

  /**
   * Notes that the version `modRevision` of `key` was read; true when it had been read
   * before (since its last write), i.e. it is worth caching.
   */
  readAgain(key: string, modRevision: number): boolean {
    if (this.capacity <= 0) return false;
    if (this.seen.peek(key) === modRevision) {
      this.seen.delete(key);
      return true;
    }
    this.seen.set(key, modRevision);
    return false;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): SharedEntry | undefined {
    return this.entries.get(key);
  }

  /** Keeps `kv`; nobody may mutate it from now on. */
  add(kv: KeyValue<unknown>): SharedEntry {
    const entry: SharedEntry = { kv, copier: 0, copies: 0 };
    if (this.capacity <= 0) return entry;
    this.entries.set(kv.key, entry);
    return entry;
  }

  drop(key: string): void {
    this.entries.delete(key);
    this.seen.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.seen.clear();
  }
}
