/**
 * Relays one upgraded client WebSocket to an already open backend WebSocket, message for
 * message (binary stays binary, text stays text) and close for close. Messages the
 * backend sends before the client's upgrade completes are held and delivered first.
 * When the client cannot take more, the backend's socket is paused until it drains.
 */
import type { ServerWebSocket } from "bun";
import type { UpgradeSession } from "../transport/upgrade.ts";
import type { WsClientConnection, WsHandlers } from "./ws-client.ts";

type ClientWs = ServerWebSocket<UpgradeSession>;

/** Close codes an endpoint may put in a close frame (RFC 6455 7.4). */
export function sendableCloseCode(code: number | undefined): code is number {
  if (code === undefined) return false;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

export class WebSocketRelay implements UpgradeSession {
  private client: ClientWs | undefined;
  private backend: WsClientConnection | undefined;
  private held: { data: Uint8Array; binary: boolean }[] = [];
  private backendClosed: { code: number | undefined; reason: string } | undefined;
  private clientClosed = false;
  private paused = false;

  /** Give these to dialWebSocket: the backend's side of the relay. */
  readonly backendHandlers: WsHandlers = {
    message: (data, binary) => this.toClient(data, binary),
    close: (code, reason) => this.onBackendClose(code, reason),
  };

  /** Called once the backend connection is open. */
  attach(backend: WsClientConnection): void {
    this.backend = backend;
    if (this.clientClosed) backend.close(1000);
  }

  open(ws: ClientWs): void {
    this.client = ws;
    const held = this.held;
    this.held = [];
    for (const m of held) this.toClient(m.data, m.binary);
    if (this.backendClosed) this.closeClient(this.backendClosed.code, this.backendClosed.reason);
  }

  message(_ws: ClientWs, data: string | Uint8Array): void {
    this.backend?.send(data);
  }

  drain(): void {
    if (this.paused) {
      this.paused = false;
      this.backend?.resume();
    }
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
    const ws = this.client;
    if (this.clientClosed) return;
    if (!ws) {
      this.held.push({ data, binary });
      return;
    }
    const r = binary ? ws.sendBinary(data) : ws.sendText(new TextDecoder().decode(data));
    if (r === -1 && !this.paused) {
      this.paused = true;
      this.backend?.pause();
    }
  }

  private onBackendClose(code: number | undefined, reason: string): void {
    this.backendClosed = { code, reason };
    if (this.client) this.closeClient(code, reason);
  }

  private closeClient(code: number | undefined, reason: string): void {
    const ws = this.client;
    if (!ws || this.clientClosed) return;
    if (sendableCloseCode(code)) ws.close(code, reason);
    else if (code === 1005) ws.close();
    else ws.terminate();
  }
}
