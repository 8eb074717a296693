/**
 * The public HTTPS port: Bun.listen terminates TLS (client certificates requested, verified
 * against the cluster CA, never required), reads the verified peer certificate once per
 * connection, and pipes the decrypted bytes to the backend listener of that identity.
 * Connections without a verified certificate go to the anonymous listener, where bearer
 * tokens are checked per request.
 *
 * With `fastGet` (the front on a thread of its own) a connection of a system:masters
 * identity, or one without a certificate, starts by reading requests itself: a GET the read
 * replica can answer (fast-get.ts) for such a user is answered here; any other request is
 * handed to the backend whole, and the next one is read only once its answer has passed,
 * so answers keep the requests' order. What cannot be framed with certainty
 * (http-framing.ts) turns the connection into a plain pipe for good.
 *
 * With `watches` (the front on a thread of its own), every connection reads its requests so,
 * and a plain request (channel-request.ts) is sent to the apiserver as a message rather
 * than over a backend socket, whoever sends it (the pipeline authenticates and authorizes
 * it as any request); the bytes of its answer come back the same way (watch-channel.ts).
 * Only what the channel does not take (upgrades, large or chunked bodies, Connection:
 * close) opens a backend connection, and an idle watch holds none on either side.
 */
import type { Socket, SocketHandler, TCPSocketListener, TCPSocketListenOptions } from "bun";
import { channelRequestBody, isChannelWatch } from "./channel-request.ts";
import { okResponse, parseFastGet, type FastGet } from "./fast-get.ts";
import { CHUNKED_END, httpChunk, requestBodyLength, ResponseTracker } from "./http-framing.ts";
import { identityFromPeerCertificate, type CertIdentity } from "./peer-identity.ts";
import { PipeSide } from "./pipe.ts";
import type { ReadReplicas } from "./read-replica.ts";
import { WATCH_DONE, type WatchOutput } from "./tls-front-protocol.ts";
import { slowWatchError } from "../watchcache/watcher.ts";

/** GETs the front answers itself from a read replica (see fast-get.ts). */
export interface FrontFastGet {
  replicas: ReadReplicas;
  /** Bearer tokens of system:masters users. */
  adminTokens: ReadonlySet<string>;
  /** Called for each GET answered, with its time in the front. */
  served(slot: number, seconds: number): void;
}

/** Requests the front hands to the apiserver as messages (see watch-channel.ts). */
export interface FrontWatches {
  /**
   * A request: its head (without the blank line) and body (none when empty), and how many
   * other requests have no answer under way yet (see `answered`).
   */
  open(id: number, cert: CertIdentity | undefined, head: string, body: Uint8Array | undefined, unanswered: number): void;
  /** Answers began: now `unanswered` requests have none under way (not a byte of it came yet). */
  answered(unanswered: number): void;
  /** The client is gone, or was cut off. */
  cancel(id: number): void;
  /** Bytes queued for a watching client before its watch is cut off. */
  maxBacklogBytes: number;
  /** Plain requests go to the apiserver as messages too, not only watches. */
  requests: boolean;
}

export interface TlsFrontOptions {
  hostname: string;
  port: number;
  certPem: string;
  keyPem: string;
  caPem: string;
  /** The backend socket serving an identity (undefined: no verified certificate). */
  socketFor(cert: CertIdentity | undefined): string | Promise<string>;
  /** Told by how much the open connections changed (+1 on open, -1 on close, -n on stop). */
  onConnections?(delta: number): void;
  fastGet?: FrontFastGet;
  watches?: FrontWatches;
}

const MASTERS = "system:masters";
/** A request head longer than this goes to the apiserver, which answers it (431 or else). */
const MAX_FAST_HEAD = 16 * 1024;
/** Bytes a connection may hold back (requests behind one in progress, answers not yet read). */
const MAX_HELD = 1024 * 1024;
/**
 * How long a GET may wait for the replica before the apiserver is asked instead. The next
 * batch normally arrives within a turn of the apiserver's event loop; this bounds a stall.
 */
const MAX_REPLICA_WAIT_MS = 500;
const EMPTY = new Uint8Array(0);

