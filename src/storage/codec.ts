/**
 * Value encoding shared by every backend: standard msgpack via msgpackr (see
 * docs/decisions.md, "Storage: value codec"). Encoded bytes are what the size limit is
 * checked against. Every decode returns a fresh object graph, so callers may mutate it.
 */
import { Packr } from "msgpackr";
import { MAX_VALUE_BYTES } from "./interface.ts";
import { ValueTooLargeError } from "./errors.ts";

const packr = new Packr({ useRecords: false, moreTypes: false });

export function encodeValue(value: unknown): Uint8Array {
  return packr.pack(value);
}

export function decodeValue<V>(bytes: Uint8Array): V {
  return packr.unpack(bytes) as V;
}

/** Encodes and enforces the size limit; throws ValueTooLargeError naming the key. */
export function encodeChecked(key: string, value: unknown, limit = MAX_VALUE_BYTES): Uint8Array {
  const bytes = encodeValue(value);
  if (bytes.length > limit) throw new ValueTooLargeError(key, bytes.length, limit);
  return bytes;
}
