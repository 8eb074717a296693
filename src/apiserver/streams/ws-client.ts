/**
 * A minimal RFC 6455 WebSocket client over node:tls (or node:net for http URLs), for
 * reaching kubelets: any subprotocol string is offered as given (Bun's WebSocket client
 * rejects `SPDY/3.1+portforward.k8s.io`), client frames are masked, fragmented messages
 * are reassembled, pings are answered, and a refused handshake comes back as the
 * server's status and body so the caller can relay the error.
 */
import { createHash, randomBytes } from "node:crypto";
import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { closePayload, encodeFrame, FrameParser, OP, ProtocolError } from "./ws-frames.ts";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export interface WsHandlers {
  message(data: Uint8Array, binary: boolean): void;
  /** The connection ended: a close frame's code and reason, or undefined code when it just dropped. */
  close(code: number | undefined, reason: string): void;
  /** Writes queued by send() have been flushed. */
  drain?(): void;
}

export interface WsDialOptions {
  /** https://, http://, wss:// or ws:// URL. */
  url: string;
  /** Subprotocols offered, in order (sent as one Sec-WebSocket-Protocol header). */
  protocols: string[];
  headers?: Record<string, string>;
  /** CA bundle to verify the server against; without it the system roots are used. */
  ca?: string;
  /** Skip server verification (tests only). */
  insecure?: boolean;
  timeoutMs?: number;
}

export type WsDialResult =
  | { ok: true; conn: WsClientConnection; protocol: string }
  | { ok: false; status: number; headers: Record<string, string>; body: string };

export class WsClientConnection {
  private readonly parser = new FrameParser();
  private closeSent = false;
  private done = false;

  constructor(
    private readonly sock: Socket,
    private readonly h: WsHandlers,
  ) {
    sock.on("data", (d: Buffer) => this.feed(d));
    sock.on("drain", () => this.h.drain?.());
    sock.on("close", () => this.finish(undefined, ""));
    sock.on("error", () => this.finish(undefined, ""));
  }

  /** Sends one message; false when the socket buffered it (wait for drain). */
  send(data: Uint8Array | string): boolean {
    if (this.closeSent || this.done) return true;
    const binary = typeof data !== "string";
    const payload = binary ? data : new TextEncoder().encode(data);
    return this.sock.write(encodeFrame(binary ? OP.binary : OP.text, payload, true));
  }

  /** Starts the closing handshake (or just drops the socket when it is already closing). */
  close(code?: number, reason = ""): void {
    if (this.done) return;
    if (!this.closeSent) {
      this.closeSent = true;
      this.sock.write(encodeFrame(OP.close, closePayload(code, reason), true));
      // The server answers with its close frame, then ends the connection; do not wait forever.
      setTimeout(() => this.sock.destroy(), 5000).unref?.();
    } else this.sock.destroy();
  }

  /** Bytes written but not yet taken by the kernel. */
  get bufferedAmount(): number {
    return this.sock.writableLength;
  }

  pause(): void {
    this.sock.pause();
  }

  resume(): void {
    this.sock.resume();
  }

  feed(chunk: Uint8Array): void {
    if (this.done) return;
    let events;
    try {
      events = this.parser.push(chunk);
    } catch (e) {
      if (e instanceof ProtocolError) {
        this.close(1002, e.message);
        this.finish(1002, e.message);
        return;
      }
      throw e;
    }
    for (const ev of events) {
      if (this.done) return;
      if (ev.kind === "message") this.h.message(ev.data, ev.binary);
      else if (ev.kind === "ping") {
        if (!this.closeSent) this.sock.write(encodeFrame(OP.pong, ev.data, true));
      } else if (ev.kind === "close") {
        if (!this.closeSent) {
          this.closeSent = true;
          this.sock.write(encodeFrame(OP.close, closePayload(ev.code), true));
        }
        this.sock.end();
        this.finish(ev.code, ev.reason);
      }
    }
  }

  private finish(code: number | undefined, reason: string): void {
    if (this.done) return;
    this.done = true;
    this.h.close(code, reason);
  }
}

interface ResponseHead {
  status: number;
  headers: Record<string, string>;
}

function parseHead(text: string): ResponseHead {
  const [statusLine = "", ...lines] = text.split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status, headers };
}

