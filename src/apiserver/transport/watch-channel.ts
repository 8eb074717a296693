/**
 * The apiserver's end of the TLS front's message channel. The front, on its own thread,
 * sends the plain requests of its fast-mode connections here as messages (their head, body
 * and the connection's identity; which ones: channel-request.ts) instead of over a backend
 * socket; they run through the request pipeline like any other request, and what their
 * answers write goes back to the front in one message per event-loop turn, which writes it
 * to the clients' TLS connections.
 *
 * Why: behind a backend socket every request costs a read and a write on each side of the
 * socket and Bun.serve's parsing, per request (docs/decisions.md, "Requests as messages");
 * here the requests of a turn arrive together and their answers leave together. And an
 * idle watch behind a backend socket costs a Bun.serve connection and streaming response on
 * this side and a unix socket on the front's, about as much again as the client's TLS
 * connection itself ("What an idle HTTPS watcher costs"); here it costs the watch's own
 * state and an id.
 *
 * An answer whose body is known whole (http/respond.ts) is written with its Content-Length
 * in one part. A watch answer (the pipeline's direct watch stream, see `DirectSource`) is
 * driven with this channel as its controller: its writes are taken at once and framed as
 * HTTP chunks. Bytes written to several watches in one turn (an event fanned out) travel
 * once, with the ids that take them. Any other answer (a proxied API's stream, a log) is
 * copied through as it is read, chunked. The front enforces the backlog bound, since it is
 * where bytes wait.
 */
import { STATUS_CODES } from "node:http";
import { hasPlainJsonHeaders, knownBody } from "../http/respond.ts";
import { httpDate } from "./fast-get.ts";
import type { CertIdentity } from "./peer-identity.ts";
import { requestOfHead } from "./channel-request.ts";
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

/** Requests that came together: how many have not begun their answer yet. */
export interface Group {
  left: number;
}

const enum Kind {
  /** Bytes as they are (an answer's head). */
  Raw,
  /** Bytes framed as one chunk. */
  Chunk,
  /** The last chunk: the answer is complete. */
  End,
  /** A whole answer: its head (`head`) and body; the answer is complete. */
  Whole,
}

interface Part {
  kind: Kind;
  bytes: Uint8Array;
  ids: number[];
  /** Whole: the answer's head, written before `bytes`. */
  head?: string;
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
    this.last(Kind.End, CHUNKED_END);
  }

  /** Ends the answer with `bytes` (after `head` when given: a whole answer). */
  last(kind: Kind.End | Kind.Whole, bytes: Uint8Array, head?: string): void {
    if (this.cancelled || this.ended) return;
    this.ended = true;
    this.channel.add(this, kind, bytes, head);
    this.channel.forget(this.id);
  }
}

function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? "Unknown";
}

