/**
 * The kubelet's HTTP(S) server, what the API server proxies pods/log, pods/exec,
 * pods/attach and pods/portforward to (upstream paths):
 *   GET /containerLogs/{ns}/{pod}/{container}?follow&tailLines&sinceSeconds&sinceTime&timestamps&previous&limitBytes
 *   GET /exec/{ns}/{pod}/{container}?command=..&stdin&stdout&stderr&tty   (WebSocket, v5/v4.channel.k8s.io)
 *   GET /attach/{ns}/{pod}/{container}?stdin&stdout&stderr&tty            (WebSocket)
 *   GET /portForward/{ns}/{pod}?ports=..                                    (WebSocket, portforward.k8s.io channels)
 *   GET /stats/summary, /healthz, /pods
 * With `token`, requests must carry `Authorization: Bearer <token>`; with `tls`, it
 * serves HTTPS (optionally requiring client certificates signed by `clientCA`).
 */
import type { Server } from "bun";
import { parseRFC3339Nano } from "../logs/format.ts";
import { readLogs } from "../logs/reader.ts";
import type { Kubelet } from "../kubelet.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";
import { chooseProtocol, PORT_FORWARD_PROTOCOLS, SPDY_PORT_FORWARD_PROTOCOL, STREAM_PROTOCOLS } from "./channels.ts";
import { defaultContainer, findWorker, logContainer, RequestError, runningContainer } from "./resolve.ts";
import { statsSummary } from "./stats.ts";
import { type WsSession, wsHandlers } from "./websocket.ts";

