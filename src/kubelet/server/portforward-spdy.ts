/**
 * Port forwarding over SPDY (the portforward.k8s.io protocol kubectl speaks, here
 * tunnelled in a WebSocket as "SPDY/3.1+portforward.k8s.io"): the client opens an
 * error stream and a data stream per connection, tagged with the same requestid and
 * the target port; each pair becomes one TCP connection to the pod.
 */
import type { Socket } from "bun";
import { SpdySession, type SpdyStream } from "./spdy.ts";

interface Pair {
  port: number;
  data?: SpdyStream;
  error?: SpdyStream;
  sock?: Socket<unknown>;
  pending: Uint8Array[];
  ended: boolean;
}

export interface SpdyPortForward {
  feed(bytes: Uint8Array): void;
  close(): void;
}

export function spdyPortForward(send: (b: Uint8Array) => void, host: string, podName: string, podUid: string): SpdyPortForward {
  const pairs = new Map<string, Pair>();
  const session: SpdySession = new SpdySession(send, {
    onStream(s) {
      session.reply(s);
      const type = s.headers.get("streamtype");
      const port = Number(s.headers.get("port"));
      const id = s.headers.get("requestid") ?? String(s.id);
      let p = pairs.get(id);
      if (!p) {
        p = { port, pending: [], ended: false };
        pairs.set(id, p);
      }
      const pair = p;
      if (type === "error") {
        pair.error = s;
        return;
      }
      if (type !== "data") {
        s.reset(1);
        return;
      }
      pair.data = s;
      s.onData = (d) => {
        if (pair.sock) pair.sock.write(d);
        else pair.pending.push(d);
      };
      s.onEnd = () => {
        pair.ended = true;
        pair.sock?.end();
      };
      s.onReset = () => {
        pair.sock?.end();
        pairs.delete(id);
      };
      const fail = (msg: string) => {
        const e = pair.error;
        if (e) {
          e.write(new TextEncoder().encode(`error forwarding port ${port} to pod ${podName}, uid ${podUid}: ${msg}`));
          e.end();
        }
        s.end();
        pairs.delete(id);
      };
      if (!Number.isInteger(port) || port <= 0 || port > 65535) return fail(`invalid port ${s.headers.get("port")}`);
      Bun.connect({
        hostname: host,
        port,
        socket: {
          open(sock) {
            pair.sock = sock as Socket<unknown>;
            for (const d of pair.pending) sock.write(d);
            pair.pending = [];
            if (pair.ended) sock.end();
          },
          data(_sock, d) {
            s.write(new Uint8Array(d));
          },
          close() {
            s.end();
            pair.error?.end();
            pairs.delete(id);
          },
          error(_sock, e) {
            fail(e.message);
          },
          connectError(_sock, e) {
            fail(`dial tcp ${host}:${port}: connect: ${(e as Error & { code?: string }).code === "ECONNREFUSED" ? "connection refused" : e.message}`);
          },
        },
      }).catch((e: Error) => fail(e.message));
    },
  });
  return {
    feed: (b) => session.feed(b),
    close() {
      for (const p of pairs.values()) p.sock?.end();
      pairs.clear();
      session.close();
    },
  };
}
