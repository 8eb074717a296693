/**
 * A minimal SPDY/3.1 session (the framing kubectl's port-forward speaks, tunnelled in a
 * WebSocket): control frames SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING,
 * GOAWAY, WINDOW_UPDATE and DATA frames, header blocks zlib-compressed with the SPDY/3
 * dictionary in one context per direction. Peers open streams; this end replies and
 * moves data. Flow-control windows are not enforced (the Go peer does not either).
 */
import zlib from "node:zlib";
import { SPDY3_DICTIONARY } from "./spdy-dictionary.ts";

export const FLAG_FIN = 0x01;
const TYPE = { SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9 } as const;
const MAX_DATA = 0xffffff;

export class SpdyStream {
  onData: ((d: Uint8Array) => void) | undefined;
  onEnd: (() => void) | undefined;
  onReset: (() => void) | undefined;
  localClosed = false;
  remoteClosed = false;

  constructor(
    readonly id: number,
    readonly headers: Map<string, string>,
    private readonly session: SpdySession,
  ) {}

  write(data: Uint8Array): void {
    if (this.localClosed) return;
    for (let off = 0; off < data.length; off += MAX_DATA) this.session.sendData(this.id, data.subarray(off, Math.min(data.length, off + MAX_DATA)), false);
  }

  end(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.session.sendData(this.id, new Uint8Array(0), true);
  }

  reset(status = 5 /* CANCEL */): void {
    this.localClosed = this.remoteClosed = true;
    this.session.sendRst(this.id, status);
  }
}

export interface SpdyHandlers {
  onStream(s: SpdyStream): void;
  onGoAway?(): void;
}

