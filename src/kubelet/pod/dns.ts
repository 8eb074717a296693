/**
 * A pod's /etc/hosts and /etc/resolv.conf as upstream's kubelet writes them:
 * the "Kubernetes-managed hosts file" with the pod's own name and hostAliases, and a
 * resolv.conf from dnsPolicy (ClusterFirst, ClusterFirstWithHostNet, Default, None)
 * merged with dnsConfig.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Pod } from "../api/types.ts";

export interface DnsSettings {
  /** Cluster DNS server addresses (kubelet --cluster-dns). */
  clusterDNS: string[];
  /** Cluster domain (kubelet --cluster-domain), default "cluster.local". */
  clusterDomain: string;
  /** The node's resolver configuration file. */
  hostResolvConf?: string;
}

export function podHostname(pod: Pod): string {
  return (pod.spec.hostname || pod.metadata.name || "").slice(0, 63);
}

export function etcHosts(pod: Pod, podIP: string | undefined, dns: DnsSettings): string {
  if (pod.spec.hostNetwork && existsSync("/etc/hosts")) {
    let host = readFileSync("/etc/hosts", "utf8");
    if (pod.spec.hostAliases?.length) host += aliases(pod);
    return host;
  }
  let s = "# Kubernetes-managed hosts file.\n";
  s += "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
  if (podIP) {
    const hostname = podHostname(pod);
    if (pod.spec.subdomain) s += `${podIP}\t${hostname}.${pod.spec.subdomain}.${pod.metadata.namespace}.svc.${dns.clusterDomain}\t${hostname}\n`;
    else s += `${podIP}\t${hostname}\n`;
  }
  if (pod.spec.hostAliases?.length) s += aliases(pod);
  return s;
}

function aliases(pod: Pod): string {
  let s = "\n# Entries added by HostAliases.\n";
  for (const a of pod.spec.hostAliases ?? []) s += `${a.ip}\t${(a.hostnames ?? []).join("\t")}\n`;
  return s;
}

interface Resolv {
  nameservers: string[];
  searches: string[];
  options: string[];
}

function parseResolv(text: string): Resolv {
  const r: Resolv = { nameservers: [], searches: [], options: [] };
  for (const line of text.split("\n")) {
    const f = line.replace(/[#;].*/, "").trim().split(/\s+/);
    if (f[0] === "nameserver" && f[1]) r.nameservers.push(f[1]);
    else if (f[0] === "search") r.searches = f.slice(1);
    else if (f[0] === "options") r.options.push(...f.slice(1));
  }
  return r;
}

export interface ResolvResult {
  text: string;
  /** Set when ClusterFirst had to fall back (upstream's MissingClusterDNS event). */
  warning?: string;
}

export function resolvConf(pod: Pod, dns: DnsSettings): ResolvResult {
  let policy = pod.spec.dnsPolicy ?? "ClusterFirst";
  let warning: string | undefined;
  if (policy === "ClusterFirst" && pod.spec.hostNetwork) policy = "Default";
  if ((policy === "ClusterFirst" || policy === "ClusterFirstWithHostNet") && dns.clusterDNS.length === 0) {
    warning = `pod: "${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "${policy}" policy. Falling back to "Default" policy.`;
    policy = "Default";
  }
  const host = parseResolv(existsSync(dns.hostResolvConf ?? "/etc/resolv.conf") ? readFileSync(dns.hostResolvConf ?? "/etc/resolv.conf", "utf8") : "");
  let r: Resolv;
  if (policy === "None") r = { nameservers: [], searches: [], options: [] };
  else if (policy === "Default") r = host;
  else {
    const ns = pod.metadata.namespace ?? "default";
    const d = dns.clusterDomain;
    r = { nameservers: [...dns.clusterDNS], searches: [`${ns}.svc.${d}`, `svc.${d}`, d, ...host.searches], options: ["ndots:5"] };
  }
  const cfg = pod.spec.dnsConfig;
  if (cfg) {
    r.nameservers = [...new Set([...r.nameservers, ...(cfg.nameservers ?? [])])];
    r.searches = [...new Set([...r.searches, ...(cfg.searches ?? [])])];
    const opts = new Map<string, string>();
    for (const o of r.options) {
      const [k, v] = o.split(":");
      opts.set(k!, o.includes(":") ? `${k}:${v}` : k!);
    }
    for (const o of cfg.options ?? []) opts.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
    r.options = [...opts.values()];
  }
  let text = "";
  if (r.searches.length) text += `search ${r.searches.slice(0, 32).join(" ")}\n`;
  for (const n of r.nameservers.slice(0, 3)) text += `nameserver ${n}\n`;
  if (r.options.length) text += `options ${r.options.join(" ")}\n`;
  return warning ? { text, warning } : { text };
}
