/** Bun fetch TLS options from a RestConfig (CA bundle, client certificate, verification). */
import type { RestConfig } from "../config/rest-config.ts";

export interface ClientTLSOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
  serverName?: string;
}

export function tlsOptionsFor(config: RestConfig): ClientTLSOptions | undefined {
  if (!config.host.startsWith("https:")) return undefined;
  const tls: ClientTLSOptions = {};
  if (config.caData) tls.ca = config.caData;
  if (config.certData) tls.cert = config.certData;
  if (config.keyData) tls.key = config.keyData;
  if (config.insecureSkipTLSVerify) tls.rejectUnauthorized = false;
  if (config.tlsServerName) tls.serverName = config.tlsServerName;
  return tls;
}
