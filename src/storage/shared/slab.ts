/**
 * Bump allocation of small byte arrays out of shared 256 KiB buffers. Under Bun
 * (JavaScriptCore) a small `new Uint8Array(n)` lives on the GC heap and materialises a
 * separate ArrayBuffer, with a copy, the first time anything reads its `.buffer` (lmdb-js
 * does, for every value it writes); views into one large buffer avoid both costs.
 *
 * A slice is never handed out twice and never rewritten by the allocator, so it stays valid
 * as long as it is referenced; a buffer is freed once none of its slices is referenced.
 * Not for data kept a long time when most of its neighbours are short-lived (a few long-lived
 * slices pin the whole buffer).
 */
const CHUNK = 256 * 1024;
/** Larger requests get their own buffer. */
const LARGE = CHUNK / 8;

export class Slab {
  /** The current chunk, as a Buffer (for writers that use utf8Write), a plain view and a DataView. */
  chunk!: Buffer;
  bytes!: Uint8Array;
  view!: DataView;
  /** First free byte of the current chunk. */
  pos = 0;
  private readonly owned = new WeakSet<ArrayBufferLike>();

  constructor() {
    this.fresh();
  }

  /** `n` bytes of a buffer this slab owns (contents unspecified). */
  alloc(n: number): Uint8Array {
    if (n > LARGE) {
      const big = new Uint8Array(new ArrayBuffer(n));
      this.owned.add(big.buffer);
      return big;
    }
    if (this.pos + n > CHUNK) this.fresh();
    const start = this.pos;
    this.claim(start + n);
    return this.bytes.subarray(start, start + n);
  }

  /**
   * Starts a new chunk; the rest of the current one stays unused. (Not zeroed: every byte
   * handed out is written by its owner first.)
   */
  fresh(): void {
    const chunk = Buffer.allocUnsafeSlow(CHUNK);
    this.chunk = chunk;
    this.bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, CHUNK);
    this.view = new DataView(chunk.buffer, chunk.byteOffset, CHUNK);
    this.owned.add(chunk.buffer);
    this.pos = 0;
  }

  /** Hands out the current chunk up to `end` (a caller wrote into it directly, from `pos`). */
  claim(end: number): void {
    // 8-byte alignment keeps neighbouring slices apart and lmdb-js's pointers aligned.
    this.pos = (end + 7) & ~7;
  }

  /** True when `b` was cut from one of this slab's buffers. */
  owns(b: Uint8Array): boolean {
    return this.owned.has(b.buffer);
  }
}
