/**
 * Authentication: the verified client certificate (CN user, O groups) or a bearer token
 * from --token / the token file. Requests with neither are anonymous; only the health and
 * version endpoints accept them (401 otherwise, as upstream with anonymous auth limited).
 */
import { readFileSync } from "node:fs";
import type { CertIdentity } from "../transport/peer-identity.ts";
import { AUTHENTICATED_GROUP, type UserInfo } from "./user.ts";

export interface Authenticator {
  /** The user, or undefined when this request carries no credentials this authenticator knows. */
  authenticate(req: Request, cert: CertIdentity | undefined): UserInfo | undefined;
}

function withAuthenticated(u: UserInfo): UserInfo {
  return u.groups.includes(AUTHENTICATED_GROUP) ? u : { ...u, groups: [...u.groups, AUTHENTICATED_GROUP] };
}

/** Users of certificate identities, built once per identity (identities are per connection listener). */
const certUsers = new WeakMap<CertIdentity, UserInfo>();

export const certAuthenticator: Authenticator = {
  authenticate(_req, cert) {
    if (!cert) return undefined;
    let u = certUsers.get(cert);
    if (!u) certUsers.set(cert, (u = withAuthenticated({ name: cert.user, groups: cert.groups })));
    return u;
  },
};

/**
 * Static bearer tokens. A token file holds lines `token,user,uid,"group1,group2"` as
 * upstream's --token-auth-file; the --token value authenticates as the admin.
 */
/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerToken(req: Request): string | undefined {
  const h = req.headers.get("authorization");
  if (!h || h.length < 8 || h.slice(0, 7).toLowerCase() !== "bearer ") return undefined;
  return h.slice(7).trim();
}

export class TokenAuthenticator implements Authenticator {
  private readonly tokens = new Map<string, UserInfo>();

  add(token: string, user: UserInfo): void {
    if (token) this.tokens.set(token, withAuthenticated(user));
  }

  get size(): number {
    return this.tokens.size;
  }

  loadFile(path: string): void {
    for (const raw of readFileSync(path, "utf8").split("\n")) {
      const line = raw.trim();
      if (!line || line.startsWith("#")) continue;
      const fields = parseCsvLine(line);
      const [token, name, uid, groups] = fields;
      if (!token || !name) continue;
      const u: UserInfo = { name, groups: groups ? groups.split(",").map((g) => g.trim()).filter(Boolean) : [] };
      if (uid) u.uid = uid;
      this.add(token, u);
    }
  }

  authenticate(req: Request): UserInfo | undefined {
    if (this.tokens.size === 0) return undefined;
    const token = bearerToken(req);
    return token === undefined ? undefined : this.tokens.get(token);
  }

  /** The tokens whose users are in `group`. */
  tokensOf(group: string): string[] {
    return [...this.tokens].filter(([, u]) => u.groups.includes(group)).map(([t]) => t);
  }

  /** The user of a raw token (TokenReview), or undefined. */
  authenticateToken(token: string): UserInfo | undefined {
    return this.tokens.get(token);
  }
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export class AuthenticatorChain implements Authenticator {
  constructor(private readonly chain: readonly Authenticator[]) {}

  authenticate(req: Request, cert: CertIdentity | undefined): UserInfo | undefined {
    for (const a of this.chain) {
      const u = a.authenticate(req, cert);
      if (u) return u;
    }
    return undefined;
  }
}

/** Paths anonymous requests may read (upstream's system:public-info-viewer). */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/livez" ||
    pathname === "/readyz" ||
    pathname === "/healthz" ||
    pathname === "/version" ||
    pathname.startsWith("/livez/") ||
    pathname.startsWith("/readyz/") ||
    pathname.startsWith("/healthz/")
  );
}
