/**
 * A committed change as backends keep it: encoded bytes, decoded per watcher on delivery,
 * so no two consumers share a mutable value.
 */
import type { KeyValue, WatchEventType } from "../interface.ts";
import type { ValueCodec } from "../codec.ts";

export interface RawKv {
  key: string;
  value: Uint8Array;
  createRevision: number;
  modRevision: number;
  expiresAt?: number;
  /** The backend's stored form of this version, when it keeps one (LMDB: header + value). */
  record?: Uint8Array;
}

export interface RawEvent {
  type: WatchEventType;
  /** put: the new kv; delete: the last value with modRevision = the deletion revision. */
  kv: RawKv;
  prevKv?: RawKv;
  revision: number;
}

export function materializeKv<V>(raw: RawKv, codec: ValueCodec): KeyValue<V> {
  const kv: KeyValue<V> = {
    key: raw.key,
    value: codec.decode<V>(raw.value),
    createRevision: raw.createRevision,
    modRevision: raw.modRevision,
  };
  if (raw.expiresAt !== undefined) kv.expiresAt = raw.expiresAt;
  return kv;
}