export interface KubeletServerOptions {
  kubelet: Kubelet;
  runtime: ContainerRuntime;
  /** Default 10250; 0 picks a free port. */
  port?: number;
  hostname?: string;
  tls?: { cert: string; key: string; clientCA?: string };
  token?: string;
}

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export class KubeletServer {
  private server: Server<WsSession> | undefined;

  constructor(private readonly opts: KubeletServerOptions) {}

  get port(): number | undefined {
    return this.server?.port;
  }

  async start(): Promise<void> {
    const o = this.opts;
    this.server = Bun.serve<WsSession>({
      port: o.port ?? 10250,
      hostname: o.hostname ?? "0.0.0.0",
      ...(o.tls ? { tls: { cert: o.tls.cert, key: o.tls.key, ...(o.tls.clientCA ? { ca: o.tls.clientCA, requestCert: true, rejectUnauthorized: true } : {}) } } : {}),
      idleTimeout: 0,
      fetch: (req, server) => this.route(req, server),
      websocket: wsHandlers(),
    });
  }

  stop(): void {
    this.server?.stop(true);
  }

  private async route(req: Request, server: Server<WsSession>): Promise<Response | undefined> {
    if (this.opts.token && req.headers.get("authorization") !== `Bearer ${this.opts.token}`) return text(401, "Unauthorized");
    const url = new URL(req.url);
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const q = url.searchParams;
    const k = this.opts.kubelet;
    const rt = this.opts.runtime;
    try {
      switch (parts[0]) {
        case "healthz":
          return text(200, "ok");
        case "pods":
          return Response.json({ kind: "PodList", apiVersion: "v1", metadata: {}, items: k.pods() });
        case "stats":
          if (parts[1] === "summary") return Response.json(await statsSummary(k, k.cgroupManager));
          break;
        case "containerLogs":
          return await this.logs(parts, q, req);
        case "exec":
        case "attach": {
          const [, ns = "", pod = "", cname] = parts;
          const w = findWorker(k, ns, pod);
          const name = defaultContainer(w, cname ?? q.get("container"));
          const c = await runningContainer(rt, w, name);
          const proto = chooseProtocol(req.headers.get("sec-websocket-protocol"), STREAM_PROTOCOLS);
          if (!proto) return text(400, "exec and attach need a WebSocket with one of " + STREAM_PROTOCOLS.join(", "));
          const flag = (n: string) => q.get(n) === "1" || q.get(n) === "true";
          const session: WsSession = {
            kind: parts[0] === "exec" ? "exec" : "attach",
            protocol: proto,
            runtime: rt,
            containerId: c.id,
            logPath: c.logPath,
            argv: q.getAll("command"),
            stdin: flag("stdin"),
            stdout: q.get("stdout") === null ? true : flag("stdout"),
            stderr: q.get("stderr") === null ? true : flag("stderr"),
            tty: flag("tty"),
          };
          if (session.kind === "attach" && (session.stdin || session.tty)) session.input = await rt.attach(c.id);
          if (server.upgrade(req, { data: session, headers: { "Sec-WebSocket-Protocol": proto } })) return undefined;
          session.input?.close();
          return text(400, "expected a WebSocket upgrade");
        }
        case "portForward": {
          const [, ns = "", pod = ""] = parts;
          const w = findWorker(k, ns, pod);
          const ip = w.lastStatus?.podIP;
          if (!ip) throw new RequestError(400, `pod ${pod} has no IP address to forward to`);
          const proto = chooseProtocol(req.headers.get("sec-websocket-protocol"), PORT_FORWARD_PROTOCOLS);
          if (!proto) return text(400, "port forwarding needs a WebSocket with one of " + PORT_FORWARD_PROTOCOLS.join(", "));
          let session: WsSession;
          if (proto === SPDY_PORT_FORWARD_PROTOCOL) session = { kind: "portforward-spdy", protocol: proto, host: ip, podName: w.pod.metadata.name ?? "", podUid: w.uid };
          else {
            const ports = q.getAll("ports").flatMap((p) => p.split(",")).map(Number);
            if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p <= 0 || p > 65535)) throw new RequestError(400, "invalid or missing ports");
            session = { kind: "portforward", protocol: proto, host: ip, ports };
          }
          if (server.upgrade(req, { data: session, headers: { "Sec-WebSocket-Protocol": proto } })) return undefined;
          return text(400, "expected a WebSocket upgrade");
        }
      }
      return text(404, "404 page not found");
    } catch (e) {
      if (e instanceof RequestError) return text(e.status, e.message);
      return text(500, (e as Error).message);
    }
  }

  private async logs(parts: string[], q: URLSearchParams, req: Request): Promise<Response> {
    const [, ns = "", pod = "", cname] = parts;
    const k = this.opts.kubelet;
    const w = findWorker(k, ns, pod);
    const name = defaultContainer(w, cname ?? q.get("container"));
    const previous = q.get("previous") === "true";
    const c = await logContainer(this.opts.runtime, w, name, previous);
    const follow = q.get("follow") === "true" && !previous;
    let sinceNs: bigint | undefined;
    if (q.get("sinceSeconds")) sinceNs = BigInt(Date.now() - Number(q.get("sinceSeconds")) * 1000) * 1_000_000n;
    else if (q.get("sinceTime")) sinceNs = parseRFC3339Nano(q.get("sinceTime")!);
    const rt = this.opts.runtime;
    const gen = readLogs(c.logPath, {
      follow,
      ...(q.get("tailLines") !== null ? { tailLines: Number(q.get("tailLines")) } : {}),
      ...(sinceNs !== undefined ? { sinceNs } : {}),
      timestamps: q.get("timestamps") === "true",
      ...(q.get("limitBytes") ? { limitBytes: Number(q.get("limitBytes")) } : {}),
      signal: req.signal,
      done: async () => (await rt.containerStatus(c.id))?.state !== "running",
    });
    const body = new ReadableStream<Uint8Array>({
      async pull(ctl) {
        const r = await gen.next();
        if (r.done) ctl.close();
        else ctl.enqueue(r.value);
      },
      async cancel() {
        await gen.return(undefined);
      },
    });
    return new Response(body, { headers: { "content-type": "text/plain", "cache-control": "no-cache" } });
  }
}