interface Conn {
  client: Socket<Conn>;
  backend: Socket<Conn> | undefined;
  /** A backend connection is being opened. */
  connecting: boolean;
  toBackend: PipeSide;
  toClient: PipeSide;
  closed: boolean;
  backendClosed: boolean;
  /** The verified certificate's identity (undefined: bearer tokens per request). */
  cert: CertIdentity | undefined;
  /** Requests are read one by one here (false: a plain pipe). */
  fast: boolean;
  /** The answer of a request handed to the backend is still on its way (fast mode). */
  tracker: ResponseTracker | undefined;
  /** Body bytes of that request still to come from the client. */
  bodyLeft: number;
  /** Client bytes read but not handled yet (fast mode). */
  pending: Buffer | undefined;
  /** Waiting since then for the replica to reach `waitTarget`; 0: not waiting. */
  waitingSince: number;
  waitTarget: number | undefined;
  /** Waiting for the client to read what is queued for it. */
  parked: boolean;
  /** To call once everything queued for the client is written (buffers to reuse). */
  onDrained: (() => void)[] | undefined;
  /** The channel request whose answer is on its way (0: none). */
  watchId: number;
  /** That request is a watch (a client that stops reading gets a watch's ERROR event). */
  channelWatch: boolean;
  /** Its answer is under way (some of it came). */
  answerBegun: boolean;
}

/** Calls what waited for the client's queue to empty (or for the connection to end). */
function drained(conn: Conn): void {
  const fns = conn.onDrained;
  if (!fns || (conn.toClient.buffered > 0 && !conn.closed)) return;
  conn.onDrained = undefined;
  for (const fn of fns) fn();
}

/** Whether a connection in fast mode may read its next request now. */
const idle = (c: Conn) => c.fast && c.tracker === undefined && c.bodyLeft === 0 && c.waitingSince === 0 && !c.parked && c.watchId === 0;

/**
 * The backend connections' handlers, one object for all of them (each connection's state
 * is its `data`): per-connection closures were a good part of an idle connection's memory.
 */
function backendHandlers(front: TlsFront): SocketHandler<Conn> {
  return {
    open(backend) {
      const conn = backend.data;
      conn.connecting = false;
      if (conn.closed) {
        backend.end();
        return;
      }
      conn.backend = backend;
      conn.toBackend.dest = backend as Socket<unknown>;
      conn.toClient.source = backend as Socket<unknown>;
      conn.toBackend.flush();
    },
    data(backend, data) {
      front.fromBackend(backend.data, data);
    },
    drain(backend) {
      backend.data.toBackend.flush();
    },
    close(backend) {
      const conn = backend.data;
      conn.connecting = false;
      conn.backend = undefined;
      conn.toBackend.dest = undefined;
      conn.toClient.source = undefined;
      // between requests in fast mode the client has nothing to lose: the next one reconnects
      if (conn.fast && conn.tracker === undefined && conn.bodyLeft === 0) return;
      conn.backendClosed = true;
      if (!conn.closed && conn.toClient.buffered === 0) conn.client.end();
    },
    error() {},
    connectError(backend) {
      backend.data.connecting = false;
      backend.data.client.end();
    },
  };
}

/** Bun.listen, with an error that names the address and says when it is taken. */
function listenOrExplain(o: TlsFrontOptions, options: TCPSocketListenOptions<Conn>): TCPSocketListener<Conn> {
  try {
    return Bun.listen<Conn>(options);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const why = e.code === "EADDRINUSE" ? "the address is already in use" : (e.message ?? String(err));
    throw new Error(`cannot listen for HTTPS on ${o.hostname}:${o.port}: ${why}`);
  }
}

export class TlsFront {
  private readonly listener: TCPSocketListener<Conn>;
  private readonly open = new Set<Socket<Conn>>();
  private readonly backendHandlers = backendHandlers(this);
  /** Fast-mode connections whose next GET waits for the replica. */
  private readonly waiting = new Set<Conn>();
  private readonly waitTimer: ReturnType<typeof setInterval> | undefined;
  /** Connections whose channel watch is open, by its id. */
  private readonly watching = new Map<number, Conn>();
  private lastWatchId = 0;
  /** Channel requests without an answer under way yet. */
  private unanswered = 0;
  /** Connections accepted since start. */
  accepted = 0;

