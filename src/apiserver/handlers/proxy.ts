/**
 * pods/proxy, services/proxy and nodes/proxy (`kubectl proxy`, `kubectl get --raw
 * /api/v1/nodes/N/proxy/metrics`): any method, relayed to the pod, to a ready endpoint of
 * the service, or to the node's kubelet, with the path after …/proxy and the query.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { errors } from "../http/status.ts";
import { forward, type ForwardTarget } from "../proxy/forward.ts";
import { nodeOrigin, podOrigin, serviceOrigin, splitSchemeNamePort } from "../proxy/location.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import { kubeletBaseUrl, type KubeletProxyOptions } from "../streams/kubelet-proxy.ts";

export interface ProxyDeps {
  registries: RegistrySet;
  /** How the apiserver reaches kubelets (nodes/proxy without a port). */
  kubelet?: KubeletProxyOptions;
}

const KIND_WORD: Record<string, string> = { pods: "pod", services: "service", nodes: "node" };

/** The server path up to and including "/proxy", and what follows it. */
export function splitProxyPath(pathname: string, plural: string): { prefix: string; path: string } {
  const segs = pathname.split("/");
  for (let i = 0; i + 2 < segs.length; i++) {
    if (segs[i] === plural && segs[i + 2] === "proxy") {
      const prefix = segs.slice(0, i + 3).join("/");
      return { prefix, path: pathname.slice(prefix.length) };
    }
  }
  throw errors.noRoute();
}

export async function proxySubresource(req: Request, url: URL, ri: ResourceInfo, namespace: string, rawName: string, deps: ProxyDeps): Promise<Response> {
  const word = KIND_WORD[ri.plural];
  if (ri.group !== "" || !word) throw errors.noRoute();
  const { prefix, path } = splitProxyPath(url.pathname, ri.plural);
  // upstream redirects an empty proxy path to one ending in "/", so relative links resolve under it
  if (path === "") return new Response(null, { status: 301, headers: { location: `${url.pathname}/${url.search}` } });
  const id = splitSchemeNamePort(rawName);
  if (!id) throw errors.badRequest(`invalid ${word} request ${JSON.stringify(rawName)}`);
  const reg = deps.registries.registry(ri);
  if (!reg) throw errors.noRoute();
  const obj = reg.getCached(namespace, id.name).obj;
  const target: ForwardTarget = { origin: "", path, search: url.search, prefix };
  if (ri.plural === "pods") target.origin = podOrigin(obj, id);
  else if (ri.plural === "services") target.origin = serviceOrigin(obj, deps.registries.get("", "endpoints", namespace, id.name), id);
  else {
    const kubelet = kubeletBaseUrl(obj);
    if (kubelet && (id.port === "" || id.port === new URL(kubelet).port) && id.scheme !== "http") {
      target.origin = kubelet;
      if (deps.kubelet?.token) target.token = deps.kubelet.token;
      const ca = deps.kubelet?.caPem?.();
      if (ca) target.caPem = ca;
    } else if (id.port === "") throw errors.serviceUnavailable(`no kubelet endpoint is known for node ${JSON.stringify(id.name)}`);
    else target.origin = nodeOrigin(obj, id);
  }
  return forward(req, target);
}
