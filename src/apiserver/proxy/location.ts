/**
 * Where pods/proxy, services/proxy and nodes/proxy send a request, as upstream's
 * ResourceLocation functions decide it: the object id is "name", "name:port" or
 * "scheme:name:port"; a pod is reached at its IP (the given port, else its first container
 * port), a service at a random ready endpoint of the named or numbered port, a node at its
 * kubelet (no port, or the kubelet's) or at another port of its address.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { errors } from "../http/status.ts";

export interface SchemeNamePort {
  scheme: string;
  name: string;
  port: string;
}

/** Upstream's SplitSchemeNamePort: undefined when the id is not valid. */
export function splitSchemeNamePort(id: string): SchemeNamePort | undefined {
  const parts = id.split(":");
  let out: SchemeNamePort;
  if (parts.length === 1) out = { scheme: "", name: parts[0]!, port: "" };
  else if (parts.length === 2) out = { scheme: "", name: parts[0]!, port: parts[1]! };
  else if (parts.length === 3) out = { scheme: parts[0]!, name: parts[1]!, port: parts[2]! };
  else return undefined;
  if (out.name === "") return undefined;
  if (out.scheme !== "" && out.scheme !== "http" && out.scheme !== "https") return undefined;
  return out;
}

function hostPort(ip: string, port: string): string {
  const host = ip.includes(":") ? `[${ip}]` : ip;
  return port === "" ? host : `${host}:${port}`;
}

/** Go's net.IP.IsGlobalUnicast for the text form: not unspecified, loopback, link-local or multicast. */
export function isGlobalUnicast(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const o = v4.slice(1).map(Number);
    if (o.some((n) => n > 255)) return false;
    if (o.every((n) => n === 0) || o.every((n) => n === 255)) return false;
    return o[0] !== 127 && !(o[0] === 169 && o[1] === 254) && !(o[0]! >= 224 && o[0]! <= 239);
  }
  if (!ip.includes(":") || !/^[0-9a-fA-F:.]+$/.test(ip)) return false;
  const lower = ip.toLowerCase();
  if (lower === "::" || lower === "::1") return false;
  return !/^fe[89ab]/.test(lower) && !lower.startsWith("ff");
}

interface PodView {
  spec?: { containers?: { ports?: { containerPort?: number }[] }[] };
  status?: { podIP?: string; podIPs?: { ip?: string }[] };
}

/** The origin a pod's proxy reaches (scheme://ip[:port]). */
export function podOrigin(pod: KubeObject, id: SchemeNamePort): string {
  const view = pod as unknown as PodView;
  let port = id.port;
  if (port === "") {
    for (const c of view.spec?.containers ?? []) {
      const p = c.ports?.[0]?.containerPort;
      if (p !== undefined) {
        port = String(p);
        break;
      }
    }
  }
  const ip = view.status?.podIPs?.[0]?.ip ?? view.status?.podIP ?? "";
  if (!isGlobalUnicast(ip)) throw errors.badRequest("address not allowed");
  return `${id.scheme || "http"}://${hostPort(ip, port)}`;
}

interface ServiceView {
  spec?: { type?: string; ports?: { name?: string; port?: number }[] };
}
interface EndpointsView {
  subsets?: { addresses?: { ip?: string }[]; ports?: { name?: string; port?: number }[] }[];
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

/** The origin a service's proxy reaches: a random ready address serving the chosen port. */
export function serviceOrigin(svc: KubeObject, endpoints: KubeObject | undefined, id: SchemeNamePort): string {
  const spec = (svc as unknown as ServiceView).spec ?? {};
  if (spec.type === "ExternalName") throw errors.badRequest(`externalName services cannot be proxied`);
  const svcPort = (spec.ports ?? []).find((p) => (p.name ?? "") === id.port || String(p.port) === id.port);
  if (!svcPort) throw errors.serviceUnavailable(`no service port ${JSON.stringify(id.port)} found for service ${JSON.stringify(id.name)}`);
  const subsets = (endpoints as unknown as EndpointsView | undefined)?.subsets ?? [];
  const start = subsets.length > 0 ? Math.floor(Math.random() * subsets.length) : 0;
  for (let i = 0; i < subsets.length; i++) {
    const ss = subsets[(start + i) % subsets.length]!;
    const addresses = (ss.addresses ?? []).filter((a) => a.ip);
    if (addresses.length === 0) continue;
    const p = (ss.ports ?? []).find((x) => (x.name ?? "") === (svcPort.name ?? ""));
    if (p?.port === undefined) continue;
    return `${id.scheme || "http"}://${hostPort(pick(addresses).ip!, String(p.port))}`;
  }
  throw errors.serviceUnavailable(`no endpoints available for service ${JSON.stringify(id.name)}`);
}

interface NodeView {
  status?: { addresses?: { type?: string; address?: string }[] };
}

/** A node's address for ports other than the kubelet's: its InternalIP, else Hostname. */
export function nodeAddress(node: KubeObject): string | undefined {
  const addrs = (node as unknown as NodeView).status?.addresses ?? [];
  return addrs.find((a) => a.type === "InternalIP")?.address ?? addrs.find((a) => a.type === "Hostname")?.address;
}

export function nodeOrigin(node: KubeObject, id: SchemeNamePort): string {
  const address = nodeAddress(node);
  if (!address) throw errors.serviceUnavailable(`no address is known for node ${JSON.stringify(id.name)}`);
  return `${id.scheme || "http"}://${hostPort(address, id.port)}`;
}
