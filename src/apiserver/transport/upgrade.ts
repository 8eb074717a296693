/**
 * Connection upgrades through the request pipeline: a handler that wants the client's
 * connection as a WebSocket returns `upgradeResponse(session, protocol)`; the backend
 * listener then performs the upgrade with that subprotocol echoed and hands every
 * WebSocket event of the connection to the session. The response's status is 101, so
 * metrics and audit record the switch of protocols.
 */
import type { ServerWebSocket } from "bun";

/** Receives the events of one upgraded client connection. */
export interface UpgradeSession {
  open(ws: ServerWebSocket<UpgradeSession>): void;
  message(ws: ServerWebSocket<UpgradeSession>, data: string | Uint8Array): void;
  /** The client can take more after a send reported backpressure. */
  drain(ws: ServerWebSocket<UpgradeSession>): void;
  close(ws: ServerWebSocket<UpgradeSession>, code: number, reason: string): void;
  /** The upgrade did not happen (the client went away first): release what was opened. */
  abandon(): void;
}

interface PendingUpgrade {
  session: UpgradeSession;
  headers: Record<string, string>;
}

const pending = new WeakMap<Response, PendingUpgrade>();

export function upgradeResponse(session: UpgradeSession, protocol: string | undefined): Response {
  const res = new Response(null, { status: 101 });
  pending.set(res, { session, headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {} });
  return res;
}

/** The upgrade a response asks for, if it is one. */
export function upgradeOf(res: Response): PendingUpgrade | undefined {
  return pending.get(res);
}

/** Bun.serve's `websocket` option: every event goes to the connection's session. */
export const upgradeWebSocketHandlers = {
  idleTimeout: 120,
  sendPings: true,
  open: (ws: ServerWebSocket<UpgradeSession>) => ws.data.open(ws),
  message: (ws: ServerWebSocket<UpgradeSession>, data: string | Buffer) => ws.data.message(ws, data),
  drain: (ws: ServerWebSocket<UpgradeSession>) => ws.data.drain(ws),
  close: (ws: ServerWebSocket<UpgradeSession>, code: number, reason: string) => ws.data.close(ws, code, reason),
};
