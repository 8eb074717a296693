/**
 * Bump allocation of small byte arrays out of shared 256 KiB ArrayBuffers. Under Bun
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
  private buf = new Uint8Array(new ArrayBuffer(CHUNK));
  private pos = 0;
  private readonly owned = new WeakSet<ArrayBufferLike>();

  constructor() {
    this.owned.add(this.buf.buffer);
  }

  /** `n` bytes of a buffer this slab owns (contents unspecified). */
  alloc(n: number): Uint8Array {
    if (n > LARGE) {
      const big = new Uint8Array(new ArrayBuffer(n));
      this.owned.add(big.buffer);
      return big;
    }
    if (this.pos + n > CHUNK) {
      this.buf = new Uint8Array(new ArrayBuffer(CHUNK));
      this.owned.add(this.buf.buffer);
      this.pos = 0;
    }
    const start = this.pos;
    // 8-byte alignment keeps neighbouring slices apart and lmdb-js's pointers aligned.
    this.pos = (start + n + 7) & ~7;
    return this.buf.subarray(start, start + n);
  }

  /** True when `b` was cut from one of this slab's buffers. */
  owns(b: Uint8Array): boolean {
    return this.owned.has(b.buffer);
  }
}
