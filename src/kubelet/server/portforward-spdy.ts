/**
 * Port forwarding over SPDY (the portforward.k8s.io protocol kubectl speaks, here
 * tunnelled in a WebSocket as "SPDY/3.1+portforward.k8s.io"): the client opens an
 * error stream and a data stream per connection, tagged with the same requestid and
 * the target port; each pair becomes one TCP connection to the pod.
 */
import type { Socket } from "bun";
import { type InGate, SocketWriter, type WsOutFlow } from "./flow.ts";
import { SpdySession, type SpdyStream } from "./spdy.ts";

interface Pair {
  port: number;
  data?: SpdyStream;
  error?: SpdyStream;
  sock?: Socket<unknown>;
  writer: SocketWriter;
}

export interface SpdyPortForward {
  feed(bytes: Uint8Array): void;
  close(): void;
}

/** Flow control (flow.ts): `out` is what `send` feeds; `gate` holds the client while a pod socket cannot take its input. */
export interface SpdyFlow {
  out: WsOutFlow;
  gate: InGate;
}

const unheld = { pause() {}, resume() {} };

/** Without `flow`, pod sockets are never paused (the caller's transport has its own limits). */
export function spdyPortForward(send: (b: Uint8Array) => void, host: string, podName: string, podUid: string, flow?: SpdyFlow): SpdyPortForward {
  const pairs = new Map<string, Pair>();
  const session: SpdySession = new SpdySession(send, {
    onStream(s) {
      session.reply(s);
      const type = s.headers.get("streamtype");
      const port = Number(s.headers.get("port"));
      const id = s.headers.get("requestid") ?? String(s.id);
      let p = pairs.get(id);
      if (!p) {
        p = { port, writer: new SocketWriter(flow ? flow.gate.holder() : unheld) };
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
      s.onData = (d) => pair.writer.write(d);
      s.onEnd = () => pair.writer.end();
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
            pair.writer.attach(sock as Socket<unknown>);
          },
          data(sock, d) {
            s.write(d);
            // frames leave in order on a promise chain: this chunk is not counted yet, the ones before are
            if (flow?.out.blocked) flow.out.hold(sock);
          },
          drain() {
            pair.writer.flush();
          },
          close() {
            pair.writer.detach();
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
      for (const p of pairs.values()) {
        p.writer.detach();
        p.sock?.end();
      }
      pairs.clear();
      session.close();
    },
  };
}
