/**
 * In-cluster configuration from the service-account volume a pod gets mounted
 * (client-go rest.InClusterConfig): the apiserver address from
 * KUBERNETES_SERVICE_HOST/PORT, the token (re-read as it rotates), ca.crt and namespace.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RestConfig } from "./rest-config.ts";
import { ConfigError } from "./kubeconfig.ts";

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface InClusterOptions {
  /** Directory holding token, ca.crt and namespace (tests point it elsewhere). */
  dir?: string;
  env?: Record<string, string | undefined>;
}

export const ERR_NOT_IN_CLUSTER =
  "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined";

/** True when the environment looks like a pod with a mounted service account. */
export function isInCluster(opts: InClusterOptions = {}): boolean {
  const env = opts.env ?? process.env;
  return !!env.KUBERNETES_SERVICE_HOST && !!env.KUBERNETES_SERVICE_PORT && existsSync(join(opts.dir ?? SERVICE_ACCOUNT_DIR, "token"));
}

export function inClusterConfig(opts: InClusterOptions = {}): RestConfig {
  const env = opts.env ?? process.env;
  const dir = opts.dir ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new ConfigError(ERR_NOT_IN_CLUSTER);
  const tokenFile = join(dir, "token");
  let token: string;
  try {
    token = readFileSync(tokenFile, "utf8").trim();
  } catch (e) {
    throw new ConfigError(`open ${tokenFile}: ${(e as Error).message}`);
  }
  const hostPort = host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
  const cfg: RestConfig = { host: `https://${hostPort}`, bearerToken: token, bearerTokenFile: tokenFile };
  const caFile = join(dir, "ca.crt");
  if (existsSync(caFile)) cfg.caData = readFileSync(caFile, "utf8");
  const nsFile = join(dir, "namespace");
  cfg.namespace = existsSync(nsFile) ? readFileSync(nsFile, "utf8").trim() || "default" : "default";
  return cfg;
}
