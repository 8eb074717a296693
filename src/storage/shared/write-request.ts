/**
 * Writes as plain data, so the embedded backends share one implementation of their
 * semantics (apply.ts) and can queue them for group commit. Values are already encoded
 * and size-checked when a request is built.
 */
import type { Compare } from "../interface.ts";
import type { RawKv } from "./raw-event.ts";

export type RawTxnOp =
  | { type: "put"; key: string; value: Uint8Array; ttlSeconds?: number }
  | { type: "delete"; key: string }
  | { type: "get"; key: string };

export type WriteRequest =
  | { kind: "create"; key: string; value: Uint8Array; ttlSeconds?: number }
  | { kind: "update"; key: string; value: Uint8Array; expected: number; ttlSeconds?: number }
  | { kind: "delete"; key: string; expected?: number }
  | { kind: "txn"; compares: Compare[]; success: RawTxnOp[]; failure: RawTxnOp[] }
  /** TTL expiry: deletes the key only if it is still the version that carried the TTL. */
  | { kind: "expire"; key: string; modRevision: number };

/** What a request did; `revision` is the store revision after it. */
export type WriteOutcome =
  | { kind: "kv"; revision: number; kv: RawKv }
  | { kind: "deleted"; revision: number; prevKv: RawKv }
  | { kind: "txn"; revision: number; succeeded: boolean; results: (RawKv | undefined)[] }
  | { kind: "none"; revision: number };
