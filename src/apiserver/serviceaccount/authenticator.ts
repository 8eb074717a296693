/** Bearer tokens that are service-account JWTs (after static tokens in the chain). */
import { bearerToken, type Authenticator } from "../filters/authn.ts";
import type { UserInfo } from "../filters/user.ts";
import { looksLikeJwt } from "./jwt.ts";
import type { ServiceAccountTokens } from "./tokens.ts";

export class ServiceAccountTokenAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: ServiceAccountTokens,
    private readonly now: () => number = Date.now,
  ) {}

  authenticate(req: Request): UserInfo | undefined {
    const token = bearerToken(req);
    return token !== undefined && looksLikeJwt(token) ? this.tokens.authenticate(token, this.now()) : undefined;
  }
}