  constructor(private readonly opts: TlsFrontOptions) {
    const self = this;
    this.listener = listenOrExplain(opts, {
      hostname: opts.hostname,
      port: opts.port,
      tls: { cert: opts.certPem, key: opts.keyPem, ca: opts.caPem, requestCert: true, rejectUnauthorized: false },
      socket: {
        open(client) {
          const conn: Conn = {
            client,
            backend: undefined,
            connecting: false,
            toBackend: new PipeSide(),
            toClient: new PipeSide(),
            closed: false,
            backendClosed: false,
            cert: undefined,
            fast: false,
            tracker: undefined,
            bodyLeft: 0,
            pending: undefined,
            waitingSince: 0,
            waitTarget: undefined,
            parked: false,
            onDrained: undefined,
            watchId: 0,
            channelWatch: false,
            answerBegun: false,
          };
          conn.toBackend.source = client as Socket<unknown>;
          conn.toClient.dest = client as Socket<unknown>;
          client.data = conn;
          self.open.add(client);
          self.accepted++;
          self.opts.onConnections?.(1);
        },
        handshake(client, success) {
          let cert: CertIdentity | undefined;
          if (success && client.authorized) cert = identityFromPeerCertificate(client.getPeerCertificate());
          const conn = client.data;
          conn.cert = cert;
          // The replica answers only system:masters (whoever else may be refused by authorization,
          // see mayAnswer); channel watches go through the whole pipeline, so every identity's do.
          const masters = cert === undefined || cert.groups.includes(MASTERS);
          conn.fast = self.opts.watches !== undefined || (self.opts.fastGet !== undefined && masters);
          if (!conn.fast) self.connectBackend(conn);
        },
        data(client, data) {
          self.fromClient(client.data, data);
        },
        drain(client) {
          const conn = client.data;
          conn.toClient.flush();
          drained(conn);
          if (conn.backendClosed && conn.toClient.buffered === 0) client.end();
          if (conn.parked && conn.toClient.buffered === 0) {
            conn.parked = false;
            self.readFast(conn, EMPTY);
          }
        },
        close(client) {
          self.waiting.delete(client.data);
          self.endWatch(client.data, true);
          if (self.open.delete(client)) self.opts.onConnections?.(-1);
          client.data.closed = true;
          drained(client.data);
          client.data.backend?.end();
        },
        error() {},
      },
    });
    if (opts.fastGet) {
      opts.fastGet.replicas.onUpdate = () => this.retryWaiting();
      let ticks = 0;
      this.waitTimer = setInterval(() => {
        this.expireWaiting();
        if (++ticks % 50 === 0) opts.fastGet?.replicas.trim();
      }, 100);
    }
  }

  get port(): number {
    return this.listener.port;
  }

  get connections(): number {
    return this.open.size;
  }

  private fromClient(conn: Conn, data: Uint8Array): void {
    if (!conn.fast) {
      conn.toBackend.push(data);
      return;
    }
    if (conn.bodyLeft > 0) {
      // the rest of a request body on its way to the backend
      const n = Math.min(conn.bodyLeft, data.length);
      conn.toBackend.push(data.subarray(0, n));
      conn.bodyLeft -= n;
      data = data.subarray(n);
      if (data.length === 0) return;
    }
    if (idle(conn)) {
      this.readFast(conn, data);
      return;
    }
    conn.pending = conn.pending ? Buffer.concat([conn.pending, data]) : Buffer.from(data);
    if (conn.pending.length <= MAX_HELD || conn.bodyLeft > 0) return;
    // a client sending far ahead of its answers: let the backend take the requests in order
    // (behind a channel watch there is no order to keep with the backend: it goes)
    if (conn.watchId !== 0) conn.client.end();
    else this.toPipe(conn);
  }

  /** Bytes from the backend: passed on, and followed to the end of the answer in fast mode. */
  fromBackend(conn: Conn, data: Uint8Array): void {
    const tracker = conn.tracker;
    if (!conn.fast || !tracker) {
      conn.toClient.push(data);
      return;
    }
    const r = tracker.feed(data);
    conn.toClient.push(data);
    if (r === "more") return;
    if (r === "unframed" || r < data.length) {
      // an upgrade, a body that ends with the connection, or bytes nobody asked for
      this.toPipe(conn);
      return;
    }
    conn.tracker = undefined;
    if (conn.bodyLeft === 0) this.readFast(conn, EMPTY);
  }

