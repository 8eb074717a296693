/**
 * The Store contract on etcd v3, for several apiservers sharing one replicated store.
 * Store revision = etcd revision (as kube-apiserver does), compares are on mod_revision
 * (0 = absent, as etcd compares a missing key), watches start at afterRevision+1 with
 * prevKv, compaction is etcd's, TTLs are leases. Values are plain msgpack maps (see
 * docs/decisions.md). An optional namespace prefixes every key, like --etcd-prefix.
 */
import { readFileSync } from "node:fs";
import { Etcd3, type IOptions, type IKeyValue, type IRequestOp, type ICompare, type IResponseOp } from "etcd3";
import { ConflictError, KeyExistsError, NotFoundError, StorageError, StoreClosedError } from "../errors.ts";
import type {
  Compare, DeleteResult, GetResult, KeyValue, ListOptions, ListResult, Store, StoreStats, TxnOp, TxnResult, Watch,
  WatchHandler, WatchOptions, WriteOptions, WriteResult,
} from "../interface.ts";
import { ValueCodec } from "../codec.ts";
import { checkTxnOps } from "../shared/apply.ts";
import { Compactor, DEFAULT_COMPACT_INTERVAL_MS } from "../shared/compactor.ts";
import type { StoreTlsOptions } from "../registry.ts";
import { isCompacted, isFuture, mapEtcdError } from "./errors.ts";
import { WatchFeeds } from "./watch-feed.ts";
import { LeaseManager } from "./leases.ts";

export interface EtcdStoreOptions {
  /** Client URLs, e.g. ["http://127.0.0.1:2379"] (see parseEtcdEndpoint). */
  hosts: string[];
  /** Prefix of every key in etcd (default ""). */
  namespace?: string;
  /** Periodic compaction interval (default 5 minutes; 0 disables). */
  compactIntervalMs?: number;
  tls?: StoreTlsOptions;
  /** Per-request deadline (default 10 s). */
  timeoutMs?: number;
}

const CMP_RESULT = { "=": "Equal", "!=": "NotEqual", "<": "Less", ">": "Greater" } as const;

/** etcd's [key, range_end) for every key starting with `prefix`; an empty prefix is the whole keyspace ("\0", "\0"). */
function prefixRange(prefix: Buffer): { key: Buffer; range_end: Buffer } {
  if (prefix.length === 0) return { key: Buffer.from([0]), range_end: Buffer.from([0]) };
  return { key: prefix, range_end: rangeEnd(prefix) };
}

