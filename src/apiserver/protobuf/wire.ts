/** Protocol buffer wire-format reading: varints, tags, length-delimited slices. */

export class ProtoReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a number; values beyond 2^53 (and negative int64s) go through BigInt. */
  varint(): number {
    let result = 0;
    let shift = 0;
    const start = this.pos;
    while (this.pos < this.end) {
      const b = this.buf[this.pos++]!;
      if (shift < 49) {
        result += (b & 0x7f) * 2 ** shift;
      } else {
        return this.bigVarint(start);
      }
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new Error("truncated varint");
  }

  private bigVarint(start: number): number {
    this.pos = start;
    let result = 0n;
    let shift = 0n;
    while (this.pos < this.end) {
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return Number(BigInt.asIntN(64, result));
      shift += 7n;
    }
    throw new Error("truncated varint");
  }

  /** A length-delimited field's bytes as [start, end). */
  lengthDelimited(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    const end = start + len;
    if (end > this.end) throw new Error("truncated length-delimited field");
    this.pos = end;
    return [start, end];
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.pos += 8;
        return;
      case 2:
        this.lengthDelimited();
        return;
      case 5:
        this.pos += 4;
        return;
      default:
        throw new Error(`unsupported wire type ${wireType}`);
    }
  }

  fixed64(): number {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  fixed32(): number {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }
}
