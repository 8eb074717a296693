/**
 * WebSocket sessions of the kubelet server: exec (a command in the container through
 * the runtime), attach (the container's output followed from its log from now on; input
 * to its stdin or terminal and terminal resizes through the runtime) and port-forward (one TCP connection per requested port to the pod's IP,
 * data on channel 2i, errors on 2i+1, each channel opened with its port number as two
 * little-endian bytes). Output to the client is flow-controlled (flow.ts): a source is
 * paused while the client is more than HIGH_WATER bytes behind and resumed on `drain`,
 * so a slow reader never makes Bun drop messages.
 */
import type { ServerWebSocket, Socket, WebSocketHandler } from "bun";
import { readLogs } from "../logs/reader.ts";
import type { AttachSession, ContainerRuntime, ExecSession, ExecStreamOptions } from "../runtime/runtime.ts";
import { CH, errorStatus, exitStatus, frame } from "./channels.ts";
import { InGate, SocketWriter, WsOutFlow } from "./flow.ts";
import { type SpdyPortForward, spdyPortForward } from "./portforward-spdy.ts";

interface Flow {
  /** Output to the client. */
  flow?: WsOutFlow;
  /** Holds the client back while a pod connection cannot take its input. */
  gate?: InGate;
}

export type WsSession = Flow &
  (
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
      /** attach: the container's stdin and terminal. */
      input?: AttachSession;
      abort?: AbortController;
      /** Input that arrived while the exec was being started, applied once it runs. */
      early?: { stdin: Uint8Array[]; closeStdin: boolean; size?: { width: number; height: number }; sized?: () => void } | undefined;
    }
  | {
      kind: "portforward";
      protocol: string;
      host: string;
      ports: number[];
      writers?: SocketWriter[];
      sockets?: Array<Socket<unknown> | undefined>;
    }
  | {
      kind: "portforward-spdy";
      protocol: string;
      host: string;
      podName: string;
      podUid: string;
      spdy?: SpdyPortForward;
    }
  );

type Ws = ServerWebSocket<WsSession>;

function sendStatus(ws: Ws, status: Record<string, unknown>): void {
  const s = ws.data;
  if (s.kind === "portforward" || s.kind === "portforward-spdy") return;
  if (s.protocol === "channel.k8s.io") {
    if (status["status"] !== "Success") ws.sendBinary(frame(CH.error, String(status["message"] ?? "")));
  } else ws.sendBinary(frame(CH.error, JSON.stringify(status)));
}

/** Copies a process output to a channel, reading no faster than the client takes it. */
async function pump(ws: Ws, src: ReadableStream<Uint8Array> | null, channel: number): Promise<void> {
  if (!src) return;
  const out = ws.data.flow!;
  for await (const chunk of src) if (ws.readyState === 1 && !out.send(frame(channel, chunk))) await out.drained();
}

/**
 * How long a terminal exec waits for the client's first size before starting anyway.
 * kubectl sends it as the stream opens, so only clients that never send one wait this long;
 * 200 ms was too short on a loaded machine (the command then started at 80x24).
 */
const FIRST_SIZE_WAIT_MS = 1000;

async function openExec(ws: Ws): Promise<void> {
  const s = ws.data;
  if (s.kind !== "exec") return;
  const early: NonNullable<typeof s.early> = { stdin: [], closeStdin: false };
  s.early = early;
  try {
    // kubectl sends the terminal's size as soon as the stream opens: start the command with
    // it, so programs that read the size once (stty size, shells) see the right one.
    if (s.tty && !early.size) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, FIRST_SIZE_WAIT_MS);
        early.sized = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const opts: ExecStreamOptions = { tty: s.tty, stdin: s.stdin };
    if (early.size) opts.size = early.size;
    const ex = await s.runtime.exec(s.containerId, s.argv, opts);
    s.exec = ex;
    s.early = undefined;
    // a size that came while the command was being started
    if (early.size && early.size !== opts.size) ex.resize(early.size.width, early.size.height);
    for (const chunk of early.stdin) ex.writeStdin(chunk);
    if (early.closeStdin) ex.closeStdin();
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
  // Output from now on: skip what is already in the log (read before any input is taken).
  for await (const chunk of readLogs(s.logPath, { follow: true, tailLines: 0, signal: s.abort.signal, done, pollMs: s.tty ? 20 : 50 })) {
    if (ws.readyState !== 1) break;
    if (s.stdout && !s.flow!.send(frame(CH.stdout, chunk))) await s.flow!.drained();
  }
  if (ws.readyState === 1) {
    sendStatus(ws, { metadata: {}, status: "Success" });
    ws.close(1000);
  }
}

