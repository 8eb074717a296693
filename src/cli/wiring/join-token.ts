/**
 * Join tokens in k3s's format: `K10<sha256 of the cluster CA certificate (DER), hex>::server:<secret>`.
 * The secret is the bearer token the apiserver accepts (`--token`); the hash lets an
 * agent verify the server's CA, read from the TLS handshake, before it sends the secret.
 * A bare secret also joins, without that verification.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isIP } from "node:net";
import { connect } from "node:tls";

export interface JoinToken {
  secret: string;
  /** Hex sha256 of the CA certificate's DER bytes, when the token carries it. */
  caHash?: string;
}

export function parseJoinToken(token: string): JoinToken {
  const m = /^K10([0-9a-f]{64})::(?:[^:]+:)?(.+)$/.exec(token.trim());
  return m ? { caHash: m[1]!, secret: m[2]! } : { secret: token.trim() };
}

/** sha256 (hex) of the first certificate in a PEM text, over its DER bytes. */
export function caHash(caPem: string): string {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(caPem);
  if (!m) throw new Error("no certificate in the CA PEM");
  return createHash("sha256").update(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")).digest("hex");
}

export function formatJoinToken(caPem: string, secret: string): string {
  return `K10${caHash(caPem)}::server:${secret}`;
}

/** The server's secret: the --token flag, else the one kept in <dataDir>/server/token, else a new one kept there. */
export function serverSecret(dataDir: string, flag: string | undefined): string {
  if (flag) return parseJoinToken(flag).secret;
  const file = join(dataDir, "server", "token");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(24).toString("hex");
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

function pemOf(raw: Buffer): string {
  const b64 = raw.toString("base64").replace(/(.{64})/g, "$1\n").trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** Reads the self-signed root of the chain a TLS server presents (no trust decision is made here). */
export function fetchServerCa(url: string, timeoutMs = 10_000): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const host = u.hostname.replace(/^\[|\]$/g, "");
    const sock = connect({ host, port: Number(u.port || 443), ...(isIP(host) ? {} : { servername: host }), rejectUnauthorized: false }, () => {
      let cert = sock.getPeerCertificate(true);
      for (let i = 0; i < 8 && cert.issuerCertificate && cert.issuerCertificate !== cert && cert.issuerCertificate.raw; i++) cert = cert.issuerCertificate;
      sock.end();
      if (!cert.raw || cert.subject?.CN !== cert.issuer?.CN) reject(new Error(`server ${u.host} did not present its CA certificate`));
      else resolve(pemOf(cert.raw));
    });
    sock.setTimeout(timeoutMs, () => sock.destroy(new Error(`timed out reaching ${u.host}`)));
    sock.on("error", reject);
  });
}
