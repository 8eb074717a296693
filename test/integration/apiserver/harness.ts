/**
 * An in-process apiserver on a free port over the memory store, with fetch helpers that
 * authenticate with the admin client certificate (or a bearer token, or nothing).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openMemoryStore } from "../../../src/storage/memory/index.ts";
import { openStore } from "../../../src/storage/open.ts";
import type { Store } from "../../../src/storage/interface.ts";
import { startApiServer, type ApiServer, type ApiServerOptions } from "../../../src/apiserver/index.ts";
import { setLogSink } from "../../../src/util/log.ts";

export const TOKEN = "s3cr3t-token";

export interface Harness {
  server: ApiServer;
  store: Store;
  dataDir: string;
  /** fetch as the admin (client certificate). */
  req(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** fetch as the admin and parse JSON. */
  call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  /** fetch without a client certificate. */
  anon(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startHarness(extra: Partial<ApiServerOptions> = {}, reuse?: { dataDir: string; store: Store }): Promise<Harness> {
  setLogSink("silent");
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), "kubun-apiserver-test-"));
  // KUBUN_TEST_STORE=lmdb runs the same tests over the embedded LMDB store.
  const store = reuse?.store ?? (process.env.KUBUN_TEST_STORE === "lmdb" ? await openStore({ dataDir }) : await openMemoryStore());
  const server = await startApiServer({ dataDir, store, port: 0, bindAddress: "127.0.0.1", token: TOKEN, version: { gitVersion: "v1.34.0+kubun-test" }, ...extra });
  await server.ready;
  const tls = { ca: server.caPem, cert: server.adminCertPem, key: server.adminKeyPem };
  const req = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    let body = rest.body;
    if (json !== undefined) {
      body = JSON.stringify(json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    return fetch(server.url + path, { ...rest, headers, body, tls } as RequestInit);
  };
  return {
    server,
    store,
    dataDir,
    req,
    async call(method, path, body, headers = {}) {
      const init: RequestInit & { json?: unknown } = { method, headers };
      if (body !== undefined) {
        if (typeof body === "string") init.body = body;
        else init.json = body;
      }
      const res = await req(path, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    anon: (path, init = {}) => fetch(server.url + path, { ...init, tls: { ca: server.caPem } } as RequestInit),
    async stop() {
      await server.stop();
      if (!reuse) {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name };
  if (labels) metadata.labels = labels;
  return { apiVersion: "v1", kind: "ConfigMap", metadata, data };
}

export function deployment(name: string, replicas = 1): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } },
    },
  };
}

export function pod(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "busybox" }], ...extra } };
}

/** Reads a watch stream line by line. */
export class WatchReader {
  private buf = "";
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly dec = new TextDecoder();

  constructor(res: Response) {
    this.reader = res.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  }

  /** The next event (blank keep-alive lines skipped), or undefined at end of stream; rejects after `ms`. */
  async next(ms = 3000): Promise<any | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const nl = this.buf.indexOf("\n");
      if (nl >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (line) return JSON.parse(line);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a watch event");
      const r = await Promise.race([this.reader.read(), Bun.sleep(left).then(() => "timeout" as const)]);
      if (r === "timeout") throw new Error("timed out waiting for a watch event");
      if (r.done) return undefined;
      this.buf += this.dec.decode(r.value, { stream: true });
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}
