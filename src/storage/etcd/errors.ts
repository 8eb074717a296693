/** Maps etcd/gRPC failures onto the store's typed errors. */
import { CompactedError, FutureRevisionError, StorageError } from "../errors.ts";

export function isCompacted(err: unknown): boolean {
  return /required revision has been compacted/.test(String((err as Error)?.message ?? err));
}

export function isFuture(err: unknown): boolean {
  return /required revision is a future revision/.test(String((err as Error)?.message ?? err));
}

export function mapEtcdError(err: unknown, ctx: { revision?: number; compacted: number; current?: number }): Error {
  if (err instanceof StorageError) return err;
  if (isCompacted(err)) return new CompactedError(ctx.revision ?? 0, Math.max(ctx.compacted, (ctx.revision ?? 0) + 1));
  if (isFuture(err)) return new FutureRevisionError(ctx.revision ?? 0, ctx.current ?? 0);
  const msg = String((err as Error)?.message ?? err);
  return new StorageError(`etcd: ${msg}`, "Unavailable");
}
