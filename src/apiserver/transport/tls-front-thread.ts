/**
 * Runs the TLS front on a worker thread of its own. TLS and the byte pipe between a client
 * and its identity's backend socket then cost the apiserver's JS thread nothing; the
 * backend listeners (BackendPool) stay on that thread, which answers the worker's
 * "which socket serves this identity" once per new identity.
 */
import { availableParallelism } from "node:os";
import { embeddedModule } from "../../util/pool.ts";
import type { BackendPool } from "./backends.ts";
import { TlsFront } from "./tls-front.ts";
import { ACCEPTED_CONNECTIONS, OPEN_CONNECTIONS, type FromFront, type ToFront } from "./tls-front-protocol.ts";

export interface TlsFrontThreadOptions {
  hostname: string;
  port: number;
  certPem: string;
  keyPem: string;
  caPem: string;
  backends: BackendPool;
}

/** The front as the apiserver uses it, on its own thread or on the caller's. */
export interface RunningTlsFront {
  readonly port: number;
  readonly connections: number;
  readonly accepted: number;
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
  const { backends, ...rest } = o;
  return new TlsFront({ ...rest, socketFor: (cert) => backends.socketFor(cert) });
}

export class TlsFrontThread implements RunningTlsFront {
  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    private readonly counters: Int32Array,
    readonly port: number,
  ) {}

  /** Starts the worker; resolves once it listens, rejects if it cannot (e.g. the port is taken). */
  static async start(o: TlsFrontThreadOptions): Promise<TlsFrontThread> {
    const worker = new Worker(embeddedModule("apiserver/transport/tls-front-worker.ts"));
    const sab = new SharedArrayBuffer(8);
    const send = (m: ToFront) => worker.postMessage(m);
    let listening!: (port: number) => void;
    let failed!: (err: Error) => void;
    const ready = new Promise<number>((res, rej) => {
      listening = res;
      failed = rej;
    });
    worker.addEventListener("message", (ev: MessageEvent<FromFront>) => {
      const m = ev.data;
      if (m.type === "listening") listening(m.port);
      else if (m.type === "failed") failed(new Error(m.error));
      else if (m.type === "socketFor") {
        try {
          send({ type: "socket", id: m.id, path: o.backends.socketFor(m.identity) });
        } catch (err) {
          send({ type: "socket", id: m.id, error: String(err) });
        }
      }
    });
    worker.addEventListener("error", (ev: ErrorEvent) => failed(new Error(`TLS front thread: ${ev.message}`)));
    send({ type: "start", hostname: o.hostname, port: o.port, certPem: o.certPem, keyPem: o.keyPem, caPem: o.caPem, counters: sab });
    let port: number;
    try {
      port = await ready;
    } catch (err) {
      worker.terminate();
      throw err;
    }
    return new TlsFrontThread(worker, new Int32Array(sab), port);
  }

  /** Client connections open now. */
  get connections(): number {
    return Atomics.load(this.counters, OPEN_CONNECTIONS);
  }

  /** Connections accepted since start. */
  get accepted(): number {
    return Atomics.load(this.counters, ACCEPTED_CONNECTIONS);
  }

  /** Stops listening, closes every connection, ends the thread. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      this.worker.addEventListener("message", (ev: MessageEvent<FromFront>) => {
        if (ev.data.type === "stopped") {
          clearTimeout(timer);
          resolve();
        }
      });
      this.worker.postMessage({ type: "stop" } satisfies ToFront);
    });
    this.worker.terminate();
  }
}
