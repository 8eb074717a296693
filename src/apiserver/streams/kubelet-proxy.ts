/**
 * Proxies pod stream subresources to the kubelet of the pod's node, as kube-apiserver does:
 * the node's InternalIP (else Hostname) and `status.daemonEndpoints.kubeletEndpoint.Port`,
 * over HTTPS verified against the cluster CA, with the kubelet's bearer token.
 *
 * `pods/log` is a streamed GET relayed chunk by chunk. exec, attach and portforward are
 * WebSocket upgrades relayed to the kubelet's /exec, /attach and /portForward
 * (upgrade-proxy.ts).
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { errors } from "../http/status.ts";
import type { StreamProxy } from "../handlers/resource.ts";
import { proxyUpgrade } from "./upgrade-proxy.ts";

export interface KubeletProxyOptions {
  /** The current Node object, from the apiserver's cache. */
  getNode(name: string): KubeObject | undefined;
  /**
   * The CA that signs kubelet serving certificates (upstream --kubelet-certificate-authority).
   * Without it kubelet certificates are not verified, as upstream's default; the kubelet
   * still requires the bearer token.
   */
  caPem?(): string | undefined;
  token?: string;
}

interface NodeStatusView {
  addresses?: { type?: string; address?: string }[];
  daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
}

/** The kubelet's base URL for a node, or undefined when the node does not say where it listens. */
export function kubeletBaseUrl(node: KubeObject): string | undefined {
  const st = (node["status"] ?? {}) as NodeStatusView;
  const port = st.daemonEndpoints?.kubeletEndpoint?.Port;
  const addrs = st.addresses ?? [];
  const host = addrs.find((a) => a.type === "InternalIP")?.address ?? addrs.find((a) => a.type === "Hostname")?.address;
  if (!port || !host) return undefined;
  return `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

const LOG_PARAMS = ["follow", "tailLines", "sinceSeconds", "sinceTime", "timestamps", "previous", "limitBytes"];

function containerFor(pod: KubeObject, requested: string | null): string {
  type Named = { name: string }[];
  const spec = (pod["spec"] ?? {}) as { containers?: Named; initContainers?: Named; ephemeralContainers?: Named };
  const names = (spec.containers ?? []).map((c) => c.name);
  const all = [...names, ...[...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name)];
  const podName = pod.metadata.name ?? "";
  if (requested) {
    if (!all.includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${podName}`);
    return requested;
  }
  if (names.length === 1) return names[0]!;
  throw errors.badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(" ")}]`);
}

export function kubeletStreamProxy(o: KubeletProxyOptions): StreamProxy {
  return async (req, pod, subresource, url) => {
    const nodeName = (pod["spec"] as { nodeName?: string } | undefined)?.nodeName ?? "";
    const node = o.getNode(nodeName);
    const base = node ? kubeletBaseUrl(node) : undefined;
    if (!base) throw errors.serviceUnavailable(`no kubelet endpoint is known for node "${nodeName}"`);
    const ns = pod.metadata.namespace ?? "";
    const podPath = `${encodeURIComponent(ns)}/${encodeURIComponent(pod.metadata.name ?? "")}`;
    if (subresource === "exec" || subresource === "attach" || subresource === "portforward") {
      let target: string;
      if (subresource === "portforward") target = `${base}/portForward/${podPath}${url.search}`;
      else {
        const container = containerFor(pod, url.searchParams.get("container"));
        const q = new URLSearchParams(url.searchParams);
        q.delete("container");
        target = `${base}/${subresource}/${podPath}/${encodeURIComponent(container)}${q.size ? `?${q}` : ""}`;
      }
      const caPem = o.caPem?.();
      return proxyUpgrade(req, { subresource, url: target, nodeName, ...(o.token ? { token: o.token } : {}), ...(caPem ? { caPem } : {}) });
    }
    if (subresource !== "log") throw errors.serviceUnavailable(`pods/${subresource} is not proxied to the kubelet by this server yet`);
    const container = containerFor(pod, url.searchParams.get("container"));
    const q = new URLSearchParams();
    for (const p of LOG_PARAMS) {
      const v = url.searchParams.get(p);
      if (v !== null) q.set(p, v);
    }
    const target = `${base}/containerLogs/${podPath}/${encodeURIComponent(container)}${q.size ? `?${q}` : ""}`;
    let res: Response;
    try {
      res = await fetch(target, {
        headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
        tls: o.caPem?.() ? { ca: o.caPem()! } : { rejectUnauthorized: false },
        decompress: false,
      });
    } catch (e) {
      throw errors.serviceUnavailable(`unable to reach the kubelet of node "${nodeName}": ${(e as Error).message}`);
    }
    if (!res.ok) {
      const text = (await res.text()).trim();
      throw errors.badRequest(text || `kubelet answered ${res.status} for pods/log`);
    }
    return new Response(res.body, { status: 200, headers: { "content-type": "text/plain", "cache-control": "no-cache" } });
  };
}
