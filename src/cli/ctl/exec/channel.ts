/**
 * The client side of the exec/attach WebSocket channel protocol (v5.channel.k8s.io,
 * falling back to v4): binary frames whose first byte is the channel (0 stdin,
 * 1 stdout, 2 stderr, 3 error: the final Status, 4 resize, 255 close a channel).
 */
import type { Status } from "../../../api/meta/index.ts";
import { authHeaderFor, type RestConfig, tlsOptionsFor } from "../../../client/index.ts";
import type { CtlIO } from "../io.ts";

export const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
const CH_STDIN = 0;
const CH_STDOUT = 1;
const CH_STDERR = 2;
const CH_ERROR = 3;
const CH_RESIZE = 4;
const CH_CLOSE = 255;

export interface StreamResult {
  /** The final Status from the error channel; undefined when the stream ended without one. */
  status?: Status;
  /** Set when the WebSocket could not be opened (the server refused the upgrade). */
  upgradeFailed?: string;
}

export interface StreamOptions {
  stdin: boolean;
  tty: boolean;
}

function frame(channel: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

/** Opens the stream at path+query and pumps it until the server closes it. */
export function runChannelStream(config: RestConfig, path: string, query: URLSearchParams, io: CtlIO, opts: StreamOptions): Promise<StreamResult> {
  const url = config.host.replace(/^http/, "ws").replace(/\/+$/, "") + path + "?" + query.toString();
  const headers: Record<string, string> = { "User-Agent": config.userAgent ?? "kubun-ctl" };
  const auth = authHeaderFor(config)();
  if (auth) headers.Authorization = auth;
  const tls = tlsOptionsFor(config);
  const ws = new WebSocket(url, { protocols: EXEC_PROTOCOLS, headers, ...(tls ? { tls } : {}) } as unknown as string[]);
  ws.binaryType = "arraybuffer";
  const out = new TextDecoder();
  const err = new TextDecoder();
  const result: StreamResult = {};
  let opened = false;
  let restore: (() => void) | undefined;

  const sendResize = () => {
    const size = io.terminalSize?.();
    if (size && ws.readyState === WebSocket.OPEN) ws.send(frame(CH_RESIZE, new TextEncoder().encode(JSON.stringify({ Width: size.width, Height: size.height }))));
  };

  const pumpStdin = async () => {
    const source = io.stdinStream?.();
    if (!source) return;
    for await (const chunk of source) {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(frame(CH_STDIN, chunk));
    }
    // v5 can say "no more input"; v4 has no way to, so the stream stays open
    if (ws.readyState === WebSocket.OPEN && ws.protocol === "v5.channel.k8s.io") ws.send(new Uint8Array([CH_CLOSE, CH_STDIN]));
  };

  return new Promise<StreamResult>((resolve) => {
    const onAbort = () => ws.close(1000);
    io.signal?.addEventListener("abort", onAbort, { once: true });
    ws.onopen = () => {
      opened = true;
      if (opts.tty) {
        restore = io.rawMode?.();
        sendResize();
        if (io.terminalSize?.()) process.on("SIGWINCH", sendResize);
      }
      if (opts.stdin) void pumpStdin().catch(() => {});
    };
    ws.onmessage = (e) => {
      const data = new Uint8Array(e.data as ArrayBuffer);
      if (data.length === 0) return;
      const body = data.subarray(1);
      switch (data[0]) {
        case CH_STDOUT:
          io.out(out.decode(body, { stream: true }));
          break;
        case CH_STDERR:
          io.err(err.decode(body, { stream: true }));
          break;
        case CH_ERROR:
          try {
            result.status = JSON.parse(new TextDecoder().decode(body)) as Status;
          } catch {
            result.status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: new TextDecoder().decode(body), code: 500 };
          }
          break;
      }
    };
    ws.onerror = (e) => {
      if (!opened) result.upgradeFailed = (e as unknown as { message?: string }).message ?? "WebSocket upgrade failed";
    };
    ws.onclose = () => {
      io.signal?.removeEventListener("abort", onAbort);
      process.off("SIGWINCH", sendResize);
      restore?.();
      const tailOut = out.decode();
      const tailErr = err.decode();
      if (tailOut) io.out(tailOut);
      if (tailErr) io.err(tailErr);
      if (!opened && !result.upgradeFailed) result.upgradeFailed = "WebSocket upgrade failed";
      resolve(result);
    };
  });
}
