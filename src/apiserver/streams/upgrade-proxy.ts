/**
 * pods/exec, pods/attach and pods/portforward: the client's WebSocket upgrade is carried
 * to the kubelet. The kubelet connection is opened first with the subprotocols the client
 * offered (v5/v4/base channel.k8s.io for exec and attach, SPDY/3.1+portforward.k8s.io or
 * portforward.k8s.io for port forwarding); the protocol the kubelet picks is echoed to the
 * client, and the two WebSockets are relayed message for message. Requests without a
 * WebSocket upgrade (SPDY clients) are refused with 400.
 *
 * When the kubelet refuses an exec or attach (its handshake answers an HTTP error) or
 * cannot be reached, a client that offered a channel protocol is upgraded anyway and
 * gets the error on the error channel, as the kubelet would have sent it; otherwise
 * kubectl would take the refusal for a failed upgrade, retry over SPDY and report that
 * instead.
 */
import { ApiError, errors, statusFailure } from "../http/status.ts";
import { upgradeResponse, type UpgradeSession } from "../transport/upgrade.ts";
import { dialWebSocket } from "./ws-client.ts";
import { WebSocketRelay } from "./ws-relay.ts";

export const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"] as const;
export const PORT_FORWARD_PROTOCOLS = ["SPDY/3.1+portforward.k8s.io", "v4.channel.k8s.io", "portforward.k8s.io"] as const;

export interface UpgradeTarget {
  /** pods/<subresource> */
  subresource: "exec" | "attach" | "portforward";
  /** The kubelet URL (https) with path and query. */
  url: string;
  token?: string;
  caPem?: string;
  nodeName: string;
}

export function offeredProtocols(req: Request): string[] {
  return (req.headers.get("sec-websocket-protocol") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function isWebSocketUpgrade(req: Request): boolean {
  return req.method === "GET" && (req.headers.get("upgrade") ?? "").toLowerCase() === "websocket";
}

/** The 400 for a request that is not a WebSocket upgrade. */
export function notWebSocket(subresource: string): Error {
  const protos = subresource === "portforward" ? PORT_FORWARD_PROTOCOLS : EXEC_PROTOCOLS;
  return errors.badRequest(`pods/${subresource} needs a WebSocket upgrade (Upgrade: websocket) offering one of the subprotocols ${protos.join(", ")}; SPDY upgrades are not supported by this server`);
}

/** One error frame then a normal close: the answer to a refused exec/attach. */
class ErrorChannelSession implements UpgradeSession {
  constructor(private readonly frame: Uint8Array) {}
  open(ws: Parameters<UpgradeSession["open"]>[0]): void {
    ws.sendBinary(this.frame);
    ws.close(1000);
  }
  message(): void {}
  drain(): void {}
  close(): void {}
  abandon(): void {}
}

function refusalReason(code: number): string {
  if (code === 404) return "NotFound";
  if (code === 400) return "BadRequest";
  if (code === 401) return "Unauthorized";
  if (code === 403) return "Forbidden";
  if (code === 503) return "ServiceUnavailable";
  return "InternalError";
}

function errorChannelAnswer(offered: string[], code: number, message: string): Response | undefined {
  const proto = ["v5.channel.k8s.io", "v4.channel.k8s.io"].find((p) => offered.includes(p));
  const base = ["v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"].find((p) => offered.includes(p));
  if (!proto && !base) return undefined;
  const body = proto ? JSON.stringify(statusFailure(code, refusalReason(code), message)) : message;
  const text = new TextEncoder().encode(body);
  const frame = new Uint8Array(text.length + 1);
  frame[0] = 3;
  frame.set(text, 1);
  return upgradeResponse(new ErrorChannelSession(frame), proto ?? base);
}

export async function proxyUpgrade(req: Request, t: UpgradeTarget): Promise<Response> {
  if (!isWebSocketUpgrade(req)) throw notWebSocket(t.subresource);
  const offered = offeredProtocols(req);
  const relay = new WebSocketRelay();
  let dialed;
  try {
    dialed = await dialWebSocket(
      {
        url: t.url,
        protocols: offered,
        headers: t.token ? { Authorization: `Bearer ${t.token}` } : {},
        // Without a kubelet CA the kubelet's certificate is not verified (upstream's default).
        ...(t.caPem ? { ca: t.caPem } : { insecure: true }),
      },
      relay.backendHandlers,
    );
  } catch (e) {
    const message = `unable to upgrade connection to the kubelet of node "${t.nodeName}": ${(e as Error).message}`;
    const answer = t.subresource === "portforward" ? undefined : errorChannelAnswer(offered, 503, message);
    if (answer) return answer;
    throw errors.serviceUnavailable(message);
  }
  if (!dialed.ok) {
    const message = dialed.body.trim() || `kubelet answered ${dialed.status} to pods/${t.subresource}`;
    const code = dialed.status >= 400 && dialed.status < 600 ? dialed.status : 502;
    if (t.subresource !== "portforward") {
      const answer = errorChannelAnswer(offered, code, message);
      if (answer) return answer;
    }
    throw new ApiError(statusFailure(code, refusalReason(code), message));
  }
  relay.attach(dialed.conn);
  return upgradeResponse(relay, dialed.protocol || undefined);
}
