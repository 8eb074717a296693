/**
 * The apiserver's end of channel watches. The TLS front, on its own thread, sends the watch
 * requests of its fast-mode connections here as message (their head and the connection's
 * identity) instead of over a backend socket; they run through the request pipeline like
 * any other request, and what the answer writes goes back to the front in one message per
 * event-loop turn, which writes it to the clients' TLS connections.
 *
 * Why: an idle watch behind a backend socket costs a Bun.serve connection and streaming
 * response on this side and a unix socket on the front's, about as much again as the
 * client's TLS connection itself (docs/decisions.md, "What an idle HTTPS watcher costs").
 * Here it costs the watch's own state and an id.
 *
 * A watch answer (the pipeline's direct watch stream, see `DirectSource`) is driven with
 * this channel as its controller: its writes are taken at once and framed as HTTP chunks.
 * Bytes written to several watches in one turn (an event fanned out) travel once, with the
 * ids that take them. Any other answer (an error Status, a proxied API's stream) is copied
 * through as it is read. The front enforces the backlog bound, since it is where bytes wait.
 */
import { STATUS_CODES } from "node:http";
import { httpDate } from "./fast-get.ts";
import type { CertIdentity } from "./peer-identity.ts";
import { requestOfHead } from "./channel-watch-request.ts";
import { CHUNKED_END } from "./http-framing.ts";
import { WATCH_DONE, WATCH_WRITE, type ToFront } from "./tls-front-protocol.ts";

/** A watch answer that can be driven directly: the source of its direct ReadableStream. */
export interface DirectSource {
  /** Writes to `controller` until the answer ends (its `close`). */
  start(controller: { write(b: Uint8Array): number | Promise<number>; close(): void }): void;
  cancel(): void;
}

export interface WatchChannelOptions {
  /** The request pipeline. */
  handle(req: Request, cert: CertIdentity | undefined): Promise<Response>;
  /** The direct source behind a watch answer, when it has one. */
  directSource(res: Response): DirectSource | undefined;
  send(m: ToFront, transfer: ArrayBuffer[]): void;
}

const enum Kind {
  Raw,
  Chunk,
  End,
}

interface Part {
  kind: Kind;
  bytes: Uint8Array;
  ids: number[];
}

/** One channel watch: the controller its answer writes to. */
class ChannelStream {
  cancelled = false;
  ended = false;
  source: DirectSource | undefined = undefined;
  reader: { cancel(): Promise<void> } | undefined = undefined;
  /** The turn's part this stream last wrote to, and which turn (parts are per turn). */
  lastPart = -1;
  turn = -1;

  constructor(
    private readonly channel: WatchChannel,
    readonly id: number,
  ) {}

  write(b: Uint8Array): number {
    if (!this.cancelled && !this.ended && b.length > 0) this.channel.add(this, Kind.Chunk, b);
    return b.length;
  }

  close(): void {
    if (this.cancelled || this.ended) return;
    this.ended = true;
    this.channel.add(this, Kind.End, CHUNKED_END);
    this.channel.forget(this.id);
  }
}

function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? "Unknown";
}

/** The head of a chunked answer with the response's status and headers. */
function chunkedHead(res: Response): Uint8Array {
  let head = `HTTP/1.1 ${res.status} ${reasonPhrase(res.status)}\r\n`;
  for (const [name, value] of res.headers) {
    if (name === "content-length" || name === "transfer-encoding" || name === "connection" || name === "date") continue;
    head += `${name}: ${value}\r\n`;
  }
  head += `Date: ${httpDate()}\r\nTransfer-Encoding: chunked\r\n\r\n`;
  return Buffer.from(head, "latin1");
}

const INTERNAL_ERROR = () =>
  new Response(JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the watch could not be served", reason: "InternalError", code: 500 }), {
    status: 500,
    headers: { "content-type": "application/json" },
  });

export class WatchChannel {
  private readonly live = new Map<number, ChannelStream>();
  private parts: Part[] = [];
  /** The turn's part of each chunk's bytes (an event's bytes are shared by its watchers). */
  private partOf = new Map<Uint8Array, number>();
  private turn = 0;
  private flushQueued = false;
  private stopped = false;

