/**
 * Opens the store the command line asks for: no endpoint means LMDB at <dataDir>/db;
 * otherwise the endpoint's URL scheme picks the backend (etcd://, http://, https://,
 * memory://, lmdb://).
 */
import { join } from "node:path";
import { StorageError } from "./errors.ts";
import type { Store } from "./interface.ts";
import { backendFor, registerBackend, type BackendOptions, type StoreTlsOptions } from "./registry.ts";

export interface OpenStoreOptions {
  dataDir: string;
  /** `--datastore-endpoint`; absent or empty: the embedded LMDB store. */
  endpoint?: string;
  /** Periodic compaction interval (default 5 minutes; 0 disables). */
  compactIntervalMs?: number;
  tls?: StoreTlsOptions;
}

let registered = false;

function registerBuiltins(): void {
  if (registered) return;
  registered = true;
  registerBackend("memory", async (o) => {
    const { openMemoryStore } = await import("./memory/index.ts");
    return openMemoryStore(o.compactIntervalMs === undefined ? {} : { compactIntervalMs: o.compactIntervalMs });
  });
  registerBackend("lmdb", async (o) => {
    const { openLmdbStore } = await import("./lmdb/index.ts");
    const path = o.address === "" ? join(o.dataDir, "db") : o.address;
    return openLmdbStore(o.compactIntervalMs === undefined ? { path } : { path, compactIntervalMs: o.compactIntervalMs });
  });
  const etcd = async (o: BackendOptions) => {
    const { openEtcdStore, parseEtcdEndpoint } = await import("./etcd/index.ts");
    const opts: Parameters<typeof openEtcdStore>[0] = { hosts: parseEtcdEndpoint(o.endpoint) };
    if (o.compactIntervalMs !== undefined) opts.compactIntervalMs = o.compactIntervalMs;
    if (o.tls) opts.tls = o.tls;
    return openEtcdStore(opts);
  };
  for (const scheme of ["etcd", "http", "https"]) registerBackend(scheme, etcd);
}

export function splitEndpoint(endpoint: string): { scheme: string; address: string } {
  const i = endpoint.indexOf("://");
  if (i <= 0) throw new StorageError(`invalid datastore endpoint "${endpoint}": expected scheme://address`, "InvalidEndpoint");
  return { scheme: endpoint.slice(0, i).toLowerCase(), address: endpoint.slice(i + 3) };
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  registerBuiltins();
  const endpoint = opts.endpoint?.trim() || "lmdb://";
  const { scheme, address } = splitEndpoint(endpoint);
  const factory = backendFor(scheme);
  const backendOpts: BackendOptions = {
    endpoint,
    address,
    dataDir: opts.dataDir,
    compactIntervalMs: opts.compactIntervalMs ?? 5 * 60 * 1000,
  };
  if (opts.tls) backendOpts.tls = opts.tls;
  return factory(backendOpts);
}
