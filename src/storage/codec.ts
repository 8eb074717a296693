/**
 * Value encoding (see docs/decisions.md, "Storage: value codec"). Two msgpack forms:
 * - "records": msgpackr with shared record structures, the fastest to decode (about 3x
 *   standard maps) and half the size; the structures must be kept with the data, so a
 *   backend that persists values must persist `structures()` whenever `takeDirty()` says
 *   they changed, no later than in the transaction of the first value that uses them.
 * - "standard": plain msgpack maps, self-describing, for stores shared between processes
 *   (etcd) where shared structures would need coordination.
 * Encoded bytes are what the size limit is checked against. Every decode returns a fresh
 * object graph, so callers may mutate it.
 */
import { Packr, RESET_BUFFER_MODE } from "msgpackr";
import { MAX_VALUE_BYTES } from "./interface.ts";
import { ValueTooLargeError } from "./errors.ts";
import { Slab } from "./shared/slab.ts";
import { NO_ROOM, RecordPacker } from "./record-packer.ts";
import { escapeKeys, needsEscape, unescapeKeys } from "./proto-keys.ts";

export type CodecMode = "records" | "standard";

/**
 * Every object shape is shared until half the structure budget is used; after that only
 * shapes whose keys look like field names, so label/annotation/data maps with arbitrary
 * keys cannot exhaust it. Shapes that are not shared are encoded inline (still decodable).
 */
const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_SHARED_STRUCTURES = 2048;
/**
 * Bytes reserved in front of every value `encodeChecked` returns, owned by that value
 * alone, so a backend may write its record header into the headroom instead of copying the
 * value again (see lmdb/layout.ts; `hasHeadroom` tells such values apart).
 */
export const VALUE_HEADROOM = 33;

const plain = new Packr({ useRecords: false, moreTypes: false });
/** Reused options of decodeRange (msgpackr reads them before it decodes, and keeps nothing). */
const range = { start: 0, end: 0 };

export class ValueCodec {
  private readonly packr: Packr;
  private shared: unknown[] | undefined;
  private dirty = false;
  /** Records mode: writes values whose shapes are all shared without msgpackr (record-packer.ts). */
  private readonly fast: RecordPacker | undefined;
  /** Where encoded values are cut from; none for values kept long (see shared/slab.ts). */
  private readonly slab: Slab | undefined;

  /**
   * `opts.slab` (default true): cut values from shared slabs, for backends that hand values
   * on and drop them (LMDB, etcd). A store that keeps its values (memory) turns it off, so
   * a few surviving values cannot pin whole slabs.
   */
  constructor(readonly mode: CodecMode, structures?: unknown[], opts: { slab?: boolean } = {}) {
    this.slab = opts.slab === false ? undefined : new Slab();
    if (mode === "standard") {
      this.packr = new Packr({ useRecords: false, moreTypes: false });
      this.fast = undefined;
      return;
    }
    const shouldShare = (keys: string[]) => (this.shared?.length ?? 0) < MAX_SHARED_STRUCTURES / 2 || keys.every((k) => FIELD_NAME.test(k));
    const fast = new RecordPacker({ maxSharedStructures: MAX_SHARED_STRUCTURES, shouldShare });
    this.fast = fast;
    this.shared = structures ? markLoaded(structures) : [];
    this.packr = new Packr({
      structures: this.shared as object[],
      maxSharedStructures: MAX_SHARED_STRUCTURES,
      shouldShareStructure: shouldShare,
      // Shapes msgpackr would not share are plain maps (read back as objects), not records
      // defined inline: the fast writer writes the same, instead of leaving the value to msgpackr.
      useRecords: (o: object) => {
        const live = this.liveStructures();
        return live === undefined || fast.wantsRecord(Object.keys(o), live);
      },
      mapsAsObjects: true,
      getStructures: () => this.shared as object[],
      saveStructures: (s: object[]) => {
        this.shared = s;
        this.dirty = true;
        return true;
      },
    } as ConstructorParameters<typeof Packr>[0]);
  }

  encode(value: unknown): Uint8Array {
    const fast = this.packFast(value);
    if (fast === undefined) return this.packr.pack(safeKeys(value));
    const out = new Uint8Array(fast.length);
    out.set(fast);
    return out;
  }

  /**
   * The value packed by the fast writer into its scratch buffer (valid until the next
   * call), or undefined when msgpackr must pack it: standard mode, or a shape msgpackr has
   * not shared yet. Uses msgpackr's live structures, so record ids are the ones it uses.
   */
  private packFast(value: unknown): Uint8Array | undefined {
    const structures = this.liveStructures();
    return structures === undefined ? undefined : this.fast!.pack(value, structures);
  }

  /** msgpackr's structures when the fast writer may use them (records mode, initialised). */
  private liveStructures(): unknown[] | undefined {
    if (this.fast === undefined) return undefined;
    const structures = (this.packr as unknown as { structures?: unknown[] & { uninitialized?: boolean } }).structures;
    return structures === undefined || structures.uninitialized ? undefined : structures;
  }

