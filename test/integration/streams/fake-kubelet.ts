/**
 * A stand-in kubelet on HTTPS (certificate from the cluster CA) with upstream's stream
 * paths. It records each request, picks a subprotocol as the kubelet does (its own order
 * of preference), and scripts the session:
 *   /exec/ns/pod/c?command=..: writes "out:<argv>" on stdout and "err" on stderr, echoes
 *     stdin (channel 0) to stdout, and on the close-stdin signal [255, 0] (or at once
 *     without stdin) sends the exit Status for `exit N` in the argv (v4/v5) and closes;
 *   `exec flood N` sends N bytes of output honouring backpressure; `exec sink MS` reads
 *     nothing for MS milliseconds, then counts stdin bytes and reports the count when
 *     stdin closes; `exec drop` sends "partial" and drops the connection without a close;
 *   /attach/...: sends "attached" on stdout and closes normally;
 *   /portForward/ns/pod: SPDY/3.1+portforward.k8s.io goes to the kubelet's own SPDY
 *     forwarder, to 127.0.0.1; portforward.k8s.io echoes data frames;
 *   container "stopped" answers 400 "container stopped is not running".
 * Text messages are echoed back as text, to prove their type survives.
 */
import type { Server, ServerWebSocket } from "bun";
import type { KeyPairPem } from "../../../src/apiserver/pki/index.ts";
import { issueCert } from "../../../src/apiserver/pki/index.ts";
import { spdyPortForward, type SpdyPortForward } from "../../../src/kubelet/server/portforward-spdy.ts";

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  offered: string | null;
  chosen: string | undefined;
  /** The close code of the WebSocket session, once it closed. */
  closed?: number;
}

interface Session {
  kind: "exec" | "attach" | "spdy" | "channels";
  protocol: string;
  argv: string[];
  stdin: boolean;
  spdy?: SpdyPortForward;
  rec: SeenRequest;
  drained?: (() => void) | undefined;
  received?: number;
}

const EXEC = ["v5.channel.k8s.io", "v4.channel.k8s.io", "channel.k8s.io"];
const PF = ["SPDY/3.1+portforward.k8s.io", "portforward.k8s.io"];

function frame(ch: number, data: string | Uint8Array): Uint8Array {
  const b = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const out = new Uint8Array(b.length + 1);
  out[0] = ch;
  out.set(b, 1);
  return out;
}

function finishExec(ws: ServerWebSocket<Session>): void {
  const s = ws.data;
  const m = /exit (\d+)/.exec(s.argv.join(" "));
  const code = m ? Number(m[1]) : 0;
  const status =
    code === 0
      ? { metadata: {}, status: "Success" }
      : { metadata: {}, status: "Failure", message: `command terminated with non-zero exit code: exit code ${code}`, reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: String(code) }] } };
  ws.sendBinary(frame(3, JSON.stringify(status)));
  ws.close(1000);
}

/** `flood N`: N bytes on stdout in 64 KiB frames (byte i is i mod 251), honouring backpressure, then Success. */
async function flood(ws: ServerWebSocket<Session>, total: number): Promise<void> {
  const chunk = 64 << 10;
  for (let sent = 0; sent < total; ) {
    const n = Math.min(chunk, total - sent);
    const body = Uint8Array.from({ length: n }, (_, i) => (sent + i) % 251);
    sent += n;
    if (ws.sendBinary(frame(1, body)) === -1) await new Promise<void>((res) => (ws.data.drained = res));
  }
  finishExec(ws);
}

export interface FakeKubelet {
  port: number;
  seen: SeenRequest[];
  stop(): void;
}