/** Statuses whose answers have no body (RFC 9110): their head carries no framing either. */
function bodiless(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/** The status line and the response's headers, without framing or Date (written here). */
function headLines(res: Response): string {
  let head = `HTTP/1.1 ${res.status} ${reasonPhrase(res.status)}\r\n`;
  for (const [name, value] of res.headers) {
    if (name === "content-length" || name === "transfer-encoding" || name === "connection" || name === "date") continue;
    head += `${name}: ${value}\r\n`;
  }
  return head;
}

/** The head of a chunked answer with the response's status and headers. */
function chunkedHead(res: Response): Uint8Array {
  const framing = bodiless(res.status) ? "" : "Transfer-Encoding: chunked\r\n";
  return Buffer.from(`${headLines(res)}Date: ${httpDate()}\r\n${framing}\r\n`, "latin1");
}

/** The head of an answer whose body is `length` bytes (Content-Type alone when `plain`). */
function wholeHead(res: Response, plain: boolean, length: number): string {
  const lines = plain ? `HTTP/1.1 ${res.status} ${reasonPhrase(res.status)}\r\nContent-Type: application/json\r\n` : headLines(res);
  return bodiless(res.status) ? `${lines}Date: ${httpDate()}\r\n\r\n` : `${lines}Date: ${httpDate()}\r\nContent-Length: ${length}\r\n\r\n`;
}

const EMPTY = new Uint8Array(0);

const INTERNAL_ERROR = () =>
  new Response(JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the request could not be served", reason: "InternalError", code: 500 }), {
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
  /** Requests opened since start. */
  opened = 0;

  constructor(private readonly opts: WatchChannelOptions) {}

  /** Watches open now (answers driven by a direct source; requests in flight and other streams aside). */
  get size(): number {
    let n = 0;
    for (const stream of this.live.values()) if (stream.source) n++;
    return n;
  }

  /**
   * A request from the front: its head (without the blank line) and body. Requests that came
   * together (`group`) are answered together: once each has begun its answer, what they
   * wrote goes at once instead of at the end of the turn.
   */
  open(id: number, identity: CertIdentity | undefined, head: string, body?: Uint8Array, group?: Group): void {
    if (this.stopped) return;
    this.opened++;
    const stream = new ChannelStream(this, id);
    this.live.set(id, stream);
    void this.run(stream, identity, head, body, group);
  }

  /** A group for requests that come together (see open). */
  group(size: number): Group {
    return { left: size };
  }

  /** One of a group's requests has begun its answer (or will never answer). */
  private begun(group: Group | undefined): void {
    if (group && --group.left === 0 && this.flushQueued) this.flush();
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

  private async run(stream: ChannelStream, identity: CertIdentity | undefined, head: string, body: Uint8Array | undefined, group: Group | undefined): Promise<void> {
    let res: Response;
    try {
      res = await this.opts.handle(requestOfHead(head, body), identity);
    } catch {
      res = INTERNAL_ERROR();
    }
    const whole = knownBody(res);
    if (whole !== undefined) {
      if (!stream.cancelled) {
        const bytes = bodiless(res.status) ? EMPTY : typeof whole === "string" ? Buffer.from(whole) : whole;
        stream.last(Kind.Whole, bytes, wholeHead(res, hasPlainJsonHeaders(res), bytes.length));
      }
      this.begun(group);
      return;
    }
    const source = this.opts.directSource(res);
    if (stream.cancelled) {
      this.begun(group);
      source?.cancel();
      await res.body?.cancel().catch(() => {});
      return;
    }
    this.add(stream, Kind.Raw, chunkedHead(res));
    this.begun(group);
    if (bodiless(res.status)) {
      source?.cancel();
      await res.body?.cancel().catch(() => {});
      stream.last(Kind.Whole, EMPTY, "");
      return;
    }
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
  add(stream: ChannelStream, kind: Kind, bytes: Uint8Array, head?: string): void {
    if (this.stopped) return;
    if (stream.turn !== this.turn) {
      stream.turn = this.turn;
      stream.lastPart = -1;
    }
    let at = kind === Kind.Chunk ? this.partOf.get(bytes) : undefined;
    // a later stream joins an earlier part only if that keeps its own writes in order
    if (at === undefined || at < stream.lastPart) {
      at = this.parts.push(head !== undefined ? { kind, bytes, ids: [], head } : { kind, bytes, ids: [] }) - 1;
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
        // heads are latin1 (status lines, header names and values as Headers hold them)
        const h = p.head ?? "";
        heads.push(h);
        size += h.length + p.bytes.length;
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
      kinds[i] = p.kind === Kind.End || p.kind === Kind.Whole ? WATCH_DONE : WATCH_WRITE;
      lens[i] = at - start;
      counts[i] = p.ids.length;
      for (const id of p.ids) ids[idAt++] = id;
    }
    this.opts.send({ type: "watchOut", kinds, lens, counts, ids, buf }, [buf, kinds.buffer, lens.buffer, counts.buffer, ids.buffer]);
  };
}
