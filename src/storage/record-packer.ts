/**
 * A faster writer of msgpackr's record format, for values whose every object has a shape
 * msgpackr has already shared (see codec.ts). It writes byte for byte what msgpackr's Packr
 * writes for the same value with the same shared structures, so msgpackr decodes it and the
 * stored bytes do not depend on which writer ran; it only ever uses structures that are
 * already shared (and so already saved by the codec), never defines one.
 *
 * Anything else (a shape msgpackr would share but has not yet, a Map, a Date, a typed
 * array, a bigint, a non-plain object, a "__proto__" key, a value bigger than the space given) makes `pack`
 * answer undefined, and the caller packs the value with msgpackr, which defines shapes as
 * it goes. Once a workload's shapes are shared (after its first few values) every value
 * takes this path.
 *
 * With a sharing policy (the codec's), a shape msgpackr would not share (keys that are
 * data, such as FieldsV1's `k:{"name":"kube-api-access-x7k2p"}` or label maps once half
 * the structure budget is used) is written as a plain msgpack map, as msgpackr writes it
 * when the codec's `useRecords` says so (`wantsRecord`). Without that, one such object
 * anywhere in a value sent the whole value down msgpackr's slow path, every time.
 *
 * Why it is faster (about 2x on a 2 KB Pod in JavaScriptCore): msgpackr walks each
 * object's keys twice through a transition dictionary with a hasOwnProperty call per key;
 * here one Object.keys call (cached per object structure by JSC) finds the shape by its
 * first key and a comparison of key atoms, and the values are written in one for-in pass.
 */

import { ENCODINGS, type EncodingCache } from "../util/encoding-cache.ts";
import { ESCAPED } from "./proto-keys.ts";

/** A key msgpackr reads back renamed; values holding it are escaped on msgpackr's path. */
const PROTO = "__proto__";

/** Thrown (one shared instance, no stack) to abandon a value this writer does not take. */
const BAIL = Object.freeze({ bail: true });
/** Thrown when the value does not fit in the space given. */
const FULL = Object.freeze({ full: true });

/** The second-level index key of one-key shapes. */
const NO_SECOND = Symbol("no second key");

/** `packInto` results other than an end position. */
export const NOT_FAST = -1;
export const NO_ROOM = -2;

/** Scratch size for `pack`: values larger than this go to msgpackr. */
const SCRATCH = 256 * 1024;
/** String length from which utf8Write beats the JS loop. */
const NATIVE_UTF8_FROM = 20;
/** Room kept free past `pos` for any fixed-size item (header + 8-byte number). */
const SLACK = 16;

/** Bun's Buffer (as Node's) has utf8Write, which @types/node does not declare. */
type Utf8Buffer = Buffer & { utf8Write(s: string, offset: number, length: number): number };

let scratch = Buffer.allocUnsafeSlow(SCRATCH);
let scratchView: DataView = new DataView(scratch.buffer, scratch.byteOffset, scratch.byteLength);
/** The buffer being written, where writing started and must stop; set by `packInto`. */
let buf = scratch as Utf8Buffer;
let view: DataView = scratchView;
let pos = 0;
let limit = 0;
/** The packer whose shapes the current call uses; undefined while none runs. */
let active: RecordPacker | undefined;

interface Shape {
  keys: readonly string[];
  /** The record id's bytes, as msgpackr writes them for a shared structure. */
  b0: number;
  /** Second byte of a two-byte record id, or -1. */
  b1: number;
}

/** When msgpackr shares a new shape: the codec's shouldShareStructure and structure budget. */
export interface SharingPolicy {
  maxSharedStructures: number;
  shouldShare(keys: string[]): boolean;
}

export class RecordPacker {
  constructor(private readonly policy?: SharingPolicy) {}

  /**
   * Shapes by first key, then by second key (NO_SECOND for one-key shapes); the empty
   * object separately. Two levels because many shapes share a first key (every FieldsV1
   * object starts with "."), so a miss would otherwise walk hundreds of candidates.
   */
  private byFirst = new Map<string, Map<string | typeof NO_SECOND, Shape[]>>();
  private empty: Shape | undefined;
  private indexed: unknown[] | undefined;
  private indexedLength = -1;

