/**
 * Runs the TLS front on a worker thread of its own. TLS, reading requests and writing
 * answers then cost the apiserver's JS thread nothing: plain requests and watches arrive
 * here as messages (watch-channel.ts), and what the channel does not take is piped to the
 * backend listeners (BackendPool), which stay on this thread; it answers the worker's
 * "which socket serves this identity" once per new identity.
 */
import { availableParallelism } from "node:os";
import { logger } from "../../util/log.ts";
import { embeddedModule } from "../../util/pool.ts";
import { ReplicaFeed, type ReplicaSource } from "../watchcache/replica-feed.ts";
import type { BackendPool } from "./backends.ts";
import { TlsFront } from "./tls-front.ts";
import { WatchChannel, type DirectSource } from "./watch-channel.ts";
import type { CertIdentity } from "./peer-identity.ts";
import { ACCEPTED_CONNECTIONS, OPEN_CONNECTIONS, type FromFront, type ToFront } from "./tls-front-protocol.ts";

const log = logger("apiserver");

export interface TlsFrontThreadOptions {
  hostname: string;
  port: number;
  certPem: string;
  keyPem: string;
  caPem: string;
  backends: BackendPool;
  /** Lets the front answer system:masters' reads (GETs of objects and lists) from a replica of the watch caches. */
  fastGet?: FastGetSource;
  /** Sends the watches of the front's fast-mode connections through the pipeline as messages (watch-channel.ts). */
  watches?: WatchChannelSource;
}

export interface WatchChannelSource {
  handle(req: Request, cert: CertIdentity | undefined): Promise<Response>;
  directSource(res: Response): DirectSource | undefined;
  /** Bytes queued for a watching client before its watch is cut off. */
  maxBacklogBytes: number;
  /** Plain requests go down the channel too, not only watches. */
  requests: boolean;
}

export interface FastGetSource {
  /** The cache behind a resource path ("/api/v1/pods"), when it may be replicated. */
  resolve(resource: string): ReplicaSource | undefined;
  /** Bearer tokens of system:masters users. */
  adminTokens: string[];
  /** GETs the front answered (for request metrics): each one's seconds. */
  served(group: string, plural: string, seconds: Float64Array): void;
}

/** The front as the apiserver uses it, on its own thread or on the caller's. */
export interface RunningTlsFront {
  readonly port: number;
  readonly connections: number;
  readonly accepted: number;
  /** Watches open on the front's message channel (watch-channel.ts). */
  readonly channelWatches: number;
  /** Requests (watches included) handed over on the message channel since start. */
  readonly channelRequests: number;
  /** Brings the counts of GETs the front answered itself up to date (reported once a second otherwise). */
  collectServed(): Promise<void>;
  /** A full collection of the front thread's heap (for memory readings). */
  collectGarbage(): Promise<void>;
  stop(): void | Promise<void>;
}

/**
 * Whether the front gets a thread of its own: when the process may use more than one CPU
 * (on one, the thread only adds hand-offs). KUBUN_TLS_FRONT_THREAD=0 or 1 decides instead,
 * for comparing the two on one machine.
 */
export function tlsFrontOnThread(env: Record<string, string | undefined> = process.env, cpus = availableParallelism()): boolean {
  const forced = env.KUBUN_TLS_FRONT_THREAD;
  if (forced === "0" || forced === "false") return false;
  if (forced === "1" || forced === "true") return true;
  return cpus > 1;
}

/** Starts the front on a worker thread (`onThread`) or on this thread. */
export async function startTlsFront(o: TlsFrontThreadOptions, onThread: boolean): Promise<RunningTlsFront> {
  if (onThread) return TlsFrontThread.start(o);
  // on the apiserver's own thread there is no hop to save: every request goes through the pipeline
  const { backends, fastGet: _, watches: __, ...rest } = o;
  const front = new TlsFront({ ...rest, socketFor: (cert) => backends.socketFor(cert) });
  return Object.assign(front, { channelWatches: 0, channelRequests: 0, collectServed: async () => {}, collectGarbage: async () => {} });
}

/** One worker running the front; resolves once it listens. */
async function spawnFront(o: TlsFrontThreadOptions, port: number, counters: SharedArrayBuffer): Promise<{ worker: Worker; port: number; feed: ReplicaFeed | undefined; watches: WatchChannel | undefined }> {
  const worker = new Worker(embeddedModule("apiserver/transport/tls-front-worker.ts"));
  const send = (m: ToFront, transfer?: ArrayBuffer[]) => worker.postMessage(m, transfer ?? []);
  const fast = o.fastGet;
  const feed = fast ? new ReplicaFeed((resource) => fast.resolve(resource), send) : undefined;
  const watches = o.watches ? new WatchChannel({ handle: o.watches.handle, directSource: o.watches.directSource, send }) : undefined;
  worker.addEventListener("close", () => {
    feed?.stop();
    watches?.stop();
  });
  const { promise: ready, resolve: listening, reject: failed } = Promise.withResolvers<number>();
  worker.addEventListener("message", (ev: MessageEvent<FromFront>) => {
    const m = ev.data;
    if (m.type === "listening") listening(m.port);
    else if (m.type === "failed") failed(new Error(m.error));
    else if (m.type === "requests") {
      let at = 0;
      const group = watches?.group(m.ids.length);
      for (let i = 0; i < m.ids.length; i++) {
        const len = m.lens[i]!;
        watches?.open(m.ids[i]!, m.identities[i], m.heads[i]!, len > 0 ? new Uint8Array(m.buf, at, len) : undefined, group);
        at += len;
      }
    }
    else if (m.type === "watchCancel") watches?.cancel(m.id);
    else if (m.type === "replicate") feed?.replicate(m.resource);
    else if (m.type === "served") {
      for (let i = 0; i < m.slots.length; i++) {
        const r = feed?.resourceOf(m.slots[i]!);
        if (r) fast!.served(r.group, r.plural, m.seconds[i]!);
      }
    }
    else if (m.type === "socketFor") {
      try {
        send({ type: "socket", id: m.id, path: o.backends.socketFor(m.identity) });
      } catch (err) {
        send({ type: "socket", id: m.id, error: String(err) });
      }
    }
  });
  worker.addEventListener("error", (ev: ErrorEvent) => failed(new Error(`TLS front thread: ${ev.message}`)));
  const fastGet = feed && fast ? { fastGet: { sequences: feed.sequences, adminTokens: fast.adminTokens } } : {};
  const channel = o.watches ? { watches: { maxBacklogBytes: o.watches.maxBacklogBytes, requests: o.watches.requests } } : {};
  send({ type: "start", hostname: o.hostname, port, certPem: o.certPem, keyPem: o.keyPem, caPem: o.caPem, counters, ...fastGet, ...channel });
  try {
    return { worker, port: await ready, feed, watches };
  } catch (err) {
    feed?.stop();
    watches?.stop();
    worker.terminate();
    throw err;
  }
}

