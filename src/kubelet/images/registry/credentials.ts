/**
 * Registry credentials from image pull secrets, matched as upstream's credential
 * provider keyring does: a key is a registry host (optionally with a path prefix,
 * a scheme, or `*` wildcards per host label); `index.docker.io/v1/` means docker.io.
 */

export interface RegistryAuth {
  username?: string;
  password?: string;
  /** A bearer token to use as is (`registrytoken`). */
  registryToken?: string;
  /** An OAuth2 refresh token (`identitytoken`). */
  identityToken?: string;
}

export interface CredentialEntry {
  /** The key as written in the secret. */
  key: string;
  auth: RegistryAuth;
}

interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

/** Parses `.dockerconfigjson` ({"auths": {...}}) or legacy `.dockercfg` ({host: {...}}). */
export function parseDockerConfig(json: string): CredentialEntry[] {
  const doc = JSON.parse(json) as Record<string, unknown>;
  const auths = (typeof doc["auths"] === "object" && doc["auths"] !== null ? doc["auths"] : doc) as Record<string, DockerAuthEntry>;
  const out: CredentialEntry[] = [];
  for (const [key, e] of Object.entries(auths)) {
    if (typeof e !== "object" || e === null) continue;
    const auth: RegistryAuth = {};
    if (e.username !== undefined) auth.username = e.username;
    if (e.password !== undefined) auth.password = e.password;
    if (e.auth) {
      const decoded = Buffer.from(e.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon >= 0) {
        auth.username = decoded.slice(0, colon);
        auth.password = decoded.slice(colon + 1);
      }
    }
    if (e.identitytoken) auth.identityToken = e.identitytoken;
    if (e.registrytoken) auth.registryToken = e.registrytoken;
    out.push({ key, auth });
  }
  return out;
}

/** Secrets as the kubelet receives them (data values base64). */
export interface PullSecret {
  type?: string;
  data?: Record<string, string>;
}

export function credentialsFromSecrets(secrets: PullSecret[]): CredentialEntry[] {
  const out: CredentialEntry[] = [];
  for (const s of secrets) {
    const raw = s.data?.[".dockerconfigjson"] ?? s.data?.[".dockercfg"];
    if (raw === undefined) continue;
    try {
      out.push(...parseDockerConfig(Buffer.from(raw, "base64").toString("utf8")));
    } catch {
      // an unparseable secret provides no credentials, as upstream
    }
  }
  return out;
}

function normalizeKey(key: string): { host: string; path: string } {
  let k = key.replace(/^[a-z]+:\/\//i, "");
  const slash = k.indexOf("/");
  let host = slash >= 0 ? k.slice(0, slash) : k;
  let path = slash >= 0 ? k.slice(slash + 1) : "";
  if (host === "index.docker.io" || host === "registry-1.docker.io" || host === "registry.hub.docker.com") {
    host = "docker.io";
    if (path === "v1" || path === "v1/" || path === "v2" || path === "v2/") path = "";
  }
  k = path.replace(/\/+$/, "");
  return { host: host.toLowerCase(), path: k };
}

function hostMatches(pattern: string, host: string): boolean {
  const pp = pattern.split(":");
  const hp = host.split(":");
  if ((pp[1] ?? "") !== (hp[1] ?? "")) return false;
  const pl = pp[0]!.split(".");
  const hl = hp[0]!.split(".");
  if (pl.length !== hl.length) return false;
  return pl.every((label, i) => label === "*" || label === hl[i]);
}

/**
 * Credentials for `domain/path`, most specific key first (longest path, then exact
 * host before wildcard), as upstream's keyring orders them.
 */
export function matchCredentials(entries: CredentialEntry[], domain: string, repoPath: string): RegistryAuth[] {
  const scored: Array<{ score: number; auth: RegistryAuth }> = [];
  for (const e of entries) {
    const k = normalizeKey(e.key);
    if (!hostMatches(k.host, domain.toLowerCase())) continue;
    if (k.path !== "" && repoPath !== k.path && !repoPath.startsWith(k.path + "/")) continue;
    scored.push({ score: k.path.length * 2 + (k.host.includes("*") ? 0 : 1), auth: e.auth });
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.auth);
}