  /**
   * Packs `value` (an object or array) with the shared `structures` (msgpackr's live
   * structures array: index i is record id 0x40 + i). Returns a view of a scratch buffer
   * that the next call overwrites, or undefined when msgpackr must pack this value.
   */
  pack(value: unknown, structures: unknown[]): Uint8Array | undefined {
    const end = this.packInto(value, structures, scratch, scratchView, 0, scratch.length);
    return end < 0 ? undefined : scratch.subarray(0, end);
  }

  /**
   * `pack`, copied out of the scratch buffer into an exactly sized buffer of its own
   * (Buffer#copy: no view of the scratch is made, which costs about as much as the copy).
   */
  packCopy(value: unknown, structures: unknown[]): Uint8Array | undefined {
    const end = this.packInto(value, structures, scratch, scratchView, 0, scratch.length);
    if (end < 0) return undefined;
    const out = new Uint8Array(end);
    scratch.copy(out, 0, 0, end);
    return out;
  }

  /**
   * Packs `value` into `target[start, end)` (`targetView` a DataView over all of `target`).
   * Returns the position after the value, NOT_FAST when msgpackr must pack it, or NO_ROOM
   * when it does not fit; bytes past `start` may have been written either way.
   */
  packInto(value: unknown, structures: unknown[], target: Buffer, targetView: DataView, start: number, end: number): number {
    if (active !== undefined || typeof value !== "object" || value === null) return NOT_FAST;
    this.index(structures);
    active = this;
    buf = target as Utf8Buffer;
    view = targetView;
    pos = start;
    limit = end;
    try {
      writeValue(value);
      return pos;
    } catch (e) {
      if (e === BAIL) return NOT_FAST;
      if (e === FULL) return NO_ROOM;
      throw e;
    } finally {
      active = undefined;
    }
  }

  /** (Re)builds the shape index when the shared structures changed. */
  private index(structures: unknown[]): void {
    const shared = sharedLength(structures);
    if (structures === this.indexed && shared === this.indexedLength) return;
    this.byFirst = new Map();
    this.empty = undefined;
    for (let i = 0; i < shared; i++) {
      const keys = structures[i];
      // shapes with keys that need escaping (proto-keys.ts) are left to msgpackr's path
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string" && k !== PROTO && k !== ESCAPED)) continue;
      const id = 0x40 + i;
      const shape: Shape = id >= 0x60 ? { keys, b0: ((id - 0x60) & 0x1f) + 0x60, b1: (id - 0x60) >> 5 } : { keys, b0: id, b1: -1 };
      if (keys.length === 0) {
        this.empty ??= shape;
        continue;
      }
      const first = keys[0] as string;
      const second = keys.length > 1 ? (keys[1] as string) : NO_SECOND;
      let bySecond = this.byFirst.get(first);
      if (bySecond === undefined) this.byFirst.set(first, (bySecond = new Map()));
      const list = bySecond.get(second);
      if (list) list.push(shape);
      else bySecond.set(second, [shape]);
    }
    this.indexed = structures;
    this.indexedLength = shared;
  }

  /** The structures array the shapes were indexed from (set while a value is packed). */
  structures(): object {
    return this.indexed!;
  }

  /** The shared shape whose keys are exactly `keys`, in order. */
  find(keys: string[]): Shape | undefined {
    if (keys.length === 0) return this.empty;
    const list = this.byFirst.get(keys[0]!)?.get(keys.length > 1 ? keys[1]! : NO_SECOND);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const s = list[i]!;
        const sk = s.keys;
        if (sk.length !== keys.length) continue;
        let j = 2;
        while (j < sk.length && sk[j] === keys[j]) j++;
        if (j >= sk.length) return s;
      }
    }
    return undefined;
  }

  /**
   * Whether msgpackr should write an object with these keys as a record: its shape is
   * shared, or msgpackr would share it now (budget left and the policy agrees). Everything
   * else is a plain map. The codec's `useRecords` asks this, so both writers decide alike.
   */
  wantsRecord(keys: string[], structures: unknown[]): boolean {
    if (this.policy === undefined) return true;
    this.index(structures);
    return this.find(keys) !== undefined || this.wouldShare(keys, structures);
  }

  /** What msgpackr's newRecord decides for a shape it has not seen shared. */
  private wouldShare(keys: string[], structures: unknown[]): boolean {
    // msgpackr sets nextId lazily (not yet after structures were loaded): then it follows the shared ones
    const next = (structures as { nextId?: number }).nextId || 0x40 + sharedLength(structures);
    return next < 0x40 + this.policy!.maxSharedStructures && this.policy!.shouldShare(keys);
  }

  /** A shape not shared: BAIL unless msgpackr would write it as a plain map. */
  plainMapOrBail(keys: string[]): void {
    if (this.policy === undefined || this.wouldShare(keys, this.indexed!)) throw BAIL;
  }
}