function indexOfHeadEnd(b: Uint8Array): number {
  for (let i = 3; i < b.length; i++) if (b[i] === 10 && b[i - 1] === 13 && b[i - 2] === 10 && b[i - 3] === 13) return i + 1;
  return -1;
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = parseInt(raw.subarray(at, eol).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Opens a WebSocket; resolves with the open connection or with the server's refusal. */
export function dialWebSocket(o: WsDialOptions, handlers: WsHandlers): Promise<WsDialResult> {
  const url = new URL(o.url);
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || (secure ? 443 : 80));
  const key = randomBytes(16).toString("base64");
  return new Promise<WsDialResult>((resolve, reject) => {
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      reject(e);
    };
    const sock: Socket = secure
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(o.ca ? { ca: o.ca } : {}), rejectUnauthorized: !o.insecure, ALPNProtocols: ["http/1.1"] })
      : netConnect({ host, port });
    const timer = setTimeout(() => fail(new Error(`timed out connecting to ${url.host}`)), o.timeoutMs ?? 10_000);
    sock.setNoDelay(true);
    sock.once(secure ? "secureConnect" : "connect", () => {
      const lines = [
        `GET ${url.pathname}${url.search} HTTP/1.1`,
        `Host: ${url.host}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${key}`,
        "Sec-WebSocket-Version: 13",
      ];
      if (o.protocols.length) lines.push(`Sec-WebSocket-Protocol: ${o.protocols.join(", ")}`);
      for (const [k, v] of Object.entries(o.headers ?? {})) lines.push(`${k}: ${v}`);
      sock.write(lines.join("\r\n") + "\r\n\r\n");
    });
    sock.on("error", fail);
    let head = new Uint8Array(0);
    let refused: { head: ResponseHead; body: Uint8Array[]; bytes: number } | undefined;
    const refusedComplete = (): boolean => {
      if (!refused) return false;
      const h = refused.head.headers;
      if (h["content-length"] !== undefined) return refused.bytes >= Number(h["content-length"]);
      if (/chunked/i.test(h["transfer-encoding"] ?? "")) return Buffer.concat(refused.body).subarray(-5).toString("latin1") === "0\r\n\r\n";
      return false;
    };
    const onData = (d: Buffer) => {
      if (refused) {
        refused.body.push(d);
        refused.bytes += d.length;
        if (refusedComplete()) finishRefused();
        return;
      }
      const all = new Uint8Array(head.length + d.length);
      all.set(head);
      all.set(d, head.length);
      const end = indexOfHeadEnd(all);
      if (end < 0) {
        head = all;
        if (head.length > 64 << 10) fail(new Error("response head too large"));
        return;
      }
      const h = parseHead(new TextDecoder().decode(all.subarray(0, end)));
      const rest = all.subarray(end);
      if (h.status !== 101) {
        refused = { head: h, body: [rest], bytes: rest.length };
        if (refusedComplete()) finishRefused();
        return;
      }
      const expected = createHash("sha1").update(key + GUID).digest("base64");
      if (h.headers["sec-websocket-accept"] !== expected) return fail(new Error("invalid Sec-WebSocket-Accept from server"));
      const protocol = h.headers["sec-websocket-protocol"] ?? "";
      if (protocol && !o.protocols.includes(protocol)) return fail(new Error(`server chose subprotocol ${protocol}, which was not offered`));
      settled = true;
      clearTimeout(timer);
      sock.off("data", onData);
      sock.off("error", fail);
      sock.off("close", onClose);
      const conn = new WsClientConnection(sock, handlers);
      resolve({ ok: true, conn, protocol });
      if (rest.length) conn.feed(rest.slice());
    };
    const finishRefused = () => {
      if (settled || !refused) return;
      settled = true;
      clearTimeout(timer);
      const raw = Buffer.concat(refused.body);
      const body = (/chunked/i.test(refused.head.headers["transfer-encoding"] ?? "") ? dechunk(raw) : raw).toString("utf8");
      sock.destroy();
      resolve({ ok: false, status: refused.head.status, headers: refused.head.headers, body });
    };
    const onClose = () => {
      if (refused) finishRefused();
      else fail(new Error(`connection to ${url.host} closed during the WebSocket handshake`));
    };
    sock.on("data", onData);
    sock.on("close", onClose);
  });
}
