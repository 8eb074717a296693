/**
 * Loads @peculiar/x509 after installing the Reflect metadata subset it requires. The import
 * is dynamic because a static import would be evaluated before the polyfill runs.
 */
import { installReflectMetadata } from "./reflect-polyfill.ts";

export type X509Module = typeof import("@peculiar/x509");

let loading: Promise<X509Module> | undefined;

export function loadX509(): Promise<X509Module> {
  if (!loading) {
    installReflectMetadata();
    loading = import("@peculiar/x509").then((m) => {
      m.cryptoProvider.set(globalThis.crypto);
      return m;
    });
  }
  return loading;
}
