/**
 * The semantics of every write, over an abstract view of the latest keys. A backend
 * supplies `lookup` (which must see changes made earlier in the same commit) and then
 * persists the returned events; a request that changes anything consumes exactly one
 * revision, shared by all of its changes (as an etcd transaction does).
 */
import { ConflictError, KeyExistsError, NotFoundError, StorageError } from "../errors.ts";
import type { Compare } from "../interface.ts";
import type { RawEvent, RawKv } from "./raw-event.ts";
import type { RawTxnOp, WriteOutcome, WriteRequest } from "./write-request.ts";

export interface ApplyView {
  lookup(key: string): RawKv | undefined;
}

export interface Applied {
  outcome: WriteOutcome;
  /** Changes in order; empty when the request wrote nothing (then no revision was used). */
  events: RawEvent[];
}

function expiry(now: number, ttlSeconds: number | undefined): number | undefined {
  if (ttlSeconds === undefined || ttlSeconds <= 0) return undefined;
  return now + Math.round(ttlSeconds * 1000);
}

function putKv(key: string, value: Uint8Array, prev: RawKv | undefined, rev: number, expiresAt: number | undefined): RawKv {
  const kv: RawKv = { key, value, createRevision: prev ? prev.createRevision : rev, modRevision: rev };
  if (expiresAt !== undefined) kv.expiresAt = expiresAt;
  return kv;
}

function putEvent(kv: RawKv, prev: RawKv | undefined): RawEvent {
  const ev: RawEvent = { type: "put", kv, revision: kv.modRevision };
  if (prev) ev.prevKv = prev;
  return ev;
}

function deleteEvent(prev: RawKv, rev: number): RawEvent {
  return {
    type: "delete",
    kv: { key: prev.key, value: prev.value, createRevision: prev.createRevision, modRevision: rev },
    prevKv: prev,
    revision: rev,
  };
}

export function compareHolds(c: Compare, kv: RawKv | undefined): boolean {
  const actual = kv ? kv.modRevision : 0;
  switch (c.op ?? "=") {
    case "=": return actual === c.modRevision;
    case "!=": return actual !== c.modRevision;
    case "<": return actual < c.modRevision;
    case ">": return actual > c.modRevision;
  }
}

/** Refuses a branch that writes the same key twice (etcd: "duplicate key given in txn request"). */
export function checkTxnOps(ops: readonly { type: RawTxnOp["type"]; key: string }[]): void {
  const written = new Set<string>();
  for (const op of ops) {
    if (op.type === "get") continue;
    if (written.has(op.key)) throw new StorageError(`duplicate key given in txn request: ${op.key}`, "InvalidTxn");
    written.add(op.key);
  }
}

/** Applies `req` as revision `rev` (used only if it writes) at wall time `now`. Throws StorageError on a failed precondition. */
export function applyWrite(req: WriteRequest, view: ApplyView, currentRev: number, now: number): Applied {
  const rev = currentRev + 1;
  switch (req.kind) {
    case "create": {
      const prev = view.lookup(req.key);
      if (prev) throw new KeyExistsError(req.key);
      const kv = putKv(req.key, req.value, undefined, rev, expiry(now, req.ttlSeconds));
      return { outcome: { kind: "kv", revision: rev, kv }, events: [putEvent(kv, undefined)] };
    }
    case "update": {
      const prev = view.lookup(req.key);
      if (!prev) throw new NotFoundError(req.key);
      if (prev.modRevision !== req.expected) throw new ConflictError(req.key, req.expected, prev.modRevision);
      const kv = putKv(req.key, req.value, prev, rev, expiry(now, req.ttlSeconds));
      return { outcome: { kind: "kv", revision: rev, kv }, events: [putEvent(kv, prev)] };
    }
    case "delete": {
      const prev = view.lookup(req.key);
      if (!prev) throw new NotFoundError(req.key);
      if (req.expected !== undefined && prev.modRevision !== req.expected) {
        throw new ConflictError(req.key, req.expected, prev.modRevision);
      }
      return { outcome: { kind: "deleted", revision: rev, prevKv: prev }, events: [deleteEvent(prev, rev)] };
    }
    case "expire": {
      const prev = view.lookup(req.key);
      if (!prev || prev.modRevision !== req.modRevision) return { outcome: { kind: "none", revision: currentRev }, events: [] };
      return { outcome: { kind: "deleted", revision: rev, prevKv: prev }, events: [deleteEvent(prev, rev)] };
    }
    case "txn":
      return applyTxn(req.compares, req.success, req.failure, view, rev, now);
  }
}

function applyTxn(
  compares: Compare[], success: RawTxnOp[], failure: RawTxnOp[], view: ApplyView, rev: number, now: number,
): Applied {
  const succeeded = compares.every((c) => compareHolds(c, view.lookup(c.key)));
  const ops = succeeded ? success : failure;
  const local = new Map<string, RawKv | undefined>();
  const lookup = (key: string) => (local.has(key) ? local.get(key) : view.lookup(key));
  const events: RawEvent[] = [];
  const results: (RawKv | undefined)[] = [];
  for (const op of ops) {
    if (op.type === "get") {
      results.push(lookup(op.key));
    } else if (op.type === "put") {
      const prev = lookup(op.key);
      const kv = putKv(op.key, op.value, prev, rev, expiry(now, op.ttlSeconds));
      local.set(op.key, kv);
      events.push(putEvent(kv, prev));
      results.push(kv);
    } else {
      const prev = lookup(op.key);
      if (prev) {
        local.set(op.key, undefined);
        events.push(deleteEvent(prev, rev));
      }
      results.push(prev);
    }
  }
  const revision = events.length > 0 ? rev : rev - 1;
  return { outcome: { kind: "txn", revision, succeeded, results }, events };
}
