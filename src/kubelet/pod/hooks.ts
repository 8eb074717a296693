/**
 * Lifecycle handlers (postStart, preStop): exec inside the container, httpGet to the
 * pod, sleep; tcpSocket is accepted and does nothing, as upstream. Returns an error
 * message when the handler failed.
 */
import type { Container, LifecycleHandler } from "../api/types.ts";
import { resolvePort } from "../prober/probe.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";

export interface HookTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: Container;
  podIP: string | undefined;
  timeoutMs: number;
}

export async function runLifecycleHandler(h: LifecycleHandler, t: HookTarget): Promise<string | undefined> {
  if (h.exec) {
    try {
      const r = await t.runtime.execSync(t.containerId, h.exec.command ?? [], { timeoutMs: t.timeoutMs });
      if (r.timedOut) return `command '${(h.exec.command ?? []).join(" ")}' exited with 137: `;
      if (r.exitCode !== 0) return `command '${(h.exec.command ?? []).join(" ")}' exited with ${r.exitCode}: ${new TextDecoder().decode(r.stdout)}${new TextDecoder().decode(r.stderr)}`;
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (h.httpGet) {
    const port = resolvePort(h.httpGet.port, t.container);
    const host = h.httpGet.host || t.podIP;
    if (port === undefined || !host) return `unable to reach the pod for the http hook`;
    const path = h.httpGet.path ? (h.httpGet.path.startsWith("/") ? h.httpGet.path : `/${h.httpGet.path}`) : "/";
    const url = `${(h.httpGet.scheme ?? "HTTP").toLowerCase()}://${host.includes(":") ? `[${host}]` : host}:${port}${path}`;
    try {
      const headers: Record<string, string> = {};
      for (const x of h.httpGet.httpHeaders ?? []) headers[x.name] = x.value;
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(t.timeoutMs), tls: { rejectUnauthorized: false } } as RequestInit);
      await res.arrayBuffer();
      if (res.status < 200 || res.status >= 400) return `HTTP lifecycle hook (${path}) for Container "${t.container.name}" failed - error: <nil>, message: "${res.status}"`;
      return undefined;
    } catch (e) {
      return `Get "${url}": ${(e as Error).message}`;
    }
  }
  if (h.sleep) {
    await Bun.sleep(Math.min(h.sleep.seconds * 1000, t.timeoutMs));
    return undefined;
  }
  return undefined;
}
