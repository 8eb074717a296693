/**
 * One probe attempt, as upstream's prober: exec (exit 0), httpGet (2xx/3xx, redirects
 * followed, "kube-probe/<version>" user agent), tcpSocket (connects). The output is
 * what upstream puts in its "probe failed" event messages.
 */
import type { Container, HTTPGetAction, ProbeHandler } from "../api/types.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";

export type ProbeResult = "Success" | "Failure" | "Unknown";

export interface ProbeOutcome {
  result: ProbeResult;
  output: string;
}

export interface ProbeTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: Container;
  /** Address probes connect to: the pod IP (or the node's for hostNetwork). */
  podIP: string | undefined;
  timeoutSeconds: number;
}

export const KUBE_PROBE_UA = "kube-probe/1.34";

/** Resolves a port number or a named container port. */
export function resolvePort(port: number | string, c: Container): number | undefined {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

export async function runProbe(handler: ProbeHandler, t: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = Math.max(1, t.timeoutSeconds) * 1000;
  if (handler.exec) {
    const cmd = handler.exec.command ?? [];
    try {
      const r = await t.runtime.execSync(t.containerId, cmd, { timeoutMs });
      const output = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
      if (r.timedOut) return { result: "Failure", output: `command ${JSON.stringify(cmd.join(" "))} timed out` };
      return { result: r.exitCode === 0 ? "Success" : "Failure", output };
    } catch (e) {
      return { result: "Unknown", output: (e as Error).message };
    }
  }
  if (handler.httpGet) return httpProbe(handler.httpGet, t, timeoutMs);
  if (handler.tcpSocket) {
    const port = resolvePort(handler.tcpSocket.port, t.container);
    const host = handler.tcpSocket.host || t.podIP;
    if (port === undefined) return { result: "Unknown", output: `unable to resolve port ${String(handler.tcpSocket.port)}` };
    if (!host) return { result: "Unknown", output: "pod has no IP address to probe" };
    return tcpProbe(host, port, timeoutMs);
  }
  if (handler.grpc) return { result: "Unknown", output: "gRPC probes are not supported by this kubelet" };
  return { result: "Unknown", output: "missing probe handler" };
}

function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

async function httpProbe(h: HTTPGetAction, t: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const port = resolvePort(h.port, t.container);
  const host = h.host || t.podIP;
  if (port === undefined) return { result: "Unknown", output: `unable to resolve port ${String(h.port)}` };
  if (!host) return { result: "Unknown", output: "pod has no IP address to probe" };
  const scheme = (h.scheme ?? "HTTP").toLowerCase();
  const path = h.path ? (h.path.startsWith("/") ? h.path : `/${h.path}`) : "/";
  const url = `${scheme}://${hostPort(host, port)}${path}`;
  const headers = new Headers({ "user-agent": KUBE_PROBE_UA, accept: "*/*" });
  for (const hh of h.httpHeaders ?? []) {
    if (hh.name.toLowerCase() === "host") continue;
    headers.set(hh.name, hh.value);
  }
  const hostHeader = h.httpHeaders?.find((x) => x.name.toLowerCase() === "host")?.value;
  if (hostHeader) headers.set("host", hostHeader);
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: "follow", tls: { rejectUnauthorized: false } } as RequestInit);
    const body = (await res.text()).slice(0, 10 * 1024);
    if (res.status >= 200 && res.status < 400) return { result: "Success", output: body };
    return { result: "Failure", output: `HTTP probe failed with statuscode: ${res.status}` };
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.name === "TimeoutError" || err.name === "AbortError")
      return { result: "Failure", output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
    return { result: "Failure", output: `Get "${url}": dial tcp ${hostPort(host, port)}: connect: ${err.code === "ECONNREFUSED" ? "connection refused" : err.message}` };
  }
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: ProbeOutcome) => {
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    const timer = setTimeout(() => done({ result: "Failure", output: `dial tcp ${hostPort(host, port)}: i/o timeout` }), timeoutMs);
    Bun.connect({
      hostname: host,
      port,
      socket: {
        open(s) {
          clearTimeout(timer);
          s.end();
          done({ result: "Success", output: "" });
        },
        data() {},
        error(_s, e) {
          clearTimeout(timer);
          done({ result: "Failure", output: `dial tcp ${hostPort(host, port)}: connect: ${e.message}` });
        },
        connectError(_s, e) {
          clearTimeout(timer);
          const code = (e as Error & { code?: string }).code;
          done({ result: "Failure", output: `dial tcp ${hostPort(host, port)}: connect: ${code === "ECONNREFUSED" ? "connection refused" : e.message}` });
        },
      },
    }).catch((e: Error & { code?: string }) => {
      clearTimeout(timer);
      done({ result: "Failure", output: `dial tcp ${hostPort(host, port)}: connect: ${e.code === "ECONNREFUSED" ? "connection refused" : e.message}` });
    });
  });
}