  /**
   * Reads the complete requests held and in `data`, in order: GETs the replica can answer
   * are answered here; the first other request goes to the backend, and reading stops
   * until its answer has passed.
   */
  readFast(conn: Conn, data: Uint8Array): void {
    if (!idle(conn) || conn.closed) {
      if (data.length > 0) conn.pending = conn.pending ? Buffer.concat([conn.pending, data]) : Buffer.from(data);
      return;
    }
    const fg = this.opts.fastGet;
    const started = performance.now();
    const buf = conn.pending ? (data.length > 0 ? Buffer.concat([conn.pending, data]) : conn.pending) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    conn.pending = undefined;
    let at = 0;
    while (at < buf.length) {
      const end = buf.indexOf("\r\n\r\n", at, "latin1");
      if (end < 0) {
        if (buf.length - at > MAX_FAST_HEAD) break;
        conn.pending = buf.subarray(at);
        return;
      }
      const head = buf.toString("latin1", at, end);
      if (this.opts.watches && isChannelWatch(head)) {
        this.startChannel(conn, head, undefined, true);
        at = end + 4;
        if (at < buf.length) conn.pending = buf.subarray(at);
        return;
      }
      const get = fg ? parseFastGet(head) : undefined;
      const hit = get && fg && this.mayAnswer(conn, get) ? fg.replicas.lookup(get, conn.waitTarget) : undefined;
      if (hit?.kind === "wait") {
        conn.pending = buf.subarray(at);
        conn.waitTarget = hit.target;
        conn.waitingSince = performance.now();
        this.waiting.add(conn);
        return;
      }
      conn.waitTarget = undefined;
      if (hit?.kind !== "hit") {
        const body = this.opts.watches?.requests ? channelRequestBody(head) : undefined;
        if (body === undefined) {
          this.forward(conn, buf, at, end, head);
          return;
        }
        const start = end + 4;
        if (buf.length - start < body) {
          // the body is still on its way: the request is read again once more has come
          conn.pending = buf.subarray(at);
          return;
        }
        this.startChannel(conn, head, body > 0 ? buf.subarray(start, start + body) : undefined, false);
        at = start + body;
        if (at < buf.length) conn.pending = buf.subarray(at);
        return;
      }
      at = end + 4;
      for (const part of okResponse(hit.bytes)) conn.toClient.push(part);
      if (hit.release) {
        (conn.onDrained ??= []).push(hit.release);
        drained(conn);
      }
      fg!.served(hit.slot, (performance.now() - started) / 1000);
      if (conn.toClient.buffered > MAX_HELD) {
        // the client is not reading its answers: read on once it has
        conn.parked = true;
        if (at < buf.length) conn.pending = buf.subarray(at);
        return;
      }
    }
    if (at < buf.length) this.toPipe(conn, buf.subarray(at));
  }

  private startChannel(conn: Conn, head: string, body: Uint8Array | undefined, watch: boolean): void {
    const id = ++this.lastWatchId;
    conn.watchId = id;
    conn.channelWatch = watch;
    conn.answerBegun = false;
    this.watching.set(id, conn);
    this.opts.watches!.open(id, conn.cert, head, body, this.unanswered);
    this.unanswered++;
  }

  /**
   * Ends a connection's channel watch on this side: `cancel` tells the apiserver (the client
   * went away or was cut off), otherwise the answer is complete and the next request is read.
   */
  private endWatch(conn: Conn, cancel: boolean): void {
    const id = conn.watchId;
    if (id === 0) return;
    conn.watchId = 0;
    if (!conn.answerBegun) {
      conn.answerBegun = true;
      this.unanswered--;
    }
    this.watching.delete(id);
    if (cancel) this.opts.watches!.cancel(id);
    else if (!conn.closed) this.readFast(conn, EMPTY);
  }

  /** Writes what the apiserver wrote to channel watches this turn (see WatchOutput). */
  watchOut(m: WatchOutput): void {
    const limit = this.opts.watches?.maxBacklogBytes ?? Infinity;
    let at = 0;
    let idAt = 0;
    let begun = false;
    for (let i = 0; i < m.kinds.length; i++) {
      const bytes = new Uint8Array(m.buf, at, m.lens[i]!);
      at += bytes.length;
      const done = m.kinds[i] === WATCH_DONE;
      const end = idAt + m.counts[i]!;
      for (; idAt < end; idAt++) {
        const conn = this.watching.get(m.ids[idAt]!);
        if (!conn || conn.closed) continue;
        if (!conn.answerBegun) {
          conn.answerBegun = true;
          this.unanswered--;
          begun = true;
        }
        // as the apiserver's own watches judge it (CacheWatcher.send): still more than the
        // bound waiting when more comes; one large write alone (the initial state) is fine
        if (!done && conn.toClient.buffered > limit) {
          if (conn.channelWatch) this.cutOff(conn, limit);
          else {
            // a streamed answer (a log, a proxied API's) the client does not read: it ends
            this.endWatch(conn, true);
            conn.client.end();
          }
          continue;
        }
        conn.toClient.push(bytes, true);
        if (done) this.endWatch(conn, false);
      }
    }
    if (begun) this.opts.watches?.answered(this.unanswered);
  }