/** The smallest key greater than every key starting with `prefix`. */
function rangeEnd(prefix: Buffer): Buffer {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      b[i]!++;
      return b.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

export class EtcdStore implements Store {
  readonly kind = "etcd";
  /** Watch events come on their own stream, after the write's answer (see Store). */
  readonly eventsBeforeAck = false;
  private readonly client: Etcd3;
  private readonly codec = new ValueCodec("standard");
  private readonly ns: string;
  private readonly leases: LeaseManager;
  private readonly feeds: WatchFeeds;
  private readonly compactor: Compactor;
  private readonly timeoutMs: number;
  private compacted = 0;
  private closed = false;

  constructor(opts: EtcdStoreOptions) {
    const options: IOptions = {
      hosts: opts.hosts,
      dialTimeout: opts.timeoutMs ?? 10_000,
      // Large lists (10,000 Pods is ~20 MB) exceed gRPC's 4 MiB default, as kube-apiserver found.
      grpcOptions: { "grpc.max_receive_message_length": 2 ** 31 - 1, "grpc.max_send_message_length": 2 ** 31 - 1 },
    };
    if (opts.tls?.caFile) {
      options.credentials = { rootCertificate: readFileSync(opts.tls.caFile) };
      if (opts.tls.keyFile) options.credentials.privateKey = readFileSync(opts.tls.keyFile);
      if (opts.tls.certFile) options.credentials.certChain = readFileSync(opts.tls.certFile);
    }
    this.client = new Etcd3(options);
    this.ns = opts.namespace ?? "";
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.leases = new LeaseManager(this.client);
    this.feeds = new WatchFeeds({
      client: this.client,
      codec: this.codec,
      namespace: this.ns,
      classify: (err, after) => this.classifyWatchError(err, after),
    });
    this.compactor = new Compactor(this, opts.compactIntervalMs ?? DEFAULT_COMPACT_INTERVAL_MS);
  }

  startCompactor(): void {
    this.compactor.start();
  }

  private check(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private callOpts() {
    return { deadline: Date.now() + this.timeoutMs };
  }

  private k(key: string): Buffer {
    return Buffer.from(this.ns + key, "utf8");
  }

  private kv<V>(raw: IKeyValue): KeyValue<V> {
    return {
      key: raw.key.toString("utf8").slice(this.ns.length),
      value: this.codec.decode<V>(raw.value),
      createRevision: Number(raw.create_revision),
      modRevision: Number(raw.mod_revision),
    };
  }

  private async call<T>(fn: () => Promise<T>, revision?: number): Promise<T> {
    this.check();
    try {
      return await fn();
    } catch (err) {
      const ctx: { revision?: number; compacted: number; current?: number } = { compacted: this.compacted };
      if (revision !== undefined) ctx.revision = revision;
      if (isFuture(err)) ctx.current = await this.currentRevision().catch(() => 0);
      throw mapEtcdError(err, ctx);
    }
  }

  async currentRevision(): Promise<number> {
    const res = await this.call(() => this.client.kv.range({ key: this.k("\0"), count_only: true }, this.callOpts()));
    return Number(res.header.revision);
  }

  async get<V = unknown>(key: string, opts?: { revision?: number }): Promise<GetResult<V>> {
    const revision = opts?.revision || undefined;
    const res = await this.call(() => this.client.kv.range({ key: this.k(key), ...(revision ? { revision } : {}) }, this.callOpts()), revision);
    const raw = res.kvs[0];
    return { revision: revision ?? Number(res.header.revision), kv: raw ? this.kv<V>(raw) : undefined };
  }

  async list<V = unknown>(prefix: string, opts: ListOptions = {}): Promise<ListResult<V>> {
    const range = prefixRange(this.k(prefix));
    const start = opts.startKey !== undefined && opts.startKey > prefix ? this.k(opts.startKey) : range.key;
    const end = range.range_end;
    const revision = opts.revision || undefined;
    const res = await this.call(
      () => this.client.kv.range({ key: start, range_end: end, ...(opts.limit ? { limit: opts.limit } : {}), ...(revision ? { revision } : {}) }, this.callOpts()),
      revision,
    );
    const kvs = res.kvs.map((raw) => this.kv<V>(raw));
    const remaining = res.more ? Number(res.count) - kvs.length : 0;
    return { revision: revision ?? Number(res.header.revision), kvs, more: res.more, remaining };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    const res = await this.call(() => this.client.kv.range({ ...prefixRange(this.k(prefix)), count_only: true }, this.callOpts()));
    return { revision: Number(res.header.revision), count: Number(res.count) };
  }

  private async putOp(key: string, value: unknown, ttlSeconds: number | undefined): Promise<IRequestOp> {
    const put: IRequestOp["request_put"] = { key: this.k(key), value: Buffer.from(this.codec.encodeChecked(key, value)), prev_kv: true };
    if (ttlSeconds !== undefined && ttlSeconds > 0) put.lease = await this.call(() => this.leases.leaseFor(ttlSeconds));
    return { request_put: put };
  }

  private modCompare(key: string, modRevision: number, op: Compare["op"] = "="): ICompare {
    return { key: this.k(key), target: "Mod", result: CMP_RESULT[op], mod_revision: modRevision };
  }

  private exists(key: string): ICompare {
    return { key: this.k(key), target: "Create", result: "Greater", create_revision: 0 };
  }

  async create<V = unknown>(key: string, value: V, opts?: WriteOptions): Promise<WriteResult<V>> {
    const started = Date.now();
    const op = await this.putOp(key, value, opts?.ttlSeconds);
    const res = await this.call(() => this.client.kv.txn({ compare: [this.modCompare(key, 0)], success: [op] }, this.callOpts()));
    if (!res.succeeded) throw new KeyExistsError(key);
    const rev = Number(res.header.revision);
    const kv: KeyValue<V> = { key, value, createRevision: rev, modRevision: rev };
    if (opts?.ttlSeconds) kv.expiresAt = started + Math.round(opts.ttlSeconds * 1000);
    return { revision: rev, kv };
  }

  async update<V = unknown>(key: string, value: V, expectedModRevision: number, opts?: WriteOptions): Promise<WriteResult<V>> {
    const started = Date.now();
    const op = await this.putOp(key, value, opts?.ttlSeconds);
    const res = await this.call(() =>
      this.client.kv.txn(
        {
          compare: [this.exists(key), this.modCompare(key, expectedModRevision)],
          success: [op],
          failure: [{ request_range: { key: this.k(key) } }],
        },
        this.callOpts(),
      ),
    );
    if (!res.succeeded) throw this.preconditionError(key, expectedModRevision, res.responses[0]);
    const rev = Number(res.header.revision);
    const prev = res.responses[0]?.response_put.prev_kv;
    const kv: KeyValue<V> = { key, value, createRevision: prev ? Number(prev.create_revision) : rev, modRevision: rev };
    if (opts?.ttlSeconds) kv.expiresAt = started + Math.round(opts.ttlSeconds * 1000);
    return { revision: rev, kv };
  }

  private preconditionError(key: string, expected: number, failure: IResponseOp | undefined): Error {
    const current = failure?.response_range.kvs[0];
    if (!current) return new NotFoundError(key);
    return new ConflictError(key, expected, Number(current.mod_revision));
  }

  async delete<V = unknown>(key: string, expectedModRevision?: number): Promise<DeleteResult<V>> {
    const compare = [this.exists(key)];
    if (expectedModRevision !== undefined) compare.push(this.modCompare(key, expectedModRevision));
    const res = await this.call(() =>
      this.client.kv.txn(
        {
          compare,
          success: [{ request_delete_range: { key: this.k(key), prev_kv: true } }],
          failure: [{ request_range: { key: this.k(key) } }],
        },
        this.callOpts(),
      ),
    );
    if (!res.succeeded) throw this.preconditionError(key, expectedModRevision ?? 0, res.responses[0]);
    const prev = res.responses[0]?.response_delete_range.prev_kvs[0];
    if (!prev) throw new NotFoundError(key);
    return { revision: Number(res.header.revision), prevKv: this.kv<V>(prev) };
  }

  private async ops<V>(ops: TxnOp<V>[]): Promise<IRequestOp[]> {
    const out: IRequestOp[] = [];
    for (const op of ops) {
      if (op.type === "put") out.push(await this.putOp(op.key, op.value, op.ttlSeconds));
      else if (op.type === "delete") out.push({ request_delete_range: { key: this.k(op.key), prev_kv: true } });
      else out.push({ request_range: { key: this.k(op.key) } });
    }
    return out;
  }

  async txn<V = unknown>(compares: Compare[], success: TxnOp<V>[], failure: TxnOp<V>[] = []): Promise<TxnResult<V>> {
    checkTxnOps(success);
    checkTxnOps(failure);
    const req = {
      compare: compares.map((c) => this.modCompare(c.key, c.modRevision, c.op)),
      success: await this.ops(success),
      failure: await this.ops(failure),
    };
    const res = await this.call(() => this.client.kv.txn(req, this.callOpts()));
    const rev = Number(res.header.revision);
    const branch = res.succeeded ? success : failure;
    const results = branch.map((op, i): KeyValue<V> | undefined => {
      const r = res.responses[i];
      if (op.type === "put") {
        const prev = r?.response_put.prev_kv;
        return { key: op.key, value: op.value, createRevision: prev ? Number(prev.create_revision) : rev, modRevision: rev };
      }
      if (op.type === "delete") {
        const prev = r?.response_delete_range.prev_kvs[0];
        return prev ? this.kv<V>(prev) : undefined;
      }
      const got = r?.response_range.kvs[0];
      return got ? this.kv<V>(got) : undefined;
    });
    return { succeeded: res.succeeded, revision: rev, results };
  }

  watch<V = unknown>(opts: WatchOptions, handler: WatchHandler<V>): Watch {
    if (this.closed) {
      let cancelled = false;
      queueMicrotask(() => cancelled || handler.onError(new StoreClosedError()));
      return { cancel: () => { cancelled = true; } };
    }
    return this.feeds.watch(opts.prefix, opts.afterRevision, handler, opts.prevKv !== false);
  }

  /** etcd cancels a watch on compaction without saying so through etcd3; a read at the resume revision tells. */
  private async classifyWatchError(err: unknown, after: number): Promise<Error> {
    if (this.closed) return new StoreClosedError();
    if (isCompacted(err)) return mapEtcdError(err, { revision: after, compacted: this.compacted });
    try {
      await this.client.kv.range({ key: this.k("\0"), count_only: true, revision: after + 1 }, this.callOpts());
    } catch (probe) {
      if (isCompacted(probe)) return mapEtcdError(probe, { revision: after, compacted: this.compacted });
    }
    return mapEtcdError(err, { compacted: this.compacted });
  }

  async compact(revision: number): Promise<void> {
    try {
      await this.call(() => this.client.kv.compact({ revision, physical: false }, this.callOpts()), revision);
    } catch (err) {
      if (!(err instanceof StorageError) || err.code !== "Compacted") throw err;
    }
    if (revision > this.compacted) this.compacted = revision;
  }

  async stats(): Promise<StoreStats> {
    const { revision, count } = await this.count("");
    return { revision, compactedRevision: this.compacted, keys: count };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.compactor.stop();
    this.feeds.closeAll(new StoreClosedError());
    this.client.close();
  }
}

/** Connects and checks that etcd answers, so a wrong endpoint fails at start, not at the first request. */
export async function openEtcdStore(opts: EtcdStoreOptions): Promise<EtcdStore> {
  const store = new EtcdStore(opts);
  try {
    await store.currentRevision();
  } catch (err) {
    await store.close();
    throw new StorageError(`cannot reach etcd at ${opts.hosts.join(",")}: ${(err as Error).message}`, "Unavailable");
  }
  store.startCompactor();
  return store;
}
