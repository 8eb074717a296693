/**
 * Backends register by URL scheme (as kine's drivers do); `openStore` picks one from
 * `--datastore-endpoint`. Factories load their backend lazily, so an LMDB server never
 * loads the etcd client and vice versa.
 */
import { StorageError } from "./errors.ts";
import type { Store } from "./interface.ts";

export interface BackendOptions {
  /** The endpoint as given, e.g. `etcd://h1:2379,h2:2379`; empty for the default backend. */
  endpoint: string;
  /** What follows `scheme://` in the endpoint. */
  address: string;
  dataDir: string;
  compactIntervalMs?: number;
  tls?: StoreTlsOptions;
}

/** Client TLS for remote backends (as k3s's --datastore-cafile/certfile/keyfile). */
export interface StoreTlsOptions {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export type BackendFactory = (opts: BackendOptions) => Promise<Store>;

const backends = new Map<string, BackendFactory>();

/** Registers a backend for a URL scheme; registering a scheme twice throws. */
export function registerBackend(scheme: string, factory: BackendFactory): void {
  if (backends.has(scheme)) throw new Error(`storage backend already registered for scheme ${scheme}`);
  backends.set(scheme, factory);
}

export function backendFor(scheme: string): BackendFactory {
  const f = backends.get(scheme);
  if (!f) {
    const known = [...backends.keys()].sort().join(", ");
    throw new StorageError(`unsupported datastore endpoint scheme "${scheme}" (supported: ${known})`, "InvalidEndpoint");
  }
  return f;
}

export function registeredSchemes(): string[] {
  return [...backends.keys()].sort();
}
