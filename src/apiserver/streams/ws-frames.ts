/**
 * RFC 6455 framing: encoding single frames (masked when a client sends them) and an
 * incremental parser that reassembles fragmented messages and reports control frames
 * (ping, pong, close) as they arrive, even between fragments.
 */

export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export function encodeFrame(opcode: number, payload: Uint8Array, mask: boolean, fin = true): Uint8Array {
  const len = payload.length;
  const extra = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const headLen = 2 + extra + (mask ? 4 : 0);
  const out = new Uint8Array(headLen + len);
  out[0] = (fin ? 0x80 : 0) | (opcode & 0x0f);
  const m = mask ? 0x80 : 0;
  const dv = new DataView(out.buffer);
  if (extra === 0) out[1] = m | len;
  else if (extra === 2) {
    out[1] = m | 126;
    dv.setUint16(2, len);
  } else {
    out[1] = m | 127;
    dv.setBigUint64(2, BigInt(len));
  }
  if (mask) {
    const key = crypto.getRandomValues(new Uint8Array(4));
    out.set(key, 2 + extra);
    for (let i = 0; i < len; i++) out[headLen + i] = payload[i]! ^ key[i & 3]!;
  } else out.set(payload, headLen);
  return out;
}

/** A close frame's payload: the code (big-endian) and a UTF-8 reason. */
export function closePayload(code: number | undefined, reason = ""): Uint8Array {
  if (code === undefined) return new Uint8Array(0);
  const r = new TextEncoder().encode(reason).subarray(0, 123);
  const out = new Uint8Array(2 + r.length);
  new DataView(out.buffer).setUint16(0, code);
  out.set(r, 2);
  return out;
}

export function parseClosePayload(p: Uint8Array): { code: number | undefined; reason: string } {
  if (p.length < 2) return { code: undefined, reason: "" };
  return { code: (p[0]! << 8) | p[1]!, reason: new TextDecoder().decode(p.subarray(2)) };
}

export type FrameEvent =
  | { kind: "message"; binary: boolean; data: Uint8Array }
  | { kind: "ping" | "pong"; data: Uint8Array }
  | { kind: "close"; code: number | undefined; reason: string };

export class ProtocolError extends Error {}

/** Feeds raw bytes, emits whole messages and control frames. */
export class FrameParser {
  private buf: Uint8Array = new Uint8Array(0);
  private fragments: Uint8Array[] = [];
  private fragmentOp = 0;
  private fragmentBytes = 0;

  constructor(private readonly maxMessageBytes = 64 << 20) {}

  push(chunk: Uint8Array): FrameEvent[] {
    if (this.buf.length === 0) this.buf = chunk;
    else {
      const all = new Uint8Array(this.buf.length + chunk.length);
      all.set(this.buf);
      all.set(chunk, this.buf.length);
      this.buf = all;
    }
    const events: FrameEvent[] = [];
    for (;;) {
      const ev = this.next();
      if (ev === null) break;
      if (ev !== undefined) events.push(ev);
    }
    // Keep our own copy of a partial frame: the caller may reuse its chunk.
    if (this.buf.length > 0 && this.buf.buffer === chunk.buffer) this.buf = this.buf.slice();
    return events;
  }

  /** null: need more bytes; undefined: consumed a frame that completes nothing yet. */
  private next(): FrameEvent | null | undefined {
    const b = this.buf;
    if (b.length < 2) return null;
    const fin = (b[0]! & 0x80) !== 0;
    const opcode = b[0]! & 0x0f;
    const masked = (b[1]! & 0x80) !== 0;
    let len = b[1]! & 0x7f;
    let pos = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = (b[2]! << 8) | b[3]!;
      pos = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      const big = new DataView(b.buffer, b.byteOffset + 2, 8).getBigUint64(0);
      if (big > BigInt(this.maxMessageBytes)) throw new ProtocolError("frame too large");
      len = Number(big);
      pos = 10;
    }
    if (len > this.maxMessageBytes) throw new ProtocolError("frame too large");
    const keyAt = pos;
    if (masked) pos += 4;
    if (b.length < pos + len) return null;
    let payload = b.subarray(pos, pos + len);
    if (masked) {
      const unmasked = new Uint8Array(len);
      for (let i = 0; i < len; i++) unmasked[i] = payload[i]! ^ b[keyAt + (i & 3)]!;
      payload = unmasked;
    }
    this.buf = b.subarray(pos + len);
    if (opcode >= 0x8) {
      if (!fin || len > 125) throw new ProtocolError("invalid control frame");
      if (opcode === OP.close) return { kind: "close", ...parseClosePayload(payload) };
      if (opcode === OP.ping) return { kind: "ping", data: payload.slice() };
      if (opcode === OP.pong) return { kind: "pong", data: payload.slice() };
      throw new ProtocolError(`unknown control opcode ${opcode}`);
    }
    if (opcode === OP.continuation) {
      if (this.fragments.length === 0) throw new ProtocolError("continuation without a message");
    } else if (opcode === OP.text || opcode === OP.binary) {
      if (this.fragments.length > 0) throw new ProtocolError("new message inside a fragmented one");
      this.fragmentOp = opcode;
    } else throw new ProtocolError(`unknown opcode ${opcode}`);
    if (fin && this.fragments.length === 0) return { kind: "message", binary: opcode === OP.binary, data: payload.slice() };
    this.fragmentBytes += len;
    if (this.fragmentBytes > this.maxMessageBytes) throw new ProtocolError("message too large");
    this.fragments.push(payload.slice());
    if (!fin) return undefined;
    const data = new Uint8Array(this.fragmentBytes);
    let at = 0;
    for (const f of this.fragments) {
      data.set(f, at);
      at += f.length;
    }
    this.fragments = [];
    this.fragmentBytes = 0;
    return { kind: "message", binary: this.fragmentOp === OP.binary, data };
  }
}