function u32(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

export class SpdySession {
  private buf = new Uint8Array(0);
  private readonly streams = new Map<number, SpdyStream>();
  private inflateInput: Uint8Array[] = [];
  private inflated = 0;
  private readonly deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
  private deflateOut: Buffer[] = [];
  private sendChain: Promise<void> = Promise.resolve();
  closed = false;

  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    private readonly handlers: SpdyHandlers,
  ) {
    this.deflate.on("data", (c: Buffer) => this.deflateOut.push(c));
  }

  /** Feeds bytes from the transport; frames may span calls. */
  feed(chunk: Uint8Array): void {
    const all = new Uint8Array(this.buf.length + chunk.length);
    all.set(this.buf, 0);
    all.set(chunk, this.buf.length);
    let off = 0;
    while (all.length - off >= 8) {
      const len = (all[off + 5]! << 16) | (all[off + 6]! << 8) | all[off + 7]!;
      if (all.length - off < 8 + len) break;
      const flags = all[off + 4]!;
      const payload = all.subarray(off + 8, off + 8 + len);
      if (all[off]! & 0x80) this.control(((all[off + 2]! << 8) | all[off + 3]!) >>> 0, flags, payload);
      else this.data(u32(all, off) & 0x7fffffff, flags, payload);
      off += 8 + len;
    }
    this.buf = all.slice(off);
  }

  private headerBlock(compressed: Uint8Array): Map<string, string> {
    this.inflateInput.push(compressed);
    const total = Buffer.concat(this.inflateInput);
    const out = zlib.inflateSync(total, { dictionary: SPDY3_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const plain = out.subarray(this.inflated);
    this.inflated = out.length;
    const h = new Map<string, string>();
    const n = u32(plain, 0);
    let p = 4;
    const dec = new TextDecoder();
    for (let i = 0; i < n; i++) {
      const kl = u32(plain, p);
      const k = dec.decode(plain.subarray(p + 4, p + 4 + kl));
      p += 4 + kl;
      const vl = u32(plain, p);
      const v = dec.decode(plain.subarray(p + 4, p + 4 + vl));
      p += 4 + vl;
      h.set(k.toLowerCase(), v.split("\0")[0] ?? "");
    }
    return h;
  }

  private control(type: number, flags: number, p: Uint8Array): void {
    switch (type) {
      case TYPE.SYN_STREAM: {
        const id = u32(p, 0) & 0x7fffffff;
        const s = new SpdyStream(id, this.headerBlock(p.subarray(10)), this);
        if (flags & FLAG_FIN) s.remoteClosed = true;
        this.streams.set(id, s);
        this.handlers.onStream(s);
        return;
      }
      case TYPE.RST_STREAM: {
        const id = u32(p, 0) & 0x7fffffff;
        const s = this.streams.get(id);
        if (s) {
          s.localClosed = s.remoteClosed = true;
          this.streams.delete(id);
          s.onReset?.();
        }
        return;
      }
      case TYPE.PING:
        this.frame(this.controlFrame(TYPE.PING, 0, p.slice()));
        return;
      case TYPE.GOAWAY:
        this.closed = true;
        this.handlers.onGoAway?.();
        return;
      default:
        // SETTINGS, HEADERS, WINDOW_UPDATE, SYN_REPLY: nothing to do for a server without windows
        return;
    }
  }

  private data(id: number, flags: number, p: Uint8Array): void {
    const s = this.streams.get(id);
    if (!s) return;
    if (p.length > 0) s.onData?.(p.slice());
    if (flags & FLAG_FIN) {
      s.remoteClosed = true;
      s.onEnd?.();
      if (s.localClosed) this.streams.delete(id);
    }
  }

  private controlFrame(type: number, flags: number, payload: Uint8Array): Uint8Array {
    const f = new Uint8Array(8 + payload.length);
    f[0] = 0x80;
    f[1] = 3;
    f[2] = type >> 8;
    f[3] = type & 0xff;
    f[4] = flags;
    f[5] = (payload.length >> 16) & 0xff;
    f[6] = (payload.length >> 8) & 0xff;
    f[7] = payload.length & 0xff;
    f.set(payload, 8);
    return f;
  }

  /** Frames go out in order (header compression is asynchronous). */
  private frame(bytes: Uint8Array | Promise<Uint8Array>): void {
    this.sendChain = this.sendChain.then(async () => {
      if (!this.closed) this.send(await bytes);
    });
  }

  private compressHeaders(h: Record<string, string>): Promise<Buffer> {
    const entries = Object.entries(h);
    const parts: Buffer[] = [];
    const n = Buffer.alloc(4);
    n.writeUInt32BE(entries.length);
    parts.push(n);
    for (const [k, v] of entries)
      for (const s of [k, v]) {
        const b = Buffer.from(s);
        const l = Buffer.alloc(4);
        l.writeUInt32BE(b.length);
        parts.push(l, b);
      }
    return new Promise((resolve) => {
      const start = this.deflateOut.length;
      this.deflate.write(Buffer.concat(parts));
      this.deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(this.deflateOut.splice(start))));
    });
  }

  reply(s: SpdyStream, headers: Record<string, string> = {}): void {
    const block = this.compressHeaders(headers);
    this.frame(
      block.then((b) => {
        const p = new Uint8Array(4 + b.length);
        new DataView(p.buffer).setUint32(0, s.id & 0x7fffffff);
        p.set(b, 4);
        return this.controlFrame(TYPE.SYN_REPLY, 0, p);
      }),
    );
  }

  sendData(id: number, data: Uint8Array, fin: boolean): void {
    const f = new Uint8Array(8 + data.length);
    new DataView(f.buffer).setUint32(0, id & 0x7fffffff);
    f[4] = fin ? FLAG_FIN : 0;
    f[5] = (data.length >> 16) & 0xff;
    f[6] = (data.length >> 8) & 0xff;
    f[7] = data.length & 0xff;
    f.set(data, 8);
    this.frame(f);
  }

  sendRst(id: number, status: number): void {
    const p = new Uint8Array(8);
    const v = new DataView(p.buffer);
    v.setUint32(0, id & 0x7fffffff);
    v.setUint32(4, status);
    this.frame(this.controlFrame(TYPE.RST_STREAM, 0, p));
    this.streams.delete(id);
  }

  close(): void {
    this.closed = true;
    for (const s of this.streams.values()) s.onReset?.();
    this.streams.clear();
    this.deflate.close();
  }
}
