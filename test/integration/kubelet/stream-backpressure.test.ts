/**
 * Flow control of the kubelet's stream sessions against real sockets on loopback: a
 * pod-side TCP server (or exec output) far faster than a client that stops reading now
 * and then. Bun drops WebSocket messages once 16 MiB wait, so every byte is checked.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Server, Socket, TCPSocketListener } from "bun";
import { createHash } from "node:crypto";
import zlib from "node:zlib";
import type { ContainerRuntime, ExecSession } from "../../../src/kubelet/runtime/runtime.ts";
import { HIGH_WATER } from "../../../src/kubelet/server/flow.ts";
import { SPDY3_DICTIONARY } from "../../../src/kubelet/server/spdy-dictionary.ts";
import { type WsSession, wsHandlers } from "../../../src/kubelet/server/websocket.ts";

const TOTAL = 48 << 20;
/** A block whose length divides nothing in sight, so a lost or repeated message changes the hash. */
const BLOCK = crypto.getRandomValues(new Uint8Array((1 << 20) + 7));

function stream(total: number): { chunk(off: number, max: number): Uint8Array; hash: string } {
  const chunk = (off: number, max: number) => {
    const at = off % BLOCK.length;
    return BLOCK.subarray(at, Math.min(BLOCK.length, at + max, at + total - off));
  };
  const h = createHash("sha256");
  for (let off = 0; off < total; ) {
    const c = chunk(off, 1 << 20);
    h.update(c);
    off += c.length;
  }
  return { chunk, hash: h.digest("hex") };
}
const DOWN = stream(TOTAL);

/** The pod: writes TOTAL bytes to each connection as fast as it takes them; `sink` connections record what they read, slowly. */
interface Pod {
  listener: TCPSocketListener<{ off: number; sink: boolean }>;
  received: { hash: ReturnType<typeof createHash>; bytes: number; closed: boolean };
}

function startPod(mode: "source" | "sink"): Pod {
  const received = { hash: createHash("sha256"), bytes: 0, closed: false };
  const pump = (sock: Socket<{ off: number; sink: boolean }>) => {
    while (sock.data.off < TOTAL) {
      const c = DOWN.chunk(sock.data.off, 256 << 10);
      const n = sock.write(c);
      sock.data.off += Math.max(n, 0);
      if (n < c.length) return;
    }
    sock.end();
  };
  const listener = Bun.listen<{ off: number; sink: boolean }>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(sock) {
        sock.data = { off: 0, sink: mode === "sink" };
        if (mode === "source") pump(sock);
      },
      drain(sock) {
        if (!sock.data.sink) pump(sock);
      },
      data(sock, d) {
        received.hash.update(d);
        received.bytes += d.length;
        // a slow pod: stop reading now and then
        if (received.bytes % (4 << 20) < d.length) {
          sock.pause();
          setTimeout(() => sock.resume(), 60);
        }
      },
      close() {
        received.closed = true;
      },
    },
  });
  return { listener, received };
}

/** A runtime whose exec writes TOTAL bytes of output as fast as it is read; `produced` shows how far ahead of the client it got. */
function fakeRuntime(progress: { produced: number; maxAhead: number; delivered: number }): ContainerRuntime {
  const exec = async (): Promise<ExecSession> => {
    let off = 0;
    const stdout = new ReadableStream<Uint8Array>(
      {
        pull(ctl) {
          if (off >= TOTAL) return ctl.close();
          const c = DOWN.chunk(off, 64 << 10);
          off += c.length;
          progress.produced = off;
          progress.maxAhead = Math.max(progress.maxAhead, off - progress.delivered);
          ctl.enqueue(c.slice());
        },
      },
      { highWaterMark: 0 },
    );
    let done!: (code: number) => void;
    const exited = new Promise<number>((r) => (done = r));
    void (async () => {
      while (off < TOTAL) await Bun.sleep(5);
      done(0);
    })();
    return { stdout, stderr: null, writeStdin() {}, closeStdin() {}, resize() {}, exited, kill() {} };
  };
  return { exec } as unknown as ContainerRuntime;
}

let server: Server<WsSession>;
let source: Pod;
let sink: Pod;
const progress = { produced: 0, maxAhead: 0, delivered: 0 };

beforeAll(() => {
  source = startPod("source");
  sink = startPod("sink");
  const rt = fakeRuntime(progress);
  server = Bun.serve<WsSession>({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req, srv) {
      const url = new URL(req.url);
      const proto = req.headers.get("sec-websocket-protocol") ?? "";
      const port = url.searchParams.get("to") === "sink" ? sink.listener.port : source.listener.port;
      let data: WsSession;
      if (url.pathname === "/exec")
        data = { kind: "exec", protocol: proto, runtime: rt, containerId: "c", logPath: "", argv: ["flood"], stdin: false, stdout: true, stderr: true, tty: false };
      else if (proto.startsWith("SPDY")) data = { kind: "portforward-spdy", protocol: proto, host: "127.0.0.1", podName: "p", podUid: "u" };
      else data = { kind: "portforward", protocol: proto, host: "127.0.0.1", ports: [port] };
      return srv.upgrade(req, { data, headers: { "Sec-WebSocket-Protocol": proto } }) ? undefined : new Response("no", { status: 400 });
    },
    websocket: wsHandlers(),
  });
});

