/**
 * The kubeconfig file format (clientcmd/api/v1) and kubectl's merge rules for several
 * files: for clusters, users and contexts the first file that defines a name wins that
 * name as a whole entry; current-context comes from the first file that sets one.
 * Relative file paths inside a file are resolved against that file's directory.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { existsSync, readFileSync } from "node:fs";

export interface KubeconfigCluster {
  server?: string;
  "certificate-authority"?: string;
  "certificate-authority-data"?: string;
  "insecure-skip-tls-verify"?: boolean;
  "tls-server-name"?: string;
  "proxy-url"?: string;
}

export interface KubeconfigUser {
  "client-certificate"?: string;
  "client-certificate-data"?: string;
  "client-key"?: string;
  "client-key-data"?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: unknown;
  "auth-provider"?: unknown;
}

export interface KubeconfigContext {
  cluster?: string;
  user?: string;
  namespace?: string;
}

export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  "current-context"?: string;
  clusters?: { name: string; cluster: KubeconfigCluster }[];
  users?: { name: string; user: KubeconfigUser }[];
  contexts?: { name: string; context: KubeconfigContext }[];
  preferences?: Record<string, unknown>;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses one kubeconfig document (YAML or JSON) and resolves its relative paths against baseDir. */
export function parseKubeconfig(text: string, baseDir?: string): Kubeconfig {
  let doc: unknown;
  try {
    doc = Bun.YAML.parse(text);
  } catch (e) {
    throw new ConfigError(`error loading config: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) throw new ConfigError("error loading config: not a kubeconfig object");
  const cfg = doc as Kubeconfig;
  if (baseDir) resolvePaths(cfg, baseDir);
  return cfg;
}

function resolvePaths(cfg: Kubeconfig, baseDir: string): void {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  for (const c of cfg.clusters ?? []) {
    if (c?.cluster?.["certificate-authority"]) c.cluster["certificate-authority"] = abs(c.cluster["certificate-authority"]);
  }
  for (const u of cfg.users ?? []) {
    const user = u?.user;
    if (!user) continue;
    if (user["client-certificate"]) user["client-certificate"] = abs(user["client-certificate"]);
    if (user["client-key"]) user["client-key"] = abs(user["client-key"]);
    if (user.tokenFile) user.tokenFile = abs(user.tokenFile);
  }
}

export function readKubeconfigFile(path: string): Kubeconfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`stat ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
  }
  return parseKubeconfig(text, dirname(resolve(path)));
}

/** Merges kubeconfigs in precedence order (first wins), as kubectl does for KUBECONFIG. */
export function mergeKubeconfigs(configs: readonly Kubeconfig[]): Kubeconfig {
  const out: Required<Pick<Kubeconfig, "clusters" | "users" | "contexts">> & Kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [],
    users: [],
    contexts: [],
  };
  const seen = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  for (const cfg of configs) {
    if (out["current-context"] === undefined && cfg["current-context"]) out["current-context"] = cfg["current-context"];
    if (out.preferences === undefined && cfg.preferences) out.preferences = cfg.preferences;
    for (const field of ["clusters", "users", "contexts"] as const) {
      for (const entry of (cfg[field] ?? []) as { name: string }[]) {
        if (!entry || typeof entry.name !== "string" || seen[field].has(entry.name)) continue;
        seen[field].add(entry.name);
        (out[field] as { name: string }[]).push(entry);
      }
    }
  }
  return out;
}

/**
 * Reads the files named by a KUBECONFIG-style list (":"-separated on Unix), skipping
 * names that do not exist, as kubectl does, and merges them.
 */
export function loadKubeconfigList(list: string): Kubeconfig {
  const paths = list.split(process.platform === "win32" ? ";" : ":").filter((p) => p !== "");
  const unique = [...new Set(paths)];
  return mergeKubeconfigs(unique.filter((p) => existsSync(p)).map(readKubeconfigFile));
}