  constructor(private readonly opts: WatchChannelOptions) {}

  /** Watches open now. */
  get size(): number {
    return this.live.size;
  }

  /** A watch request from the front. */
  open(id: number, identity: CertIdentity | undefined, head: string): void {
    if (this.stopped) return;
    const stream = new ChannelStream(this, id);
    this.live.set(id, stream);
    void this.run(stream, identity, head);
  }

  /** The front's client went away. */
  cancel(id: number): void {
    const stream = this.live.get(id);
    if (!stream) return;
    this.live.delete(id);
    stream.cancelled = true;
    stream.source?.cancel();
    stream.reader?.cancel().catch(() => {});
  }

  /** The front is gone: every watch ends. */
  stop(): void {
    this.stopped = true;
    for (const id of [...this.live.keys()]) this.cancel(id);
    this.parts = [];
    this.partOf.clear();
  }

  /** A watch that ended on its own is no longer cancellable. */
  forget(id: number): void {
    this.live.delete(id);
  }

  private async run(stream: ChannelStream, identity: CertIdentity | undefined, head: string): Promise<void> {
    let res: Response;
    try {
      res = await this.opts.handle(requestOfHead(head), identity);
    } catch {
      res = INTERNAL_ERROR();
    }
    const source = this.opts.directSource(res);
    if (stream.cancelled) {
      source?.cancel();
      await res.body?.cancel().catch(() => {});
      return;
    }
    this.add(stream, Kind.Raw, chunkedHead(res));
    if (source) {
      stream.source = source;
      source.start(stream);
      return;
    }
    if (res.body) {
      const reader = res.body.getReader();
      stream.reader = reader;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || stream.cancelled) break;
          stream.write(value);
        }
      } catch {
        // the body failed midway: the answer ends here
      }
    }
    stream.close();
  }

  /** Queues bytes for a stream; bytes already queued this turn for others are shared. */
  add(stream: ChannelStream, kind: Kind, bytes: Uint8Array): void {
    if (this.stopped) return;
    if (stream.turn !== this.turn) {
      stream.turn = this.turn;
      stream.lastPart = -1;
    }
    let at = kind === Kind.Chunk ? this.partOf.get(bytes) : undefined;
    // a later stream joins an earlier part only if that keeps its own writes in order
    if (at === undefined || at < stream.lastPart) {
      at = this.parts.push({ kind, bytes, ids: [] }) - 1;
      if (kind === Kind.Chunk) this.partOf.set(bytes, at);
    }
    this.parts[at]!.ids.push(stream.id);
    stream.lastPart = at;
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushQueued = false;
    const parts = this.parts;
    this.parts = [];
    this.partOf = new Map();
    this.turn++;
    if (this.stopped || parts.length === 0) return;
    let size = 0;
    let idCount = 0;
    const heads: string[] = [];
    for (const p of parts) {
      if (p.kind === Kind.Chunk) {
        const h = `${p.bytes.length.toString(16)}\r\n`;
        heads.push(h);
        size += h.length + p.bytes.length + 2;
      } else {
        heads.push("");
        size += p.bytes.length;
      }
      idCount += p.ids.length;
    }
    const buf = new ArrayBuffer(size);
    const out = new Uint8Array(buf);
    const kinds = new Uint8Array(parts.length);
    const lens = new Int32Array(parts.length);
    const counts = new Int32Array(parts.length);
    const ids = new Int32Array(idCount);
    let at = 0;
    let idAt = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const start = at;
      const h = heads[i]!;
      for (let j = 0; j < h.length; j++) out[at++] = h.charCodeAt(j);
      out.set(p.bytes, at);
      at += p.bytes.length;
      if (p.kind === Kind.Chunk) {
        out[at++] = 13;
        out[at++] = 10;
      }
      kinds[i] = p.kind === Kind.End ? WATCH_DONE : WATCH_WRITE;
      lens[i] = at - start;
      counts[i] = p.ids.length;
      for (const id of p.ids) ids[idAt++] = id;
    }
    this.opts.send({ type: "watchOut", kinds, lens, counts, ids, buf }, [buf, kinds.buffer, lens.buffer, counts.buffer, ids.buffer]);
  };
}
