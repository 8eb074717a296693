/**
 * The thread-safe indexed store (client-go's threadSafeMap + cache): objects by key,
 * plus named indices mapping index values to keys. Every method is synchronous, so in
 * one JS thread each call is atomic; callers must treat returned objects as read-only
 * (they are the cached instances, shared with every other reader).
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { deletionHandlingMetaNamespaceKey, type DeletedFinalStateUnknown, type KeyFunc } from "./keys.ts";

/** Index values of an object (e.g. its namespace, its node name). */
export type IndexFunc<T> = (obj: T) => string[];
export type Indexers<T> = Record<string, IndexFunc<T>>;

export const NAMESPACE_INDEX = "namespace";

/** Indexes by metadata.namespace (cache.MetaNamespaceIndexFunc). */
export function metaNamespaceIndexFunc(obj: Pick<KubeObject, "metadata">): string[] {
  return [obj.metadata?.namespace ?? ""];
}

/** The store the reflector fills (through the FIFO) and listers read. */
export interface Store<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T | DeletedFinalStateUnknown<T>): void;
  list(): T[];
  listKeys(): string[];
  get(obj: T): T | undefined;
  getByKey(key: string): T | undefined;
  /** Replaces the whole content (resourceVersion is informational). */
  replace(list: T[], resourceVersion: string): void;
  readonly size: number;
}

export interface Indexer<T> extends Store<T> {
  /** Objects sharing any value of indexName with obj. */
  index(indexName: string, obj: T): T[];
  /** Keys of the objects whose indexName values include value. */
  indexKeys(indexName: string, value: string): string[];
  /** Every value present in the index. */
  listIndexFuncValues(indexName: string): string[];
  /** Objects whose indexName values include value. */
  byIndex(indexName: string, value: string): T[];
  getIndexers(): Indexers<T>;
  /** Adds indexers; allowed at any time (existing objects are indexed). */
  addIndexers(indexers: Indexers<T>): void;
}

export class IndexedStore<T> implements Indexer<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers: Indexers<T> = {};
  /** indexName -> value -> keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly keyFunc: KeyFunc<T> = deletionHandlingMetaNamespaceKey as unknown as KeyFunc<T>,
    indexers: Indexers<T> = {},
  ) {
    this.addIndexers(indexers);
  }

  get size(): number {
    return this.items.size;
  }

  keyOf(obj: T | DeletedFinalStateUnknown<T>): string {
    return this.keyFunc(obj);
  }

  add(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }

  update(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }

  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    this.deleteKey(this.keyFunc(obj));
  }

  deleteKey(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.unindex(key, old);
    this.items.delete(key);
  }

  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  replace(list: T[], _resourceVersion: string): void {
    this.items.clear();
    for (const m of this.indices.values()) m.clear();
    for (const obj of list) this.put(this.keyFunc(obj), obj);
  }

  private put(key: string, obj: T): void {
    const old = this.items.get(key);
    this.items.set(key, obj);
    if (old !== undefined) this.unindex(key, old);
    this.indexObj(key, obj);
  }

  private indexObj(key: string, obj: T): void {
    for (const name in this.indexers) {
      const fn = this.indexers[name] as IndexFunc<T>;
      const idx = this.indices.get(name) as Map<string, Set<string>>;
      for (const v of fn(obj)) {
        let set = idx.get(v);
        if (!set) idx.set(v, (set = new Set()));
        set.add(key);
      }
    }
  }

  private unindex(key: string, obj: T): void {
    for (const name in this.indexers) {
      const fn = this.indexers[name] as IndexFunc<T>;
      const idx = this.indices.get(name) as Map<string, Set<string>>;
      for (const v of fn(obj)) {
        const set = idx.get(v);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) idx.delete(v);
      }
    }
  }

  private indexOrThrow(name: string): Map<string, Set<string>> {
    const idx = this.indices.get(name);
    if (!idx) throw new Error(`Index with name ${name} does not exist`);
    return idx;
  }

  index(indexName: string, obj: T): T[] {
    const fn = this.indexers[indexName];
    const idx = this.indexOrThrow(indexName);
    if (!fn) return [];
    const keys = new Set<string>();
    for (const v of fn(obj)) for (const k of idx.get(v) ?? []) keys.add(k);
    return [...keys].map((k) => this.items.get(k) as T);
  }

  indexKeys(indexName: string, value: string): string[] {
    return [...(this.indexOrThrow(indexName).get(value) ?? [])];
  }

  listIndexFuncValues(indexName: string): string[] {
    return [...(this.indices.get(indexName)?.keys() ?? [])];
  }

  byIndex(indexName: string, value: string): T[] {
    const keys = this.indexOrThrow(indexName).get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) out.push(this.items.get(k) as T);
    return out;
  }

  getIndexers(): Indexers<T> {
    return { ...this.indexers };
  }

  addIndexers(indexers: Indexers<T>): void {
    for (const name of Object.keys(indexers)) {
      if (name in this.indexers) throw new Error(`indexer conflict: ${name}`);
    }
    for (const [name, fn] of Object.entries(indexers)) {
      this.indexers[name] = fn;
      const idx = new Map<string, Set<string>>();
      this.indices.set(name, idx);
      for (const [key, obj] of this.items) {
        for (const v of fn(obj)) {
          let set = idx.get(v);
          if (!set) idx.set(v, (set = new Set()));
          set.add(key);
        }
      }
    }
  }
}

/** A store with the namespace index plus the given indexers (what informers use). */
export function newIndexer<T extends KubeObject>(indexers: Indexers<T> = {}): IndexedStore<T> {
  return new IndexedStore<T>(deletionHandlingMetaNamespaceKey as KeyFunc<T>, { [NAMESPACE_INDEX]: metaNamespaceIndexFunc, ...indexers });
}
