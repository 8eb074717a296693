/**
 * loadConfig: find and resolve the configuration a component should use.
 *
 * Order (as controller-runtime's GetConfig): an explicit kubeconfig path; else the
 * KUBECONFIG list (merged, first wins); else the in-cluster service account when
 * running in a pod; else ~/.kube/config. Within a kubeconfig, `context` overrides
 * current-context.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { RestConfig } from "./rest-config.ts";
import { ConfigError, type Kubeconfig, loadKubeconfigList, readKubeconfigFile } from "./kubeconfig.ts";
import { type InClusterOptions, inClusterConfig, isInCluster } from "./in-cluster.ts";

export interface LoadConfigOptions {
  /** Path of a kubeconfig file; when given, only this file is read (kubectl --kubeconfig). */
  kubeconfig?: string;
  /** Context to use instead of current-context. */
  context?: string;
  /** Overrides the context's namespace. */
  namespace?: string;
  env?: Record<string, string | undefined>;
  inCluster?: InClusterOptions;
  /** Fields merged over the result (qps, burst, userAgent, ...). */
  overrides?: Partial<RestConfig>;
}

export function loadConfig(opts: LoadConfigOptions = {}): RestConfig {
  const env = opts.env ?? process.env;
  let cfg: RestConfig;
  if (opts.kubeconfig) {
    cfg = restConfigFromKubeconfig(readKubeconfigFile(opts.kubeconfig), opts);
  } else if (env.KUBECONFIG) {
    cfg = restConfigFromKubeconfig(loadKubeconfigList(env.KUBECONFIG), opts);
  } else if (isInCluster({ ...opts.inCluster, env })) {
    cfg = inClusterConfig({ ...opts.inCluster, env });
    if (opts.namespace) cfg.namespace = opts.namespace;
  } else {
    const home = env.HOME || homedir();
    const path = join(home, ".kube", "config");
    if (!existsSync(path)) {
      throw new ConfigError(
        "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable",
      );
    }
    cfg = restConfigFromKubeconfig(readKubeconfigFile(path), opts);
  }
  return opts.overrides ? { ...cfg, ...opts.overrides } : cfg;
}

function decodeBase64(field: string, value: string): string {
  try {
    return Buffer.from(value, "base64").toString("utf8");
  } catch {
    throw new ConfigError(`illegal base64 data in ${field}`);
  }
}

function readFile(field: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`unable to read ${field} ${path}: ${(e as Error).message}`);
  }
}

/** Resolves one context of an (already merged) kubeconfig into a RestConfig. */
export function restConfigFromKubeconfig(kc: Kubeconfig, opts: { context?: string; namespace?: string } = {}): RestConfig {
  const contextName = opts.context || kc["current-context"];
  if (!contextName) {
    throw new ConfigError(
      "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable",
    );
  }
  const context = kc.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new ConfigError(`context "${contextName}" does not exist`);
  const cluster = context.cluster ? kc.clusters?.find((c) => c.name === context.cluster)?.cluster : undefined;
  if (!cluster) {
    throw new ConfigError(`invalid configuration: context "${contextName}": cluster "${context.cluster ?? ""}" does not exist`);
  }
  if (!cluster.server) throw new ConfigError(`invalid configuration: cluster "${context.cluster}" has no server defined`);
  const user = context.user ? kc.users?.find((u) => u.name === context.user)?.user : undefined;
  if (context.user && !user) {
    throw new ConfigError(`invalid configuration: context "${contextName}": user "${context.user}" does not exist`);
  }

  const cfg: RestConfig = { host: cluster.server.replace(/\/+$/, ""), contextName, namespace: opts.namespace || context.namespace || "default" };
  if (cluster["certificate-authority-data"]) cfg.caData = decodeBase64("certificate-authority-data", cluster["certificate-authority-data"]);
  else if (cluster["certificate-authority"]) cfg.caData = readFile("certificate-authority", cluster["certificate-authority"]);
  if (cluster["insecure-skip-tls-verify"]) cfg.insecureSkipTLSVerify = true;
  if (cluster["tls-server-name"]) cfg.tlsServerName = cluster["tls-server-name"];
  if (cfg.caData && cfg.insecureSkipTLSVerify) {
    throw new ConfigError(
      "specifying a root certificates file with the insecure flag is not allowed",
    );
  }

  if (user) {
    if (user["client-certificate-data"]) cfg.certData = decodeBase64("client-certificate-data", user["client-certificate-data"]);
    else if (user["client-certificate"]) cfg.certData = readFile("client-certificate", user["client-certificate"]);
    if (user["client-key-data"]) cfg.keyData = decodeBase64("client-key-data", user["client-key-data"]);
    else if (user["client-key"]) cfg.keyData = readFile("client-key", user["client-key"]);
    if (!!cfg.certData !== !!cfg.keyData) {
      throw new ConfigError(
        cfg.certData ? "client-key-data or client-key must be specified to use the clientCert authentication method" : "client-cert-data or client-cert must be specified to use the clientCert authentication method",
      );
    }
    if (user.token) cfg.bearerToken = user.token;
    else if (user.tokenFile) {
      cfg.bearerTokenFile = user.tokenFile;
      cfg.bearerToken = readFile("tokenFile", user.tokenFile).trim();
    }
    if (user.username !== undefined) cfg.username = user.username;
    if (user.password !== undefined) cfg.password = user.password;
    if (user.exec || user["auth-provider"]) {
      if (!cfg.certData && !cfg.bearerToken && cfg.username === undefined) {
        throw new ConfigError(`user "${context.user}": exec and auth-provider credential plugins are not supported`);
      }
    }
  }
  return cfg;
}