/**
 * The front on its own thread. A thread that ends while the apiserver runs (an uncaught
 * error in it) is started again on the same port after a delay (1 s doubling to 30 s), so
 * the API does not stay unreachable while the process looks alive.
 */
export class TlsFrontThread implements RunningTlsFront {
  private stopped = false;
  private readonly counters: Int32Array;
  /** Threads started again after one ended. */
  restarts = 0;
  /** Requests the channels of the threads that ended had handed over. */
  private handedOver = 0;

  private constructor(
    private readonly opts: TlsFrontThreadOptions,
    private worker: Worker,
    private feed: ReplicaFeed | undefined,
    private watches: WatchChannel | undefined,
    private readonly sab: SharedArrayBuffer,
    readonly port: number,
  ) {
    this.counters = new Int32Array(sab);
    this.watch(worker);
  }

  /** Starts the worker; resolves once it listens, rejects if it cannot (e.g. the port is taken). */
  static async start(o: TlsFrontThreadOptions): Promise<TlsFrontThread> {
    const sab = new SharedArrayBuffer(8);
    const { worker, port, feed, watches } = await spawnFront(o, o.port, sab);
    return new TlsFrontThread(o, worker, feed, watches, sab, port);
  }

  private watch(worker: Worker): void {
    worker.addEventListener("close", () => {
      if (this.stopped || worker !== this.worker) return;
      log.error("the TLS front thread ended; starting it again", { port: this.port });
      Atomics.store(this.counters, OPEN_CONNECTIONS, 0);
      void this.restart(1000);
    });
  }

  private async restart(delayMs: number): Promise<void> {
    await Bun.sleep(delayMs);
    if (this.stopped) return;
    try {
      const { worker, feed, watches } = await spawnFront(this.opts, this.port, this.sab);
      if (this.stopped) {
        feed?.stop();
        watches?.stop();
        worker.terminate();
        return;
      }
      this.worker = worker;
      this.feed = feed;
      this.handedOver += this.watches?.opened ?? 0;
      this.watches = watches;
      this.restarts++;
      this.watch(worker);
      log.info("TLS front thread started again", { port: this.port, restarts: this.restarts });
    } catch (err) {
      const next = Math.min(delayMs * 2, 30_000);
      log.error("starting the TLS front thread again failed", { err: String(err), retryInMs: next });
      void this.restart(next);
    }
  }

  async collectServed(): Promise<void> {
    if (!this.feed || this.stopped) return;
    await this.ask({ type: "report" }, "reported", 200);
  }

  async collectGarbage(): Promise<void> {
    if (!this.stopped) await this.ask({ type: "collectGarbage" }, "collected", 2000);
  }

  /** Sends the worker `m` and waits for its `reply` (at most `timeoutMs`). */
  private async ask(m: ToFront, reply: FromFront["type"], timeoutMs: number): Promise<void> {
    const worker = this.worker;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        worker.removeEventListener("message", onMessage);
        resolve();
      }
      function onMessage(ev: MessageEvent<FromFront>) {
        if (ev.data.type === reply) done();
      }
      worker.addEventListener("message", onMessage);
      worker.postMessage(m);
    });
  }

  /** Client connections open now. */
  get connections(): number {
    return Atomics.load(this.counters, OPEN_CONNECTIONS);
  }

  get channelRequests(): number {
    return this.handedOver + (this.watches?.opened ?? 0);
  }

  get channelWatches(): number {
    return this.watches?.size ?? 0;
  }

  /** Connections accepted since start. */
  get accepted(): number {
    return Atomics.load(this.counters, ACCEPTED_CONNECTIONS);
  }

  /** Stops listening, closes every connection, ends the thread. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const worker = this.worker;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      worker.addEventListener("message", (ev: MessageEvent<FromFront>) => {
        if (ev.data.type === "stopped") done();
      });
      worker.addEventListener("close", done);
      worker.postMessage({ type: "stop" } satisfies ToFront);
    });
    this.feed?.stop();
    worker.terminate();
  }

  /** Ends the current thread abruptly, as a crash would (tests). */
  killThreadForTest(): void {
    this.worker.terminate();
  }
}
