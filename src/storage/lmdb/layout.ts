/**
 * On-disk layout of the LMDB store (format "kubun-mvcc/2"), in named databases of one
 * environment:
 * - meta: format marker, current revision, compacted revision, codec structures.
 * - kv:   key (string) -> record of its latest live version (the only place that version is
 *         kept: reads at the latest revision, and creates, touch one B-tree).
 * - hist: utf8(key) 0x00 rev(8 BE) -> record of a version that a later write superseded,
 *         and the tombstone of each delete, back to the compacted revision; with kv it
 *         serves reads at a revision and prevKv. A version moves here when it is replaced.
 * - log:  rev(8 BE) sub(2 BE) -> utf8(key): which keys changed at each revision, in
 *         revision order; serves watch replay and drives compaction.
 * - ttl:  expiresAt(8 BE) utf8(key) -> modRevision(8 BE) of the version that expires.
 * Revisions are big-endian unsigned integers, so byte order is revision order.
 * Format "kubun-mvcc/1" also kept the latest version in hist; it reads correctly with this
 * code (kv is consulted first, and the extra copy is one more superseded-looking entry),
 * so such a store is adopted and its marker upgraded.
 *
 * A record is a 33-byte header (flags, createRevision, modRevision, prevModRevision,
 * expiresAt; 0 means none) followed by the encoded value (empty for a tombstone).
 */
import { VALUE_HEADROOM } from "../codec.ts";
import type { RawKv } from "../shared/raw-event.ts";
import { Slab } from "../shared/slab.ts";

export const FORMAT = "kubun-mvcc/2";
/** Formats this code reads; older ones get their marker rewritten to FORMAT at open. */
export const READABLE_FORMATS: readonly string[] = ["kubun-mvcc/1", FORMAT];
export const META_FORMAT = "format";
export const META_REVISION = "revision";
export const META_COMPACTED = "compacted";
export const META_STRUCTURES = "structures";

export const FLAG_PUT = 1;
export const FLAG_TOMBSTONE = 2;
export const HEADER = 33;
/** LMDB's key limit in lmdb-js is 1978 bytes; hist keys add 9. */
export const MAX_KEY_BYTES = 1900;

const TWO32 = 0x100000000;

export function writeU64(buf: Uint8Array, off: number, n: number): void {
  const hi = Math.floor(n / TWO32);
  const lo = n >>> 0;
  buf[off] = hi >>> 24;
  buf[off + 1] = hi >>> 16;
  buf[off + 2] = hi >>> 8;
  buf[off + 3] = hi;
  buf[off + 4] = lo >>> 24;
  buf[off + 5] = lo >>> 16;
  buf[off + 6] = lo >>> 8;
  buf[off + 7] = lo;
}

export function readU64(buf: Uint8Array, off: number): number {
  const hi = ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
  const lo = ((buf[off + 4]! << 24) | (buf[off + 5]! << 16) | (buf[off + 6]! << 8) | buf[off + 7]!) >>> 0;
  return hi * TWO32 + lo;
}

export function u64Bytes(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  writeU64(b, 0, n);
  return b;
}

if (VALUE_HEADROOM !== HEADER) throw new Error("codec headroom must equal the LMDB record header");

/** Records and log values handed to lmdb-js (which reads them on its write thread later). */
const slab = new Slab();

/**
 * The record for `kv`. With `headroom` (the value came from ValueCodec.encodeChecked) the
 * header goes into the bytes in front of the value, so the record is the value's own buffer;
 * otherwise the value is copied.
 */
export function encodeRecord(flags: number, kv: RawKv, prevModRevision: number, withValue: boolean, headroom: boolean): Uint8Array {
  const len = withValue ? kv.value.length : 0;
  const inPlace = withValue && headroom;
  const b = inPlace
    ? new Uint8Array(kv.value.buffer, kv.value.byteOffset - HEADER, HEADER + len)
    : slab.alloc(HEADER + len);
  b[0] = flags;
  writeU64(b, 1, kv.createRevision);
  writeU64(b, 9, kv.modRevision);
  writeU64(b, 17, prevModRevision);
  writeU64(b, 25, kv.expiresAt ?? 0);
  if (len > 0 && !inPlace) b.set(kv.value, HEADER);
  return b;
}

/** The prevModRevision and modRevision fields of a record. */
export function recordPrevRevision(b: Uint8Array): number {
  return readU64(b, 17);
}
export function recordModRevision(b: Uint8Array): number {
  return readU64(b, 9);
}

/**
 * A RawKv with its own copy of the record (safe to keep after the next read; `record` is
 * what to write to hist when this version is superseded). Slices name their end
 * explicitly: lmdb-js's getBinaryFast buffer is a large reused buffer whose `length`
 * property is overridden with the value's size.
 */
export function rawKvFrom(key: string, b: Uint8Array): RawKv {
  const n = b.length;
  const record = slab.alloc(n);
  record.set(n === b.byteLength ? b : b.subarray(0, n));
  const kv: RawKv = {
    key,
    value: record.subarray(HEADER, n),
    createRevision: readU64(b, 1),
    modRevision: readU64(b, 9),
    record,
  };
  const exp = readU64(b, 25);
  if (exp > 0) kv.expiresAt = exp;
  return kv;
}

/** `s` as UTF-8 in a buffer lmdb-js may keep until its write thread has written it. */
export function utf8Value(s: string): Uint8Array {
  const n = s.length;
  const b = slab.alloc(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return Buffer.from(s, "utf8");
    b[i] = c;
  }
  return b;
}

export function histKey(key: string, rev: number): Buffer {
  const n = Buffer.byteLength(key);
  const b = Buffer.allocUnsafe(n + 9);
  b.write(key, 0, "utf8");
  b[n] = 0;
  writeU64(b, n + 1, rev);
  return b;
}

/** Start of all hist keys that begin with `prefix` (raw bytes, no separator). */
export function histPrefix(prefix: string): Buffer {
  return Buffer.from(prefix, "utf8");
}

export function histKeyParts(b: Uint8Array): { key: string; rev: number } {
  const n = b.length - 9;
  return { key: Buffer.from(b.buffer, b.byteOffset, n).toString("utf8"), rev: readU64(b, n + 1) };
}

export function logKey(rev: number, sub: number): Buffer {
  const b = Buffer.allocUnsafe(10);
  writeU64(b, 0, rev);
  b[8] = sub >>> 8;
  b[9] = sub;
  return b;
}

export function ttlKey(expiresAt: number, key: string): Buffer {
  const n = Buffer.byteLength(key);
  const b = Buffer.allocUnsafe(8 + n);
  writeU64(b, 0, expiresAt);
  b.write(key, 8, "utf8");
  return b;
}

export function ttlKeyParts(b: Uint8Array): { expiresAt: number; key: string } {
  return { expiresAt: readU64(b, 0), key: Buffer.from(b.buffer, b.byteOffset + 8, b.length - 8).toString("utf8") };
}

/**
 * Compares keys in the order LMDB keeps them (UTF-8 bytes, which is code point order);
 * plain `<` on JS strings orders UTF-16 units and differs for characters above U+FFFF.
 */
export function keyOrder(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

/** The smallest string greater than every string starting with `prefix` (UTF-16 order; keys are ASCII in practice). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return "\u{10ffff}";
}

/** Byte-wise successor bound for a binary prefix (undefined: no upper bound). */
export function bytesPrefixEnd(prefix: Uint8Array): Buffer | undefined {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      b[i]!++;
      return b.subarray(0, i + 1);
    }
  }
  return undefined;
}
