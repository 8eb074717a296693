/**
 * Where the apiserver reaches a webhook or an aggregated API server: a URL, or for a
 * service reference one ready endpoint of the service's port (the address the node
 * reaches pods at; there is no service proxy), verified as `<service>.<namespace>.svc`
 * against the configuration's CA bundle.
 */
import type { KubeObject } from "../../api/meta/index.ts";

/** Reads Services and Endpoints from the watch caches. */
export interface ServiceLookup {
  get(group: string, plural: string, namespace: string, name: string): KubeObject | undefined;
}

export interface ServiceClientConfig {
  url?: string;
  service?: { namespace: string; name: string; path?: string; port?: number };
  /** Base64 PEM bundle. */
  caBundle?: string;
}

export interface WebhookEndpoint {
  /** Where the request goes. */
  url: string;
  /** The URL users see in messages (the service's DNS name for service references). */
  display: string;
  /** The name the serving certificate must carry (service references only). */
  serverName?: string;
  /** PEM CA bundle, when the configuration has one. */
  ca?: string;
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}

interface EndpointSubset {
  addresses?: { ip: string }[];
  ports?: { name?: string; port: number }[];
}

export class EndpointError extends Error {}

function decodeCa(b64: string | undefined): string | undefined {
  if (!b64) return undefined;
  return Buffer.from(b64, "base64").toString("utf8");
}

export function resolveEndpoint(cc: ServiceClientConfig, lookup: ServiceLookup, timeoutSeconds: number): WebhookEndpoint {
  const ca = decodeCa(cc.caBundle);
  const timeoutParam = `timeout=${timeoutSeconds}s`;
  if (cc.url) {
    const sep = cc.url.includes("?") ? "&" : "?";
    return { url: cc.url, display: `${cc.url}${sep}${timeoutParam}`, ...(ca ? { ca } : {}) };
  }
  const svc = cc.service;
  if (!svc) throw new EndpointError("no url or service in clientConfig");
  const port = svc.port ?? 443;
  const path = svc.path ?? "/";
  const host = `${svc.name}.${svc.namespace}.svc`;
  const display = `https://${host}:${port}${path}?${timeoutParam}`;
  const service = lookup.get("", "services", svc.namespace, svc.name);
  if (!service) throw new EndpointError(`service "${svc.name}" not found`);
  const ports = ((service["spec"] as { ports?: ServicePort[] } | undefined)?.ports ?? []) as ServicePort[];
  const sp = ports.find((p) => p.port === port);
  if (!sp) throw new EndpointError(`no service port ${port} found for service "${svc.name}"`);
  const endpoints = lookup.get("", "endpoints", svc.namespace, svc.name) as (KubeObject & { subsets?: EndpointSubset[] }) | undefined;
  for (const subset of endpoints?.subsets ?? []) {
    const ep = (subset.ports ?? []).find((p) => (sp.name ? p.name === sp.name : true));
    const ip = subset.addresses?.[0]?.ip;
    if (!ep || !ip) continue;
    const hostPort = ip.includes(":") ? `[${ip}]:${ep.port}` : `${ip}:${ep.port}`;
    return { url: `https://${hostPort}${path}`, display, serverName: host, ...(ca ? { ca } : {}) };
  }
  throw new EndpointError(`no endpoints available for service "${svc.name}"`);
}
