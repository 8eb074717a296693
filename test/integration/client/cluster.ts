/**
 * The real apiserver in-process on the memory store, for the client library's
 * integration tests: clients configured from the kubeconfig it writes, and a restart
 * that keeps the store (as an apiserver restart keeps etcd) and the port.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiServer, startApiServer } from "../../../src/apiserver/index.ts";
import type { WatchCacheOptions } from "../../../src/apiserver/watchcache/watch-cache.ts";
import { loadConfig, type RestConfig } from "../../../src/client/config/index.ts";
import { type Client, createClient } from "../../../src/client/rest/clientset.ts";
import type { Store } from "../../../src/storage/interface.ts";
import { openMemoryStore } from "../../../src/storage/memory/index.ts";

export interface Cluster {
  server: ApiServer;
  store: Store;
  /** Admin config read from the written kubeconfig (rate limit off). */
  config(extra?: Partial<RestConfig>): RestConfig;
  newClient(extra?: Partial<RestConfig>): Client;
  /** Stops the apiserver and starts a new one on the same port and store. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(opts: { watchCache?: WatchCacheOptions } = {}): Promise<Cluster> {
  const dataDir = mkdtempSync(join(tmpdir(), "kubun-client-it-"));
  const store = await openMemoryStore({ compactIntervalMs: 0 });
  const start = (port: number) =>
    startApiServer({ dataDir, store, port, bindAddress: "127.0.0.1", version: { gitVersion: "v1.34.0" }, ...(opts.watchCache ? { watchCache: opts.watchCache } : {}) });
  let server = await start(0);
  await server.ready;
  const clients: Client[] = [];
  const cluster: Cluster = {
    get server() {
      return server;
    },
    store,
    config: (extra = {}) => loadConfig({ kubeconfig: server.kubeconfigPath, env: {}, overrides: { qps: -1, ...extra } }),
    newClient(extra = {}) {
      const c = createClient(cluster.config(extra));
      clients.push(c);
      return c;
    },
    async restart() {
      const port = server.port;
      await server.stop();
      server = await start(port);
      await server.ready;
    },
    async stop() {
      for (const c of clients) c.close();
      await server.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Polls fn until it stops throwing, failing with its last error after timeoutMs. */
export async function eventually(fn: () => unknown | Promise<unknown>, timeoutMs = 10_000, everyMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await fn();
      return;
    } catch (e) {
      if (performance.now() > deadline) throw e;
    }
    await Bun.sleep(everyMs);
  }
}
