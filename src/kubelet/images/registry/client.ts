/**
 * An OCI distribution client for one repository: plain requests that answer a 401
 * challenge with Basic credentials or a Bearer token fetched from the challenge's
 * realm (service and scope passed along, Basic credentials on the token request),
 * tokens cached for their lifetime. Loopback registries speak plain HTTP unless
 * configured otherwise, as containerd's defaults.
 */
import type { RegistryAuth } from "./credentials.ts";
import { parseChallenges } from "./challenge.ts";

export interface RegistryHostConfig {
  /** Base URL, e.g. "http://127.0.0.1:5000" (default https://<host>, http for loopback). */
  endpoint?: string;
  insecureSkipVerify?: boolean;
  /** PEM CA certificates to trust. */
  ca?: string;
}

export type RegistryHosts = Record<string, RegistryHostConfig>;

export class RegistryError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function defaultEndpoint(domain: string, hosts: RegistryHosts = {}): string {
  const cfg = hosts[domain];
  if (cfg?.endpoint) return cfg.endpoint.replace(/\/+$/, "");
  if (domain === "docker.io") return "https://registry-1.docker.io";
  const host = domain.replace(/:\d+$/, "");
  if (host === "localhost" || host === "[::1]" || /^127\./.test(host)) return `http://${domain}`;
  return `https://${domain}`;
}

function basic(a: RegistryAuth): string | undefined {
  return a.username !== undefined ? "Basic " + Buffer.from(`${a.username}:${a.password ?? ""}`).toString("base64") : undefined;
}

interface CachedToken {
  header: string;
  expires: number;
}

export class RegistryClient {
  readonly base: string;
  private tokens = new Map<string, CachedToken>();

  constructor(
    readonly domain: string,
    readonly repo: string,
    private readonly auth: RegistryAuth | undefined,
    private readonly hosts: RegistryHosts = {},
  ) {
    this.base = defaultEndpoint(domain, hosts);
  }

  private tlsOptions(): { tls?: { rejectUnauthorized?: boolean; ca?: string } } {
    const cfg = this.hosts[this.domain];
    if (!cfg) return {};
    const tls: { rejectUnauthorized?: boolean; ca?: string } = {};
    if (cfg.insecureSkipVerify) tls.rejectUnauthorized = false;
    if (cfg.ca) tls.ca = cfg.ca;
    return { tls };
  }

  /**
   * Sends a request to `/v2/<repo>/<suffix>` (or an absolute URL), authenticating on
   * challenge for `actions` ("pull" or "pull,push"). Redirects are followed without
   * the Authorization header (blob stores sign their own URLs).
   */
  async request(suffixOrUrl: string, init: RequestInit = {}, actions = "pull"): Promise<Response> {
    const url = /^https?:\/\//.test(suffixOrUrl) ? suffixOrUrl : `${this.base}/v2/${this.repo}/${suffixOrUrl}`;
    const scope = `repository:${this.repo}:${actions}`;
    let res = await this.send(url, init, this.cachedHeader(scope));
    if (res.status === 401) {
      const header = await this.authorize(res.headers.get("www-authenticate") ?? "", scope);
      if (header !== undefined) {
        await res.body?.cancel().catch(() => {});
        res = await this.send(url, init, header);
      }
    }
    return res;
  }

  private cachedHeader(scope: string): string | undefined {
    const t = this.tokens.get(scope);
    return t && t.expires > Date.now() ? t.header : undefined;
  }

  private async send(url: string, init: RequestInit, authHeader: string | undefined): Promise<Response> {
    const headers = new Headers(init.headers);
    if (authHeader) headers.set("authorization", authHeader);
    let res = await fetch(url, { ...init, headers, redirect: "manual", ...this.tlsOptions() } as RequestInit);
    for (let hops = 0; hops < 5 && res.status >= 300 && res.status < 400 && res.headers.get("location"); hops++) {
      const next = new URL(res.headers.get("location")!, url).toString();
      await res.body?.cancel().catch(() => {});
      const sameOrigin = new URL(next).origin === new URL(url).origin;
      const h = new Headers(init.headers);
      if (sameOrigin && authHeader) h.set("authorization", authHeader);
      res = await fetch(next, { ...init, headers: h, redirect: "manual", ...this.tlsOptions() } as RequestInit);
      url = next;
    }
    return res;
  }

  /** Answers a challenge; undefined when there is nothing better to send. */
  private async authorize(header: string, scope: string): Promise<string | undefined> {
    const challenges = parseChallenges(header);
    const bearer = challenges.find((c) => c.scheme === "bearer");
    if (bearer) {
      if (this.auth?.registryToken) return `Bearer ${this.auth.registryToken}`;
      const realm = bearer.params["realm"];
      if (!realm) throw new RegistryError(401, "bearer challenge without realm");
      const u = new URL(realm);
      if (bearer.params["service"]) u.searchParams.set("service", bearer.params["service"]);
      u.searchParams.append("scope", scope);
      let res: Response;
      if (this.auth?.identityToken) {
        const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: this.auth.identityToken, service: bearer.params["service"] ?? "", scope, client_id: "kubun" });
        res = await fetch(realm, { method: "POST", body, ...this.tlsOptions() } as RequestInit);
      } else {
        const h: Record<string, string> = {};
        const b = this.auth ? basic(this.auth) : undefined;
        if (b) h["authorization"] = b;
        res = await fetch(u.toString(), { headers: h, ...this.tlsOptions() } as RequestInit);
      }
      if (!res.ok) {
        const kind = this.auth ? "oauth" : "anonymous";
        throw new RegistryError(res.status, `failed to fetch ${kind} token: unexpected status from GET request to ${u.origin}${u.pathname}: ${res.status} ${res.statusText}`);
      }
      const tok = (await res.json()) as { token?: string; access_token?: string; expires_in?: number };
      const value = tok.token ?? tok.access_token;
      if (!value) throw new RegistryError(401, "token response without a token");
      const full = `Bearer ${value}`;
      this.tokens.set(scope, { header: full, expires: Date.now() + Math.max(10, (tok.expires_in ?? 60) - 5) * 1000 });
      return full;
    }
    if (challenges.some((c) => c.scheme === "basic") && this.auth) {
      const b = basic(this.auth);
      if (b) this.tokens.set(scope, { header: b, expires: Number.MAX_SAFE_INTEGER });
      return b;
    }
    return undefined;
  }
}

/** The registry's error body (`{"errors":[{"code","message"}]}`) as text. */
export async function registryErrorText(res: Response): Promise<{ code?: string; text: string }> {
  const body = await res.text().catch(() => "");
  try {
    const e = (JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }> }).errors?.[0];
    if (e) return { ...(e.code ? { code: e.code } : {}), text: `${e.code ?? ""}: ${e.message ?? ""}`.trim() };
  } catch {
    // not JSON
  }
  return { text: body.trim().slice(0, 200) || res.statusText };
}
