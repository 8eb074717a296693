/**
 * The narrow, revision-based storage contract every backend implements (LMDB, etcd).
 *
 * Modelled on etcd's MVCC and kine: one global revision per store, incremented by one
 * for every write (create, update, delete, TTL expiry). An object's resourceVersion on
 * the API is the modRevision of its key. Values are plain JSON-compatible objects; the
 * backend owns their encoding (msgpack) and never hands out shared mutable state:
 * callers may keep and mutate what they receive.
 */

/** A stored key at one revision. */
export interface KeyValue<V = unknown> {
  key: string;
  value: V;
  /** Revision of the write that created this key (its current generation). */
  createRevision: number;
  /** Revision of the last write that changed this key. */
  modRevision: number;
  /** Absolute expiry in epoch milliseconds, for keys written with a TTL. */
  expiresAt?: number;
}

export interface GetResult<V = unknown> {
  /** The store revision the read was served at. */
  revision: number;
  kv: KeyValue<V> | undefined;
}

export interface ListOptions {
  /** Read the snapshot at this revision (0/undefined: latest). Older than compacted: CompactedError. */
  revision?: number;
  /** At most this many keys (0/undefined: no limit). */
  limit?: number;
  /** Start at this key (inclusive); used for continue tokens. Must start with the prefix. */
  startKey?: string;
}

export interface ListResult<V = unknown> {
  /** The revision of the snapshot that was read. */
  revision: number;
  kvs: KeyValue<V>[];
  /** True when keys remain after the last returned one. */
  more: boolean;
  /** Keys remaining after this page (only when `more`). */
  remaining: number;
}

export interface WriteOptions {
  /** Key expires this many seconds after the write; expiry is a delete with its own revision. */
  ttlSeconds?: number;
  /**
   * The writer hands the value over: neither it nor anything reachable from it changes after
   * the call, and it is plain JSON data. An embedded store's watchers may then receive the
   * value itself instead of a copy taken before the commit. Other stores ignore it.
   */
  handOver?: boolean;
}

export interface WriteResult<V = unknown> {
  revision: number;
  kv: KeyValue<V>;
}

export interface DeleteResult<V = unknown> {
  revision: number;
  prevKv: KeyValue<V>;
}

/** One condition of a transaction: compares a key's modRevision (0 means absent). */
export interface Compare {
  key: string;
  modRevision: number;
  op?: "=" | "!=" | "<" | ">";
}

export type TxnOp<V = unknown> =
  | { type: "put"; key: string; value: V; ttlSeconds?: number }
  | { type: "delete"; key: string }
  | { type: "get"; key: string };

export interface TxnResult<V = unknown> {
  succeeded: boolean;
  revision: number;
  /** For each op of the branch taken: the kv written, deleted (previous) or read. */
  results: (KeyValue<V> | undefined)[];
}

export type WatchEventType = "put" | "delete";

export interface WatchEvent<V = unknown> {
  type: WatchEventType;
  /** For put: the new kv. For delete: the deleted key with modRevision = deletion revision and the last value. */
  kv: KeyValue<V>;
  /** The value before this change (updates and deletes). */
  prevKv?: KeyValue<V>;
  /** The revision of this change (equals kv.modRevision). */
  revision: number;
}

export interface WatchOptions {
  prefix: string;
  /** Deliver changes with revision strictly greater than this. Compacted: CompactedError. */
  afterRevision: number;
  /**
   * false: events carry no prevKv (etcd's WithPrevKV is opt-in too). A watcher that keeps
   * its own previous objects (the apiserver's watch cache) spares the store a decode per
   * update. Default true.
   */
  prevKv?: boolean;
}

export interface WatchHandler<V = unknown> {
  /** Called in revision order, never twice for the same revision, each batch from one or more transactions. */
  onEvents(events: WatchEvent<V>[]): void;
  /** The watch can no longer continue (compaction, backend failure, store closed). Called at most once. */
  onError(err: Error): void;
}

export interface Watch {
  cancel(): void;
}

export interface StoreStats {
  revision: number;
  compactedRevision: number;
  keys: number;
}

/** The storage contract. All methods are safe to call concurrently. */
export interface Store {
  readonly kind: string;
  /**
   * True when a write's watch events reach the handlers before the write is acknowledged
   * and currentRevision() only counts published writes (the embedded stores): a watcher
   * that reads currentRevision() and then lets pending callbacks run has seen every change
   * up to it. False for etcd, whose events arrive on their own stream, possibly after
   * writes (this process's or another apiserver's) are already readable: a consistent
   * read must then go to the store.
   */
  readonly eventsBeforeAck: boolean;
  currentRevision(): Promise<number>;
  get<V = unknown>(key: string, opts?: { revision?: number }): Promise<GetResult<V>>;
  list<V = unknown>(prefix: string, opts?: ListOptions): Promise<ListResult<V>>;
  count(prefix: string): Promise<{ revision: number; count: number }>;
  /** Fails with KeyExistsError if present. Acknowledged only when durable. */
  create<V = unknown>(key: string, value: V, opts?: WriteOptions): Promise<WriteResult<V>>;
  /** Fails with ConflictError unless the key's modRevision equals expectedModRevision; NotFoundError if absent. */
  update<V = unknown>(key: string, value: V, expectedModRevision: number, opts?: WriteOptions): Promise<WriteResult<V>>;
  /** Deletes if present; with expectedModRevision, only at that revision (ConflictError otherwise). NotFoundError if absent. */
  delete<V = unknown>(key: string, expectedModRevision?: number): Promise<DeleteResult<V>>;
  txn<V = unknown>(compares: Compare[], success: TxnOp<V>[], failure?: TxnOp<V>[]): Promise<TxnResult<V>>;
  watch<V = unknown>(opts: WatchOptions, handler: WatchHandler<V>): Watch;
  /** Drop history at or below `revision`; later reads/watches below it fail with CompactedError. */
  compact(revision: number): Promise<void>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

/** Largest value accepted, as etcd's default request size limit. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;