function openPortForward(ws: Ws): void {
  const s = ws.data;
  if (s.kind !== "portforward") return;
  const out = s.flow!;
  const gate = s.gate!;
  s.sockets = [];
  s.writers = s.ports.map(() => new SocketWriter(gate.holder()));
  s.ports.forEach((port, i) => {
    const writer = s.writers![i]!;
    const head = new Uint8Array([port & 0xff, port >> 8]);
    ws.sendBinary(frame(2 * i, head));
    ws.sendBinary(frame(2 * i + 1, head));
    const fail = (msg: string) => {
      if (ws.readyState === 1) ws.sendBinary(frame(2 * i + 1, msg));
    };
    Bun.connect({
      hostname: s.host,
      port,
      socket: {
        open(sock) {
          s.sockets![i] = sock as Socket<unknown>;
          writer.attach(sock as Socket<unknown>);
        },
        data(sock, data) {
          if (!out.send(frame(2 * i, data))) out.hold(sock);
        },
        drain() {
          writer.flush();
        },
        close() {
          s.sockets![i] = undefined;
          writer.detach();
        },
        error(_sock, e) {
          fail(`error forwarding port ${port}: ${e.message}`);
        },
        connectError(_sock, e) {
          fail(`error forwarding port ${port} to pod: ${e.message}`);
        },
      },
    }).catch((e: Error) => fail(`error forwarding port ${port} to pod: ${e.message}`));
  });
}

export function wsHandlers(): WebSocketHandler<WsSession> {
  return {
    open(ws) {
      ws.data.flow = new WsOutFlow(ws);
      ws.data.gate = new InGate(ws);
      const k = ws.data.kind;
      if (k === "exec") void openExec(ws);
      else if (k === "attach") void openAttach(ws);
      else if (k === "portforward-spdy") {
        const s = ws.data;
        if (s.kind === "portforward-spdy") s.spdy = spdyPortForward((b) => void s.flow!.send(b), s.host, s.podName, s.podUid, { out: s.flow!, gate: s.gate! });
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
        s.writers?.[ch / 2]?.write(body);
        return;
      }
      if (s.kind === "attach") {
        const input = s.input;
        if (!input) return;
        if (ch === CH.stdin) {
          if (s.stdin) input.writeStdin(body.slice());
        } else if (ch === CH.resize) {
          try {
            const r = JSON.parse(new TextDecoder().decode(body)) as { Width?: number; Height?: number };
            if (r.Width && r.Height) input.resize(r.Width, r.Height);
          } catch {
            // ignore malformed resize
          }
        } else if (ch === CH.close && body[0] === CH.stdin) input.closeStdin();
        return;
      }
      if (s.kind === "exec") {
        const ex = s.exec;
        const early = s.early;
        if (ch === CH.stdin) {
          if (ex) ex.writeStdin(body);
          else early?.stdin.push(body.slice());
        } else if (ch === CH.resize) {
          try {
            const r = JSON.parse(new TextDecoder().decode(body)) as { Width?: number; Height?: number };
            if (r.Width && r.Height) {
              if (ex) ex.resize(r.Width, r.Height);
              else if (early) {
                early.size = { width: r.Width, height: r.Height };
                early.sized?.();
              }
            }
          } catch {
            // ignore malformed resize
          }
        } else if (ch === CH.close && body[0] === CH.stdin) {
          if (ex) ex.closeStdin();
          else if (early) early.closeStdin = true;
        }
      }
    },
    drain(ws) {
      ws.data.flow?.onDrain();
    },
    close(ws) {
      const s = ws.data;
      s.flow?.close();
      if (s.kind === "portforward") for (const sock of s.sockets ?? []) sock?.end();
      else if (s.kind === "portforward-spdy") s.spdy?.close();
      else {
        s.abort?.abort();
        s.exec?.kill();
        s.input?.close();
      }
    },
  };
}