/** msgpackr's count of shared structures (the rest of the array, if any, is its own). */
function sharedLength(structures: unknown[]): number {
  const n = (structures as { sharedLength?: number }).sharedLength;
  return typeof n === "number" ? Math.min(n, structures.length) : structures.length;
}

function writeValue(v: unknown): void {
  if (pos > limit - SLACK) throw FULL;
  switch (typeof v) {
    case "string":
      writeString(v);
      return;
    case "number":
      writeNumber(v);
      return;
    case "boolean":
      buf[pos++] = v ? 0xc3 : 0xc2;
      return;
    case "undefined":
      // msgpackr's default: fixext1 type 0, data 0
      buf[pos++] = 0xd4;
      buf[pos++] = 0;
      buf[pos++] = 0;
      return;
    case "object":
      if (v === null) {
        buf[pos++] = 0xc0;
        return;
      }
      if (v.constructor === Object) writeRecord(v as Record<string, unknown>);
      else if (v.constructor === Array) writeArray(v as unknown[]);
      else throw BAIL;
      return;
    default:
      throw BAIL;
  }
}

function writeRecord(o: Record<string, unknown>): void {
  const held = (o as { [ENCODINGS]?: EncodingCache })[ENCODINGS];
  if (held !== undefined) writeHeld(o, held);
  else writeObject(o);
}

/** An object as its shared record, or as a plain map where msgpackr would write one. */
function writeObject(o: Record<string, unknown>): void {
  const keys = Object.keys(o);
  const shape = active!.find(keys);
  if (shape === undefined) {
    active!.plainMapOrBail(keys);
    writeMap(o, keys.length);
    return;
  }
  writeShaped(o, keys, shape);
}

function writeShaped(o: Record<string, unknown>, keys: string[], shape: Shape): void {
  buf[pos++] = shape.b0;
  if (shape.b1 >= 0) buf[pos++] = shape.b1;
  let n = 0;
  for (const k in o) {
    writeValue(o[k]);
    n++;
  }
  // an enumerable inherited property would have been written too: not a plain record
  if (n !== keys.length) throw BAIL;
}

/**
 * A value with remembered encodings (util/encoding-cache.ts): the bytes written for it
 * before with the same structures (record ids stay valid while the structures array does:
 * shared shapes are only ever added), else written now and remembered.
 */
function writeHeld(o: Record<string, unknown>, held: EncodingCache): void {
  const structures = active!.structures();
  const packed = held.packed;
  if (packed !== undefined && held.packedWith === structures) {
    if (pos + packed.length > limit - SLACK) throw FULL;
    buf.set(packed, pos);
    pos += packed.length;
    return;
  }
  const start = pos;
  writeObject(o);
  // a copy (Buffer#slice would be a view of the scratch buffer, which the next value overwrites)
  held.packed = Uint8Array.prototype.slice.call(buf, start, pos);
  held.packedWith = structures;
}

/** msgpackr's writePlainObject: always map16, then each own key and its value. */
function writeMap(o: Record<string, unknown>, size: number): void {
  if (size > 0xffff) throw BAIL;
  buf[pos++] = 0xde;
  buf[pos++] = size >> 8;
  buf[pos++] = size & 0xff;
  let n = 0;
  for (const k in o) {
    if (k === PROTO || k === ESCAPED) throw BAIL;
    writeString(k);
    writeValue(o[k]);
    n++;
  }
  if (n !== size) throw BAIL;
}

