/**
 * WebSocket sessions of the kubelet server: exec (a command in the container through
 * the runtime), attach (the container's output followed from now, its stdin when it
 * has one) and port-forward (one TCP connection per requested port to the pod's IP,
 * data on channel 2i, errors on 2i+1, each channel opened with its port number as two
 * little-endian bytes).
 */
import type { ServerWebSocket, Socket, WebSocketHandler } from "bun";
import { readLogs } from "../logs/reader.ts";
import type { ContainerRuntime, ExecSession } from "../runtime/runtime.ts";
import { CH, errorStatus, exitStatus, frame } from "./channels.ts";
import { type SpdyPortForward, spdyPortForward } from "./portforward-spdy.ts";

export type WsSession =
  | {
      kind: "exec" | "attach";
      protocol: string;
      runtime: ContainerRuntime;
      containerId: string;
      logPath: string;
      argv: string[];
      stdin: boolean;
      stdout: boolean;
      stderr: boolean;
      tty: boolean;
      exec?: ExecSession;
      abort?: AbortController;
    }
  | {
      kind: "portforward";
      protocol: string;
      host: string;
      ports: number[];
      sockets?: Array<Socket<unknown> | undefined>;
      pending?: Array<Uint8Array[]>;
    }
  | {
      kind: "portforward-spdy";
      protocol: string;
      host: string;
      podName: string;
      podUid: string;
      spdy?: SpdyPortForward;
    };

type Ws = ServerWebSocket<WsSession>;

function sendStatus(ws: Ws, status: Record<string, unknown>): void {
  const s = ws.data;
  if (s.kind === "portforward" || s.kind === "portforward-spdy") return;
  if (s.protocol === "channel.k8s.io") {
    if (status["status"] !== "Success") ws.sendBinary(frame(CH.error, String(status["message"] ?? "")));
  } else ws.sendBinary(frame(CH.error, JSON.stringify(status)));
}

async function pump(ws: Ws, src: ReadableStream<Uint8Array> | null, channel: number): Promise<void> {
  if (!src) return;
  for await (const chunk of src) if (ws.readyState === 1) ws.sendBinary(frame(channel, chunk));
}

async function openExec(ws: Ws): Promise<void> {
  const s = ws.data;
  if (s.kind !== "exec") return;
  try {
    const ex = await s.runtime.exec(s.containerId, s.argv, { tty: s.tty, stdin: s.stdin });
    s.exec = ex;
    const outs = Promise.all([pump(ws, ex.stdout, CH.stdout), pump(ws, ex.stderr, CH.stderr)]);
    const code = await ex.exited;
    await outs.catch(() => {});
    sendStatus(ws, exitStatus(s.argv, code));
  } catch (e) {
    sendStatus(ws, errorStatus((e as Error).message));
  }
  ws.close(1000);
}

async function openAttach(ws: Ws): Promise<void> {
  const s = ws.data;
  if (s.kind !== "attach") return;
  s.abort = new AbortController();
  const done = async () => (await s.runtime.containerStatus(s.containerId))?.state !== "running";
  // Output from now on: skip what is already in the log.
  for await (const chunk of readLogs(s.logPath, { follow: true, tailLines: 0, signal: s.abort.signal, done, pollMs: 50 })) {
    if (ws.readyState !== 1) break;
    if (s.stdout) ws.sendBinary(frame(CH.stdout, chunk));
  }
  if (ws.readyState === 1) {
    sendStatus(ws, { metadata: {}, status: "Success" });
    ws.close(1000);
  }
}

function openPortForward(ws: Ws): void {
  const s = ws.data;
  if (s.kind !== "portforward") return;
  s.sockets = [];
  s.pending = s.ports.map(() => []);
  s.ports.forEach((port, i) => {
    const head = new Uint8Array([port & 0xff, port >> 8]);
    ws.sendBinary(frame(2 * i, head));
    ws.sendBinary(frame(2 * i + 1, head));
    Bun.connect({
      hostname: s.host,
      port,
      socket: {
        open(sock) {
          s.sockets![i] = sock as Socket<unknown>;
          for (const d of s.pending![i]!) sock.write(d);
          s.pending![i] = [];
        },
        data(_sock, data) {
          if (ws.readyState === 1) ws.sendBinary(frame(2 * i, new Uint8Array(data)));
        },
        close() {
          s.sockets![i] = undefined;
        },
        error(_sock, e) {
          if (ws.readyState === 1) ws.sendBinary(frame(2 * i + 1, `error forwarding port ${port}: ${e.message}`));
        },
        connectError(_sock, e) {
          if (ws.readyState === 1) ws.sendBinary(frame(2 * i + 1, `error forwarding port ${port} to pod: ${e.message}`));
        },
      },
    }).catch((e: Error) => {
      if (ws.readyState === 1) ws.sendBinary(frame(2 * i + 1, `error forwarding port ${port} to pod: ${e.message}`));
    });
  });
}

export function wsHandlers(): WebSocketHandler<WsSession> {
  return {
    open(ws) {
      const k = ws.data.kind;
      if (k === "exec") void openExec(ws);
      else if (k === "attach") void openAttach(ws);
      else if (k === "portforward-spdy") {
        const s = ws.data;
        if (s.kind === "portforward-spdy") s.spdy = spdyPortForward((b) => void ws.sendBinary(b), s.host, s.podName, s.podUid);
      } else openPortForward(ws);
    },
    message(ws, msg) {
      const data = typeof msg === "string" ? new TextEncoder().encode(msg) : new Uint8Array(msg);
      if (data.length === 0) return;
      const s = ws.data;
      if (s.kind === "portforward-spdy") {
        s.spdy?.feed(data);
        return;
      }
      const ch = data[0]!;
      const body = data.subarray(1);
      if (s.kind === "portforward") {
        if (ch % 2 !== 0) return;
        const i = ch / 2;
        const sock = s.sockets?.[i];
        if (sock) sock.write(body);
        else s.pending?.[i]?.push(body.slice());
        return;
      }
      if (s.kind === "exec" && s.exec) {
        if (ch === CH.stdin) s.exec.writeStdin(body);
        else if (ch === CH.resize) {
          try {
            const r = JSON.parse(new TextDecoder().decode(body)) as { Width?: number; Height?: number };
            if (r.Width && r.Height) s.exec.resize(r.Width, r.Height);
          } catch {
            // ignore malformed resize
          }
        } else if (ch === CH.close && body[0] === CH.stdin) s.exec.closeStdin();
      }
    },
    close(ws) {
      const s = ws.data;
      if (s.kind === "portforward") for (const sock of s.sockets ?? []) sock?.end();
      else if (s.kind === "portforward-spdy") s.spdy?.close();
      else {
        s.abort?.abort();
        s.exec?.kill();
      }
    },
  };
}
