/**
 * Relays one upgraded client WebSocket to an already open backend WebSocket, message for
 * message (binary stays binary, text stays text) and close for close. Messages the
 * backend sends before the client's upgrade completes are held and delivered first.
 * Flow control: once more than HIGH_WATER bytes wait for the client, the backend's socket
 * is paused and what it still delivers is queued here, so Bun never reaches its own
 * backpressure limit (where it would drop messages); the queue is flushed and the backend
 * resumed as the client drains. A message Bun drops anyway ends the session with 1011
 * rather than corrupting the stream. The other way, reading from the client is paused
 * while more than HIGH_WATER bytes wait for the backend.
 */
import type { ServerWebSocket } from "bun";
import type { UpgradeSession } from "../transport/upgrade.ts";
import type { WsClientConnection, WsHandlers } from "./ws-client.ts";

type ClientWs = ServerWebSocket<UpgradeSession>;

const HIGH_WATER = 1 << 20;

/** Close codes an endpoint may put in a close frame (RFC 6455 7.4). */
export function sendableCloseCode(code: number | undefined): code is number {
  if (code === undefined) return false;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

export class WebSocketRelay implements UpgradeSession {
  private client: ClientWs | undefined;
  private backend: WsClientConnection | undefined;
  /** Messages not yet given to the client: before its upgrade completes, or while it is slow. */
  private held: { data: Uint8Array; binary: boolean }[] = [];
  private backendClosed: { code: number | undefined; reason: string } | undefined;
  private clientClosed = false;
  private paused = false;
  private clientPaused = false;

  /** Give these to dialWebSocket: the backend's side of the relay. */
  readonly backendHandlers: WsHandlers = {
    message: (data, binary) => this.toClient(data, binary),
    close: (code, reason) => this.onBackendClose(code, reason),
    drain: () => {
      if (!this.clientPaused) return;
      this.clientPaused = false;
      this.client?.resume();
    },
  };

  /** Called once the backend connection is open. */
  attach(backend: WsClientConnection): void {
    this.backend = backend;
    if (this.clientClosed) backend.close(1000);
  }

  open(ws: ClientWs): void {
    this.client = ws;
    this.flush();
  }

  message(ws: ClientWs, data: string | Uint8Array): void {
    const b = this.backend;
    if (!b) return;
    if (!b.send(data) && b.bufferedAmount >= HIGH_WATER && !this.clientPaused) {
      this.clientPaused = true;
      ws.pause();
    }
  }

  drain(): void {
    this.flush();
  }

  close(_ws: ClientWs, code: number, reason: string): void {
    this.clientClosed = true;
    this.client = undefined;
    if (sendableCloseCode(code)) this.backend?.close(code, reason);
    else this.backend?.close();
  }

  abandon(): void {
    this.clientClosed = true;
    this.backend?.close(1001);
  }

  private toClient(data: Uint8Array, binary: boolean): void {
    if (this.clientClosed) return;
    this.held.push({ data, binary });
    if (this.held.length === 1) this.flush();
  }

  /** Gives held messages to the client while it keeps up; pauses or resumes the backend. */
  private flush(): void {
    const ws = this.client;
    if (!ws || this.clientClosed) return;
    let i = 0;
    for (; i < this.held.length && ws.getBufferedAmount() < HIGH_WATER; i++) {
      const m = this.held[i]!;
      const r = m.binary ? ws.sendBinary(m.data) : ws.sendText(new TextDecoder().decode(m.data));
      if (r === 0) {
        this.held = [];
        this.backend?.close(1011, "client too slow");
        ws.close(1011, "message dropped");
        return;
      }
    }
    this.held = i === this.held.length ? [] : this.held.slice(i);
    const slow = this.held.length > 0 || ws.getBufferedAmount() >= HIGH_WATER;
    if (slow && !this.paused) {
      this.paused = true;
      this.backend?.pause();
    } else if (!slow && this.paused) {
      this.paused = false;
      this.backend?.resume();
    }
    if (this.held.length === 0 && this.backendClosed) this.closeClient(this.backendClosed.code, this.backendClosed.reason);
  }

  private onBackendClose(code: number | undefined, reason: string): void {
    this.backendClosed = { code, reason };
    if (this.client && this.held.length === 0) this.closeClient(code, reason);
  }

  private closeClient(code: number | undefined, reason: string): void {
    const ws = this.client;
    if (!ws || this.clientClosed) return;
    if (sendableCloseCode(code)) ws.close(code, reason);
    else if (code === 1005) ws.close();
    // the kubelet's connection dropped without a close frame: a close that still lets
    // the client read what was already sent (terminate would discard it)
    else ws.close(1011, "connection to the kubelet lost");
  }
}
