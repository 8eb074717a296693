/** Bearer tokens that are service-account JWTs (after static tokens in the chain). */
import type { Authenticator } from "../filters/authn.ts";
import type { UserInfo } from "../filters/user.ts";
import { looksLikeJwt } from "./jwt.ts";
import type { ServiceAccountTokens } from "./tokens.ts";

export class ServiceAccountTokenAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: ServiceAccountTokens,
    private readonly now: () => number = Date.now,
  ) {}

  authenticate(req: Request): UserInfo | undefined {
    const h = req.headers.get("authorization");
    if (!h || h.length < 8 || h.slice(0, 7).toLowerCase() !== "bearer ") return undefined;
    const token = h.slice(7).trim();
    return looksLikeJwt(token) ? this.tokens.authenticate(token, this.now()) : undefined;
  }
}
