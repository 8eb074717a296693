/**
 * The real apiserver in process on the memory store, with admin clients for it: the base
 * of the integration tests of components built on the client library (controllers,
 * scheduler). Each component instance should get its own client from newClient().
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiServer, startApiServer } from "../../src/apiserver/index.ts";
import { type Client, createClient } from "../../src/client/rest/clientset.ts";
import { openMemoryStore } from "../../src/storage/memory/index.ts";
import { setLogSink } from "../../src/util/log.ts";

export interface ApiCluster {
  server: ApiServer;
  client: Client;
  newClient(): Client;
  /** Closes every client handed out, then stops the server and the store. */
  stop(): Promise<void>;
}

export async function startApiCluster(prefix: string): Promise<ApiCluster> {
  if (!process.env.KUBUN_TEST_LOGS) setLogSink("silent");
  const dir = mkdtempSync(join(tmpdir(), `kubun-${prefix}-`));
  const store = await openMemoryStore();
  const server = await startApiServer({ dataDir: dir, store, port: 0, bindAddress: "127.0.0.1", version: { gitVersion: "v1.34.0" } });
  await server.ready;
  const clients: Client[] = [];
  const newClient = () => {
    const c = createClient({ host: server.url, caData: server.caPem, certData: server.adminCertPem, keyData: server.adminKeyPem, qps: -1 });
    clients.push(c);
    return c;
  };
  return {
    server,
    client: newClient(),
    newClient,
    async stop() {
      for (const c of clients) c.close();
      await server.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until fn returns a value other than undefined/false, or throws after timeoutMs. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await Bun.sleep(everyMs);
  }
}
