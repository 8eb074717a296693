/**
 * Request authentication headers from a RestConfig: a bearer token (re-read from
 * bearerTokenFile at most once a minute, as client-go's cachingTokenSource, so
 * rotated service-account tokens are picked up) or basic auth. Client certificates
 * are handled by the TLS options instead.
 */
import { readFileSync } from "node:fs";
import type { RestConfig } from "../config/rest-config.ts";

const TOKEN_FILE_REFRESH_MS = 60_000;

export type AuthHeader = () => string | undefined;

export function authHeaderFor(config: RestConfig, now: () => number = Date.now): AuthHeader {
  if (config.bearerTokenFile) {
    const file = config.bearerTokenFile;
    let token = config.bearerToken;
    let readAt = token ? now() : -Infinity;
    return () => {
      if (now() - readAt >= TOKEN_FILE_REFRESH_MS) {
        try {
          token = readFileSync(file, "utf8").trim();
        } catch {
          // keep the last good token; the server will say 401 if it has expired
        }
        readAt = now();
      }
      return token ? `Bearer ${token}` : undefined;
    };
  }
  if (config.bearerToken) {
    const header = `Bearer ${config.bearerToken}`;
    return () => header;
  }
  if (config.username !== undefined || config.password !== undefined) {
    const header = `Basic ${Buffer.from(`${config.username ?? ""}:${config.password ?? ""}`).toString("base64")}`;
    return () => header;
  }
  return () => undefined;
}
