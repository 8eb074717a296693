/**
 * The write half of the Store contract for backends that apply writes themselves
 * (memory, LMDB): each public write becomes a WriteRequest, the backend commits it via
 * `submit`, and the outcome becomes the public result. Reads stay backend-specific.
 */
import { StorageError } from "../errors.ts";
import type {
  Compare, DeleteResult, GetResult, KeyValue, ListOptions, ListResult, Store, StoreStats, TxnOp, TxnResult,
  Watch, WatchHandler, WatchOptions, WriteOptions, WriteResult,
} from "../interface.ts";
import type { ValueCodec } from "../codec.ts";
import { checkTxnOps } from "./apply.ts";
import { materializeKv, type RawKv } from "./raw-event.ts";
import type { WatchHub } from "./watch-hub.ts";
import type { RawTxnOp, WriteOutcome, WriteRequest } from "./write-request.ts";

function withValue<V>(raw: RawKv, value: V): KeyValue<V> {
  const kv: KeyValue<V> = { key: raw.key, value, createRevision: raw.createRevision, modRevision: raw.modRevision };
  if (raw.expiresAt !== undefined) kv.expiresAt = raw.expiresAt;
  return kv;
}

function unexpected(outcome: WriteOutcome): never {
  throw new StorageError(`unexpected write outcome ${outcome.kind}`, "Internal");
}

export function rawTxnOps<V>(ops: readonly TxnOp<V>[], codec: ValueCodec): RawTxnOp[] {
  const out = ops.map((op): RawTxnOp => {
    if (op.type !== "put") return op;
    const raw: RawTxnOp = { type: "put", key: op.key, value: codec.encodeChecked(op.key, op.value) };
    if (op.ttlSeconds !== undefined) raw.ttlSeconds = op.ttlSeconds;
    return raw;
  });
  checkTxnOps(out);
  return out;
}

export abstract class EmbeddedStore implements Store {
  abstract readonly kind: string;
  /** Commits publish their events before they are acknowledged (see submit). */
  readonly eventsBeforeAck = true;
  protected abstract readonly codec: ValueCodec;
  /** Commits one request; resolves once it is durable and published to watchers. */
  protected abstract submit(req: WriteRequest): Promise<WriteOutcome>;
  /** Where commits are published (offer: watchers copy the written value, not decode it). */
  protected abstract readonly hub: WatchHub;

  /** submit, with the value `bytes` encode offered to the watchers of the commit. */
  private async submitOffering(req: WriteRequest, bytes: Uint8Array, value: unknown, handOver: boolean): Promise<WriteOutcome> {
    if (!this.hub.offer(bytes, value, handOver)) return this.submit(req);
    try {
      return await this.submit(req);
    } finally {
      this.hub.withdraw(bytes);
    }
  }

  abstract currentRevision(): Promise<number>;
  abstract get<V = unknown>(key: string, opts?: { revision?: number }): Promise<GetResult<V>>;
  abstract list<V = unknown>(prefix: string, opts?: ListOptions): Promise<ListResult<V>>;
  abstract count(prefix: string): Promise<{ revision: number; count: number }>;
  abstract watch<V = unknown>(opts: WatchOptions, handler: WatchHandler<V>): Watch;
  abstract compact(revision: number): Promise<void>;
  abstract stats(): Promise<StoreStats>;
  abstract close(): Promise<void>;

  async create<V = unknown>(key: string, value: V, opts?: WriteOptions): Promise<WriteResult<V>> {
    const req: WriteRequest = { kind: "create", key, value: this.codec.encodeChecked(key, value) };
    if (opts?.ttlSeconds !== undefined) req.ttlSeconds = opts.ttlSeconds;
    const out = await this.submitOffering(req, req.value, value, opts?.handOver === true);
    if (out.kind !== "kv") unexpected(out);
    return { revision: out.revision, kv: withValue(out.kv, value) };
  }

  async update<V = unknown>(key: string, value: V, expectedModRevision: number, opts?: WriteOptions): Promise<WriteResult<V>> {
    const req: WriteRequest = { kind: "update", key, value: this.codec.encodeChecked(key, value), expected: expectedModRevision };
    if (opts?.ttlSeconds !== undefined) req.ttlSeconds = opts.ttlSeconds;
    const out = await this.submitOffering(req, req.value, value, opts?.handOver === true);
    if (out.kind !== "kv") unexpected(out);
    return { revision: out.revision, kv: withValue(out.kv, value) };
  }

  async delete<V = unknown>(key: string, expectedModRevision?: number): Promise<DeleteResult<V>> {
    const req: WriteRequest = { kind: "delete", key };
    if (expectedModRevision !== undefined) req.expected = expectedModRevision;
    const out = await this.submit(req);
    if (out.kind !== "deleted") unexpected(out);
    return { revision: out.revision, prevKv: materializeKv<V>(out.prevKv, this.codec) };
  }

  async txn<V = unknown>(compares: Compare[], success: TxnOp<V>[], failure: TxnOp<V>[] = []): Promise<TxnResult<V>> {
    const req: WriteRequest = { kind: "txn", compares, success: rawTxnOps(success, this.codec), failure: rawTxnOps(failure, this.codec) };
    const out = await this.submit(req);
    if (out.kind !== "txn") unexpected(out);
    return {
      succeeded: out.succeeded,
      revision: out.revision,
      results: out.results.map((r) => (r ? materializeKv<V>(r, this.codec) : undefined)),
    };
  }
}