  /**
   * The fast writer straight into the slab, behind the headroom (no scratch, no copy); a
   * value that does not fit the rest of the chunk gets a fresh chunk. Undefined when
   * msgpackr must pack the value.
   */
  private packIntoSlab(key: string, value: unknown, limit: number, slab: Slab): Uint8Array | undefined {
    const structures = this.liveStructures();
    if (structures === undefined) return undefined;
    let start = slab.pos + VALUE_HEADROOM;
    let end = this.fast!.packInto(value, structures, slab.chunk, slab.view, start, slab.chunk.length);
    if (end === NO_ROOM && slab.pos > 0) {
      slab.fresh();
      start = VALUE_HEADROOM;
      end = this.fast!.packInto(value, structures, slab.chunk, slab.view, start, slab.chunk.length);
    }
    if (end < 0) return undefined;
    if (end - start > limit) throw new ValueTooLargeError(key, end - start, limit);
    slab.claim(end);
    return slab.bytes.subarray(start, end);
  }

  decode<V>(bytes: Uint8Array): V {
    return unescapeKeys(this.packr.unpack(bytes) as V);
  }

  /**
   * Decodes `bytes[start, end)` without slicing: msgpackr caches a DataView on the source,
   * so decoding from a reused buffer (lmdb-js's getBinaryFast) skips a copy and a DataView.
   */
  decodeRange<V>(bytes: Uint8Array, start: number, end: number): V {
    range.start = start;
    range.end = end;
    return unescapeKeys(this.packr.unpack(bytes, range) as V);
  }

  /**
   * Encodes and enforces the size limit (ValueTooLargeError naming the key). The result
   * is exactly sized and never rewritten. With a slab (shared/slab.ts) it is cut from a
   * shared slab buffer and preceded by VALUE_HEADROOM bytes that belong to it alone;
   * without, it is a buffer of its own.
   */
  encodeChecked(key: string, value: unknown, limit = MAX_VALUE_BYTES): Uint8Array {
    if (!this.slab) return this.encodeOwn(key, value, limit);
    const direct = this.packIntoSlab(key, value, limit, this.slab);
    if (direct !== undefined) return direct;
    const packed = this.packFast(value) ?? this.packr.pack(safeKeys(value), RESET_BUFFER_MODE);
    if (packed.length > limit) throw new ValueTooLargeError(key, packed.length, limit);
    const out = this.slab.alloc(VALUE_HEADROOM + packed.length);
    out.set(packed, VALUE_HEADROOM);
    return out.subarray(VALUE_HEADROOM);
  }

  /** encodeChecked without a slab: a buffer of the value's own, no headroom (nothing writes one). */
  private encodeOwn(key: string, value: unknown, limit: number): Uint8Array {
    const structures = this.liveStructures();
    let out = structures === undefined ? undefined : this.fast!.packCopy(value, structures);
    if (out === undefined) {
      const packed = this.packr.pack(safeKeys(value), RESET_BUFFER_MODE);
      out = new Uint8Array(packed.length);
      out.set(packed);
    }
    if (out.length > limit) throw new ValueTooLargeError(key, out.length, limit);
    return out;
  }

  /** True when `v` came from this codec's `encodeChecked` (so its headroom may be written). */
  hasHeadroom(v: Uint8Array): boolean {
    return this.slab !== undefined && v.byteOffset >= VALUE_HEADROOM && this.slab.owns(v);
  }

  /** True once after the shared structures changed (records mode). */
  takeDirty(): boolean {
    const d = this.dirty;
    this.dirty = false;
    return d;
  }

  /** Marks the structures unsaved again (the transaction that saved them aborted). */
  markDirty(): void {
    if (this.mode === "records") this.dirty = true;
  }

  /** The shared structures, serialized for persistence. */
  structuresBytes(): Uint8Array {
    return plain.pack(this.shared ?? []);
  }

  static structuresFromBytes(bytes: Uint8Array): unknown[] {
    const s = plain.unpack(bytes);
    if (!Array.isArray(s)) throw new Error("stored value structures are not an array");
    return s;
  }
}

/**
 * What msgpackr is given: the value, or its escaped form when it holds a "__proto__" key
 * (proto-keys.ts). The fast writer never writes such values: it leaves them to msgpackr.
 */
function safeKeys(value: unknown): unknown {
  return needsEscape(value) ? escapeKeys(value) : value;
}

/**
 * Structures read back from storage, marked as msgpackr marks structures it loads itself
 * (Unpackr._mergeStructures): shared, and with the high byte of their two-byte record id
 * from index 32 on. Without `highByte` msgpackr reads a two-byte record id as a one-byte
 * one, so every value using one of those structures failed to decode after a restart.
 */
function markLoaded(structures: unknown[]): unknown[] {
  for (let i = 0; i < structures.length; i++) {
    const s = structures[i] as (string[] & { isShared?: boolean; highByte?: number }) | undefined;
    if (!Array.isArray(s)) continue;
    s.isShared = true;
    if (i >= 32) s.highByte = (i - 32) >> 5;
  }
  return structures;
}

/** The codec of stores that keep values only in this process (memory). */
export const processCodec = new ValueCodec("records", undefined, { slab: false });