function writeArray(a: unknown[]): void {
  const n = a.length;
  if (n < 0x10) buf[pos++] = 0x90 | n;
  else if (n < 0x10000) {
    buf[pos++] = 0xdc;
    buf[pos++] = n >> 8;
    buf[pos++] = n & 0xff;
  } else {
    buf[pos++] = 0xdd;
    view.setUint32(pos, n);
    pos += 4;
  }
  for (let i = 0; i < n; i++) writeValue(a[i]);
}

function writeNumber(v: number): void {
  if (v >>> 0 === v) {
    // records mode: 0x40-0x7f are record ids, so fixints stop at 0x3f
    if (v < 0x40) buf[pos++] = v;
    else if (v < 0x100) {
      buf[pos++] = 0xcc;
      buf[pos++] = v;
    } else if (v < 0x10000) {
      buf[pos++] = 0xcd;
      buf[pos++] = v >> 8;
      buf[pos++] = v & 0xff;
    } else {
      buf[pos++] = 0xce;
      view.setUint32(pos, v);
      pos += 4;
    }
  } else if (v >> 0 === v) {
    if (v >= -0x20) buf[pos++] = 0x100 + v;
    else if (v >= -0x80) {
      buf[pos++] = 0xd0;
      buf[pos++] = v + 0x100;
    } else if (v >= -0x8000) {
      buf[pos++] = 0xd1;
      view.setInt16(pos, v);
      pos += 2;
    } else {
      buf[pos++] = 0xd2;
      view.setInt32(pos, v);
      pos += 4;
    }
  } else {
    buf[pos++] = 0xcb;
    view.setFloat64(pos, v);
    pos += 8;
  }
}

/** msgpackr's string layout: the header is sized from the UTF-16 length, then fixed up. */
function writeString(s: string): void {
  const n = s.length;
  const header = n < 0x20 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
  if (pos + n * 3 + header > limit - SLACK) throw FULL;
  let len: number;
  // Short strings in JS, longer ones natively (a native call costs about as much as
  // copying 20 characters in JS); both write the same UTF-8 as msgpackr.
  if (n < NATIVE_UTF8_FROM) {
    let p = pos + header;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) buf[p++] = c;
      else if (c < 0x800) {
        buf[p++] = (c >> 6) | 0xc0;
        buf[p++] = (c & 0x3f) | 0x80;
      } else if ((c & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c & 0x03ff) << 10) + (s.charCodeAt(++i) & 0x03ff);
        buf[p++] = (c >> 18) | 0xf0;
        buf[p++] = ((c >> 12) & 0x3f) | 0x80;
        buf[p++] = ((c >> 6) & 0x3f) | 0x80;
        buf[p++] = (c & 0x3f) | 0x80;
      } else if ((c & 0xf800) === 0xd800) {
        // a lone surrogate: U+FFFD, as TextEncoder writes it
        buf[p++] = 0xef;
        buf[p++] = 0xbf;
        buf[p++] = 0xbd;
      } else {
        buf[p++] = (c >> 12) | 0xe0;
        buf[p++] = ((c >> 6) & 0x3f) | 0x80;
        buf[p++] = (c & 0x3f) | 0x80;
      }
    }
    len = p - pos - header;
  } else {
    len = buf.utf8Write(s, pos + header, limit - pos - header);
  }
  if (len < 0x20) buf[pos++] = 0xa0 | len;
  else if (len < 0x100) {
    if (header < 2) buf.copyWithin(pos + 2, pos + 1, pos + 1 + len);
    buf[pos++] = 0xd9;
    buf[pos++] = len;
  } else if (len < 0x10000) {
    if (header < 3) buf.copyWithin(pos + 3, pos + 2, pos + 2 + len);
    buf[pos++] = 0xda;
    buf[pos++] = len >> 8;
    buf[pos++] = len & 0xff;
  } else {
    if (header < 5) buf.copyWithin(pos + 5, pos + 3, pos + 3 + len);
    buf[pos++] = 0xdb;
    view.setUint32(pos, len);
    pos += 4;
  }
  pos += len;
}

/** For tests: a smaller scratch buffer, to reach the size fallback with small values. */
export function setScratchForTest(size: number | undefined): void {
  scratch = Buffer.allocUnsafeSlow(size ?? SCRATCH);
  scratchView = new DataView(scratch.buffer, scratch.byteOffset, scratch.byteLength);
}
