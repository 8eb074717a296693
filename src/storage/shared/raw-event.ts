/**
 * A committed change as backends keep it: encoded bytes, decoded per watcher on delivery,
 * so no two consumers share a mutable value.
 */
import type { KeyValue, WatchEvent, WatchEventType } from "../interface.ts";
import { decodeValue } from "../codec.ts";

export interface RawKv {
  key: string;
  value: Uint8Array;
  createRevision: number;
  modRevision: number;
  expiresAt?: number;
}

export interface RawEvent {
  type: WatchEventType;
  /** put: the new kv; delete: the last value with modRevision = the deletion revision. */
  kv: RawKv;
  prevKv?: RawKv;
  revision: number;
}

export function materializeKv<V>(raw: RawKv): KeyValue<V> {
  const kv: KeyValue<V> = {
    key: raw.key,
    value: decodeValue<V>(raw.value),
    createRevision: raw.createRevision,
    modRevision: raw.modRevision,
  };
  if (raw.expiresAt !== undefined) kv.expiresAt = raw.expiresAt;
  return kv;
}

export function materializeEvent<V>(raw: RawEvent): WatchEvent<V> {
  const ev: WatchEvent<V> = { type: raw.type, kv: materializeKv<V>(raw.kv), revision: raw.revision };
  if (raw.prevKv) ev.prevKv = materializeKv<V>(raw.prevKv);
  return ev;
}