afterAll(() => {
  server.stop(true);
  source.listener.stop(true);
  sink.listener.stop(true);
});

/**
 * A WebSocket client on a raw socket, in this process, that reads slowly without
 * blocking the event loop (the server shares it): after every 4 MiB it stops reading
 * from its socket for a while, so the kernel buffers fill and the server must hold back.
 */
interface RawWs {
  send(data: Uint8Array): void;
  close(): void;
  closed: Promise<number>;
}

function openWs(path: string, protocol: string, onMessage: (m: Uint8Array, ws: RawWs) => void): Promise<RawWs> {
  return new Promise((resolveOpen, rejectOpen) => {
    let buf = new Uint8Array(0);
    let upgraded = false;
    let seen = 0;
    let nextStall = 2 << 20;
    let sockRef: Socket<undefined> | undefined;
    let closeCode = 1006;
    let done!: (code: number) => void;
    const closed = new Promise<number>((r) => (done = r));
    const frameOut = (op: number, body: Uint8Array) => {
      const len = body.length;
      const head = len < 126 ? [0x80 | op, 0x80 | len] : len < 65536 ? [0x80 | op, 0x80 | 126, len >> 8, len & 255] : [0x80 | op, 0x80 | 127, 0, 0, 0, 0, (len >>> 24) & 255, (len >> 16) & 255, (len >> 8) & 255, len & 255];
      const f = new Uint8Array(head.length + 4 + len);
      f.set(head);
      // mask 0: the body goes as is
      f.set(body, head.length + 4);
      return f;
    };
    const out: Uint8Array[] = [];
    const flush = () => {
      while (sockRef && out.length > 0) {
        const c = out[0]!;
        const n = sockRef.write(c);
        if (n < c.length) {
          out[0] = c.subarray(Math.max(n, 0));
          return;
        }
        out.shift();
      }
    };
    const ws: RawWs = {
      send(data) {
        out.push(frameOut(2, data));
        if (out.length === 1) flush();
      },
      close() {
        out.push(frameOut(8, new Uint8Array([0x03, 0xe8])));
        if (out.length === 1) flush();
      },
      closed,
    };
    Bun.connect({
      hostname: "127.0.0.1",
      port: server.port!,
      socket: {
        open(sock) {
          sockRef = sock;
          sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
        },
        drain: flush,
        data(sock, d) {
          const all = new Uint8Array(buf.length + d.length);
          all.set(buf);
          all.set(d, buf.length);
          let off = 0;
          if (!upgraded) {
            const text = new TextDecoder().decode(all);
            const end = text.indexOf("\r\n\r\n");
            if (end < 0) {
              buf = all;
              return;
            }
            if (!text.startsWith("HTTP/1.1 101")) return rejectOpen(new Error(text.slice(0, end)));
            upgraded = true;
            off = end + 4;
            resolveOpen(ws);
          }
          while (all.length - off >= 2) {
            const op = all[off]! & 0x0f;
            let len = all[off + 1]! & 0x7f;
            let at = off + 2;
            if (len === 126) {
              if (all.length - off < 4) break;
              len = (all[off + 2]! << 8) | all[off + 3]!;
              at = off + 4;
            } else if (len === 127) {
              if (all.length - off < 10) break;
              len = Number(new DataView(all.buffer, all.byteOffset + off + 2).getBigUint64(0));
              at = off + 10;
            }
            if (all.length - at < len) break;
            const body = all.subarray(at, at + len);
            off = at + len;
            if (op === 8) {
              closeCode = body.length >= 2 ? (body[0]! << 8) | body[1]! : 1005;
              sock.end();
            } else if (op === 2 || op === 1) onMessage(body, ws);
          }
          buf = all.slice(off);
          seen += d.length;
          if (seen >= nextStall) {
            nextStall += 4 << 20;
            sock.pause();
            setTimeout(() => sock.resume(), 150);
          }
        },
        close() {
          done(closeCode);
        },
        connectError(_s, e) {
          rejectOpen(e);
        },
      },
    }).catch(rejectOpen);
  });
}

