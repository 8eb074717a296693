/**
 * Requests to aggregated API servers (upstream's kube-aggregator proxy): to one ready
 * endpoint of the APIService's Service, TLS verified as `<svc>.<ns>.svc` against its
 * caBundle (or not at all with insecureSkipTLSVerify), presenting the front-proxy client
 * certificate, with the caller's identity in X-Remote-User/-Group/-Uid/-Extra-* headers
 * (request-header authentication) and never the caller's own credentials.
 */
import type { AggregatedApi, ResourceInfo } from "../../api/resources.ts";
import type { KeyPairPem } from "../pki/index.ts";
import type { UserInfo } from "../filters/user.ts";
import { errors } from "../http/status.ts";
import { abortSignalOf } from "../http/request-signal.ts";
import { HOP_BY_HOP } from "../proxy/forward.ts";
import { EndpointError, resolveEndpoint, type ServiceLookup } from "../proxy/service-endpoint.ts";

/** How long a discovery check may take (upstream's availability check allows 5 s). */
const DISCOVERY_TIMEOUT_MS = 5_000;

export interface BackendClient {
  lookup: ServiceLookup;
  /** The front-proxy client certificate. */
  authProxy: KeyPairPem;
}

function origin(api: AggregatedApi, client: BackendClient): { url: string; tls: Record<string, unknown> } {
  const ep = resolveEndpoint({ service: { namespace: api.service.namespace, name: api.service.name, port: api.service.port, path: "/" } }, client.lookup, 0);
  const tls: Record<string, unknown> = { cert: client.authProxy.certPem, key: client.authProxy.keyPem };
  if (api.insecureSkipTLSVerify) tls["rejectUnauthorized"] = false;
  else {
    if (api.caPem) tls["ca"] = api.caPem;
    if (ep.serverName) tls["serverName"] = ep.serverName;
  }
  return { url: ep.url.replace(/\/$/, ""), tls };
}

function identityHeaders(user: UserInfo, into: Headers): void {
  into.set("x-remote-user", user.name);
  for (const g of user.groups) into.append("x-remote-group", g);
  if (user.uid) into.set("x-remote-uid", user.uid);
  for (const [k, vs] of Object.entries(user.extra ?? {})) for (const v of vs) into.append(`x-remote-extra-${encodeURIComponent(k)}`, v);
}

/** The backend's /apis/<group>/<version> document (its APIResourceList); throws with why it failed. */
export async function fetchDiscovery(api: AggregatedApi, group: string, version: string, client: BackendClient): Promise<{ resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[]; singularName?: string; shortNames?: string[]; categories?: string[] }[] }> {
  const { url, tls } = origin(api, client);
  const target = `${url}/apis/${group}/${version}`;
  const headers = new Headers({ accept: "application/json" });
  identityHeaders({ name: "system:kube-aggregator", groups: ["system:masters"] }, headers);
  let res: Response;
  try {
    res = await fetch(target, { headers, tls, signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) } as RequestInit);
  } catch (e) {
    throw new Error(`failing or missing response from ${target}: ${(e as Error).message}`);
  }
  if (res.status !== 200) throw new Error(`failing or missing response from ${target}: bad status from ${target}: ${res.status}`);
  try {
    return (await res.json()) as Awaited<ReturnType<typeof fetchDiscovery>>;
  } catch (e) {
    throw new Error(`failing or missing response from ${target}: ${(e as Error).message}`);
  }
}

/** The resources an APIResourceList names (subresources are left to the backend). */
export function resourcesOf(api: AggregatedApi, group: string, version: string, doc: Awaited<ReturnType<typeof fetchDiscovery>>): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const r of doc.resources ?? []) {
    if (!r.name || r.name.includes("/")) continue;
    const ri: ResourceInfo = {
      group,
      version,
      kind: r.kind,
      listKind: `${r.kind}List`,
      plural: r.name,
      singular: r.singularName ?? "",
      namespaced: r.namespaced,
      verbs: (r.verbs ?? []) as ResourceInfo["verbs"],
      aggregated: { ...api, discovery: doc },
    };
    if (r.shortNames?.length) ri.shortNames = r.shortNames;
    if (r.categories?.length) ri.categories = r.categories;
    out.push(ri);
  }
  return out;
}

/** Relays one request to the backend, the answer streamed back as it comes. */
export async function proxyToBackend(req: Request, url: URL, user: UserInfo, api: AggregatedApi, client: BackendClient): Promise<Response> {
  let target: { url: string; tls: Record<string, unknown> };
  try {
    target = origin(api, client);
  } catch (e) {
    if (e instanceof EndpointError) throw errors.serviceUnavailable(e.message);
    throw e;
  }
  const headers = new Headers();
  req.headers.forEach((value, key) => {
    const k = key.toLowerCase();
    if (HOP_BY_HOP.has(k) || k === "content-length" || k === "authorization" || k.startsWith("impersonate-") || k.startsWith("x-remote-")) return;
    headers.append(key, value);
  });
  identityHeaders(user, headers);
  const method = req.method.toUpperCase();
  const body = method === "GET" || method === "HEAD" ? undefined : await req.arrayBuffer();
  let res: Response;
  try {
    res = await fetch(target.url + url.pathname + url.search, {
      method,
      headers,
      ...(body !== undefined && body.byteLength > 0 ? { body } : {}),
      redirect: "manual",
      decompress: false,
      signal: abortSignalOf(req),
      tls: target.tls,
    } as RequestInit);
  } catch (e) {
    throw errors.serviceUnavailable(`error trying to reach service: ${(e as Error).message}`);
  }
  const out = new Headers();
  res.headers.forEach((value, key) => {
    const k = key.toLowerCase();
    if (!HOP_BY_HOP.has(k) && k !== "content-length") out.append(key, value);
  });
  return new Response(method === "HEAD" ? null : res.body, { status: res.status, statusText: res.statusText, headers: out });
}