export async function startFakeKubelet(ca: KeyPairPem, token: string): Promise<FakeKubelet> {
  const cert = await issueCert(ca, { subject: { commonName: "fake-kubelet" }, usage: "server", sans: ["127.0.0.1", "localhost"] });
  const seen: SeenRequest[] = [];
  const server: Server<Session> = Bun.serve<Session>({
    port: 0,
    hostname: "127.0.0.1",
    tls: { cert: cert.certPem, key: cert.keyPem },
    fetch(req, srv) {
      const url = new URL(req.url);
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      const offered = req.headers.get("sec-websocket-protocol");
      const list = (offered ?? "").split(",").map((p) => p.trim());
      const pick = (supported: string[]) => supported.find((p) => list.includes(p));
      const rec: SeenRequest = { path: url.pathname, query: url.searchParams, authorization: req.headers.get("authorization"), offered, chosen: undefined };
      seen.push(rec);
      if (rec.authorization !== `Bearer ${token}`) return new Response("Unauthorized", { status: 401 });
      if (parts[3] === "stopped") return new Response("container stopped is not running", { status: 400 });
      let session: Session;
      if (parts[0] === "exec" || parts[0] === "attach") {
        rec.chosen = pick(EXEC);
        session = { kind: parts[0], protocol: rec.chosen ?? "", argv: url.searchParams.getAll("command"), stdin: url.searchParams.get("stdin") === "true", rec };
      } else if (parts[0] === "portForward") {
        rec.chosen = pick(PF);
        session = { kind: rec.chosen?.startsWith("SPDY") ? "spdy" : "channels", protocol: rec.chosen ?? "", argv: [], stdin: false, rec };
      } else return new Response("404 page not found", { status: 404 });
      if (!rec.chosen) return new Response(`no supported subprotocol in ${offered}`, { status: 400 });
      if (srv.upgrade(req, { data: session, headers: { "Sec-WebSocket-Protocol": rec.chosen } })) return undefined;
      return new Response("expected a WebSocket upgrade", { status: 400 });
    },
    websocket: {
      open(ws) {
        const s = ws.data;
        if (s.kind === "exec" && s.argv[0] === "drop") {
          ws.sendBinary(frame(1, "partial"));
          setTimeout(() => ws.terminate(), 50);
        } else if (s.kind === "exec" && s.argv[0] === "sink") {
          // a slow kubelet: reads nothing for a while, then counts what stdin brought
          ws.pause();
          setTimeout(() => ws.readyState === 1 && ws.resume(), Number(s.argv[1]));
        } else if (s.kind === "exec" && s.argv[0] === "flood") {
          void flood(ws, Number(s.argv[1]));
        } else if (s.kind === "exec") {
          ws.sendBinary(frame(1, `out:${s.argv.join(" ")}\n`));
          ws.sendBinary(frame(2, "err\n"));
          if (!s.stdin) finishExec(ws);
        } else if (s.kind === "attach") {
          ws.sendBinary(frame(1, "attached\n"));
          ws.sendBinary(frame(3, JSON.stringify({ metadata: {}, status: "Success" })));
          ws.close(1000);
        } else if (s.kind === "spdy") s.spdy = spdyPortForward((b) => void ws.sendBinary(b), "127.0.0.1", "web", "uid-1");
        else ws.sendBinary(frame(0, new Uint8Array([0x90, 0x1f])));
      },
      message(ws, msg) {
        const s = ws.data;
        if (typeof msg === "string") {
          ws.sendText(`echo:${msg}`);
          return;
        }
        const data = new Uint8Array(msg);
        if (s.kind === "spdy") return s.spdy?.feed(data);
        if (s.kind === "channels") {
          ws.sendBinary(frame(data[0]!, data.subarray(1)));
          return;
        }
        if (s.argv[0] === "sink") {
          if (data[0] === 0) s.received = (s.received ?? 0) + data.length - 1;
          else if (data[0] === 255) {
            ws.sendBinary(frame(1, String(s.received ?? 0)));
            finishExec(ws);
          }
        } else if (data[0] === 0) ws.sendBinary(frame(1, data.subarray(1)));
        else if (data[0] === 255 && data[1] === 0) finishExec(ws);
        else if (data[0] === 4) ws.sendBinary(frame(1, `resize:${new TextDecoder().decode(data.subarray(1))}\n`));
      },
      drain(ws) {
        const d = ws.data.drained;
        ws.data.drained = undefined;
        d?.();
      },
      close(ws, code) {
        ws.data.rec.closed = code;
        ws.data.spdy?.close();
      },
    },
  });
  return { port: server.port!, seen, stop: () => server.stop(true) };
}