  /**
   * A watching client that does not read: its watch ends with the ERROR event the apiserver's
   * own watches send, queued behind what waits (it sees it if it ever catches up).
   */
  private cutOff(conn: Conn, limit: number): void {
    conn.toClient.push(httpChunk(slowWatchError(limit)));
    conn.toClient.push(CHUNKED_END);
    this.endWatch(conn, true);
    this.readFast(conn, EMPTY);
  }

  /** Hands the request at `buf[at..]` (head ending at `end`) to the backend. */
  private forward(conn: Conn, buf: Buffer, at: number, end: number, head: string): void {
    const body = requestBodyLength(head);
    if (body === undefined) {
      this.toPipe(conn, buf.subarray(at));
      return;
    }
    const total = end + 4 - at + body;
    const now = Math.min(total, buf.length - at);
    conn.tracker = new ResponseTracker(head.startsWith("HEAD "));
    conn.bodyLeft = total - now;
    conn.toBackend.push(buf.subarray(at, at + now));
    if (at + now < buf.length) conn.pending = buf.subarray(at + now);
    this.connectBackend(conn);
  }

  private mayAnswer(conn: Conn, get: FastGet): boolean {
    // a verified certificate decides the user, as in the apiserver's authenticator chain
    if (conn.cert) return conn.cert.groups.includes(MASTERS);
    return get.token !== undefined && this.opts.fastGet!.adminTokens.has(get.token);
  }

  /** From now on a plain pipe: `rest` and the bytes held go to the backend, in order. */
  private toPipe(conn: Conn, rest: Uint8Array = EMPTY): void {
    conn.fast = false;
    conn.tracker = undefined;
    conn.waitTarget = undefined;
    conn.waitingSince = 0;
    conn.parked = false;
    this.waiting.delete(conn);
    const held = conn.pending;
    conn.pending = undefined;
    if (held && held.length > 0) conn.toBackend.push(held);
    if (rest.length > 0) conn.toBackend.push(rest);
    this.connectBackend(conn);
  }

  /** Gives waiting GETs another try after the replica changed. */
  private retryWaiting(): void {
    if (this.waiting.size === 0) return;
    const ready = [...this.waiting];
    this.waiting.clear();
    for (const conn of ready) {
      conn.waitingSince = 0;
      this.readFast(conn, EMPTY);
    }
  }

  /** Sends GETs that waited too long for the replica to the apiserver. */
  private expireWaiting(): void {
    const now = performance.now();
    for (const conn of this.waiting) {
      if (now - conn.waitingSince >= MAX_REPLICA_WAIT_MS && !conn.closed) this.toPipe(conn);
    }
  }

  private connectBackend(conn: Conn): void {
    if (conn.backend || conn.connecting || conn.closed) return;
    conn.connecting = true;
    const client = conn.client;
    let unix: string | Promise<string>;
    try {
      unix = this.opts.socketFor(conn.cert);
    } catch {
      client.end();
      return;
    }
    if (typeof unix === "string") this.pipeTo(conn, unix);
    else unix.then((path) => this.pipeTo(conn, path), () => client.end());
  }

  private pipeTo(conn: Conn, unix: string): void {
    if (conn.closed) return;
    Bun.connect<Conn>({ unix, data: conn, socket: this.backendHandlers }).catch(() => conn.client.end());
  }

  /** Stops accepting and closes every open connection. */
  stop(): void {
    if (this.waitTimer) clearInterval(this.waitTimer);
    this.waiting.clear();
    this.watching.clear();
    this.listener.stop(true);
    for (const c of this.open) c.end();
    if (this.open.size > 0) this.opts.onConnections?.(-this.open.size);
    this.open.clear();
  }
}
