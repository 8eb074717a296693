/**
 * Flow control of the kubelet's stream sessions, in both directions.
 *
 * Out (pod to client): a Bun ServerWebSocket queues what the client has not read and,
 * past its backpressureLimit (16 MiB), drops further messages. WsOutFlow sends and
 * reports when more than HIGH_WATER bytes wait; callers then pause their source (a pod
 * socket, an output reader) and it is resumed from the WebSocket's `drain` event once
 * the queue is below LOW_WATER, so the queue stays near HIGH_WATER whatever the source's
 * speed.
 *
 * In (client to pod): a Bun socket writes what the kernel takes and returns the count;
 * SocketWriter keeps the rest in order, pauses the WebSocket (the client then sees TCP
 * backpressure) and writes it on the socket's `drain`.
 */
import type { Socket } from "bun";

export const HIGH_WATER = 1 << 20;
export const LOW_WATER = 256 << 10;

/** What WsOutFlow needs of a ServerWebSocket. */
export interface OutSocket {
  readonly readyState: number;
  sendBinary(data: Uint8Array): number;
  getBufferedAmount(): number;
}

/** A source that can stop producing for a while. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export class WsOutFlow {
  private paused = new Set<Pausable>();
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly ws: OutSocket) {}

  /** Whether the client is behind by more than HIGH_WATER bytes. */
  get blocked(): boolean {
    return !this.closed && this.ws.readyState === 1 && this.ws.getBufferedAmount() > HIGH_WATER;
  }

  /** Sends one message; false when the caller should wait (`drained()`) or pause its source (`hold`). */
  send(data: Uint8Array): boolean {
    if (this.closed || this.ws.readyState !== 1) return true;
    this.ws.sendBinary(data);
    return !this.blocked;
  }

  /** Resolves once the client has caught up (or the session ended). */
  drained(): Promise<void> {
    if (!this.blocked) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Pauses `src` until the client catches up. */
  hold(src: Pausable): void {
    if (this.closed || this.paused.has(src)) return;
    this.paused.add(src);
    src.pause();
  }

  /** The WebSocket's `drain` event. */
  onDrain(): void {
    if (this.ws.getBufferedAmount() > LOW_WATER && this.ws.readyState === 1) return;
    this.release();
  }

  /** The session ended: nobody waits any more. */
  close(): void {
    this.closed = true;
    this.release();
  }

  private release(): void {
    const srcs = [...this.paused];
    this.paused.clear();
    for (const s of srcs) {
      try {
        s.resume();
      } catch {
        // a source closed meanwhile
      }
    }
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

/** Ordered writes to a Bun socket that keep what it did not take and hold the producer meanwhile. */
export class SocketWriter {
  private queue: Uint8Array[] = [];
  private sock: Socket<unknown> | undefined;
  private endWhenFlushed = false;

  /** `producer` is paused while bytes wait (normally the WebSocket). */
  constructor(private readonly producer: Pausable) {}

  /** The socket opened: what was written before goes out now. */
  attach(sock: Socket<unknown>): void {
    this.sock = sock;
    this.flush();
  }

  write(data: Uint8Array): void {
    if (!this.sock || this.queue.length > 0) {
      this.queue.push(data.slice());
      if (this.sock) this.producer.pause();
      return;
    }
    const n = this.sock.write(data);
    if (n < data.length) {
      this.queue.push(data.slice(Math.max(n, 0)));
      this.producer.pause();
    }
  }

  /** Ends the socket after what is queued. */
  end(): void {
    this.endWhenFlushed = true;
    if (this.sock && this.queue.length === 0) this.sock.end();
  }

  /** The socket's `drain` event (and open). */
  flush(): void {
    const sock = this.sock;
    if (!sock) return;
    while (this.queue.length > 0) {
      const chunk = this.queue[0]!;
      const n = sock.write(chunk);
      if (n < chunk.length) {
        this.queue[0] = chunk.subarray(Math.max(n, 0));
        this.producer.pause();
        return;
      }
      this.queue.shift();
    }
    this.producer.resume();
    if (this.endWhenFlushed) sock.end();
  }

  /** The socket closed: drop what waits. */
  detach(): void {
    this.sock = undefined;
    this.queue = [];
    this.producer.resume();
  }
}

/** Pauses a WebSocket while any of several writers holds it (one per pod connection). */
export class InGate {
  private holders = 0;

  constructor(private readonly ws: Pausable) {}

  /** A handle for one writer; its pause/resume may repeat. */
  holder(): Pausable {
    let held = false;
    return {
      pause: () => {
        if (held) return;
        held = true;
        if (this.holders++ === 0) this.ws.pause();
      },
      resume: () => {
        if (!held) return;
        held = false;
        if (--this.holders === 0) {
          try {
            this.ws.resume();
          } catch {
            // closed meanwhile
          }
        }
      },
    };
  }
}