describe("kubelet stream flow control", () => {
  test("port-forward (channels): 48 MiB from the pod reach a slow client intact", async () => {
    const h = createHash("sha256");
    let bytes = 0;
    let headers = 0;
    const ws = await openWs("/portForward", "v4.channel.k8s.io", (m, ws) => {
      if (m[0] !== 0) return;
      // the first message of each channel is the port number
      if (headers++ === 0) return;
      h.update(m.subarray(1));
      bytes += m.length - 1;
      if (bytes === TOTAL) ws.close();
    });
    await ws.closed;
    expect(bytes).toBe(TOTAL);
    expect(h.digest("hex")).toBe(DOWN.hash);
  }, 30_000);

  test("port-forward (channels): 48 MiB to a slow pod arrive intact", async () => {
    const ws = await openWs("/portForward?to=sink", "v4.channel.k8s.io", () => {});
    for (let off = 0; off < TOTAL; ) {
      const c = DOWN.chunk(off, 64 << 10);
      const m = new Uint8Array(c.length + 1);
      m.set(c, 1);
      ws.send(m);
      off += c.length;
    }
    const deadline = Date.now() + 20_000;
    while (sink.received.bytes < TOTAL && Date.now() < deadline) await Bun.sleep(20);
    ws.close();
    await ws.closed;
    expect(sink.received.bytes).toBe(TOTAL);
    expect(sink.received.hash.digest("hex")).toBe(DOWN.hash);
  }, 30_000);

  test("exec: 48 MiB of output reach a slow client intact", async () => {
    const h = createHash("sha256");
    let status = "";
    const ws = await openWs("/exec", "v5.channel.k8s.io", (m) => {
      if (m[0] === 3) status = new TextDecoder().decode(m.subarray(1));
      else if (m[0] === 1) {
        h.update(m.subarray(1));
        progress.delivered += m.length - 1;
      }
    });
    expect(await ws.closed).toBe(1000);
    expect(progress.delivered).toBe(TOTAL);
    expect(h.digest("hex")).toBe(DOWN.hash);
    expect(JSON.parse(status).status).toBe("Success");
    // held back by the client, not read to the end at once (loopback receive buffers autotune up to tcp_rmem's maximum)
    expect(progress.maxAhead).toBeLessThan(TOTAL);
    expect(progress.maxAhead).toBeGreaterThan(HIGH_WATER);
  }, 30_000);

  test("port-forward (SPDY in a WebSocket): 48 MiB from the pod reach a slow client intact", async () => {
    const h = createHash("sha256");
    let bytes = 0;
    let fin = false;
    let buf = new Uint8Array(0);
    const ws = await openWs("/portForward", "SPDY/3.1+portforward.k8s.io", (m, ws) => {
      const all = new Uint8Array(buf.length + m.length);
      all.set(buf);
      all.set(m, buf.length);
      let off = 0;
      while (all.length - off >= 8) {
        const len = (all[off + 5]! << 16) | (all[off + 6]! << 8) | all[off + 7]!;
        if (all.length - off < 8 + len) break;
        const isData = (all[off]! & 0x80) === 0;
        const id = new DataView(all.buffer, all.byteOffset + off).getUint32(0) & 0x7fffffff;
        if (isData && id === 3) {
          h.update(all.subarray(off + 8, off + 8 + len));
          bytes += len;
          if (all[off + 4]! & 1) fin = true;
        }
        off += 8 + len;
      }
      buf = all.slice(off);
      if (fin) ws.close();
    });
    const deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
    for (const [id, type] of [
      [1, "error"],
      [3, "data"],
    ] as const) ws.send(synStream(id, await headerBlock(deflate, { streamtype: type, port: String(source.listener.port), requestid: "0" })));
    await ws.closed;
    deflate.close();
    expect(fin).toBe(true);
    expect(bytes).toBe(TOTAL);
    expect(h.digest("hex")).toBe(DOWN.hash);
  }, 30_000);
});

function headerBlock(deflate: zlib.Deflate, h: Record<string, string>): Promise<Buffer> {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0]!.writeUInt32BE(Object.keys(h).length);
  for (const [k, v] of Object.entries(h))
    for (const s of [k, v]) {
      const l = Buffer.alloc(4);
      l.writeUInt32BE(Buffer.byteLength(s));
      parts.push(l, Buffer.from(s));
    }
  const out: Buffer[] = [];
  const on = (c: Buffer) => out.push(c);
  deflate.on("data", on);
  return new Promise((resolve) => {
    deflate.write(Buffer.concat(parts));
    deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      deflate.off("data", on);
      resolve(Buffer.concat(out));
    });
  });
}

function synStream(id: number, block: Uint8Array): Uint8Array {
  const f = Buffer.alloc(8 + 10 + block.length);
  f[0] = 0x80;
  f[1] = 3;
  f.writeUInt16BE(1, 2);
  f.writeUIntBE(10 + block.length, 5, 3);
  f.writeUInt32BE(id, 8);
  Buffer.from(block).copy(f, 18);
  return f;
}
