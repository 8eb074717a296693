/**
 * Pod-to-endpoint rules shared by the Endpoints and EndpointSlice controllers
 * (upstream endpointutil and podutil.FindPort).
 */
import type { Pod, Service, ServicePort } from "../../api/types/index.ts";

/** Not terminal, has an IP, and (unless includeTerminating) not being deleted. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** The pod port a service port targets: a number as is, a name looked up in the pod's containers. */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? "TCP";
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always")];
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  }
  return undefined;
}

/** The pod's hostname goes into endpoints when its subdomain is the service's name. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

export type AddressFamily = "IPv4" | "IPv6";

export function ipFamily(ip: string): AddressFamily {
  return ip.includes(":") ? "IPv6" : "IPv4";
}

/** The pod's IPs (status.podIPs, else status.podIP). */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (ips.length > 0) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/** The pod's IP of a family, if any. */
export function podIPOf(pod: Pod, family: AddressFamily): string | undefined {
  return podIPs(pod).find((ip) => ipFamily(ip) === family);
}

/** The address families a service serves (spec.ipFamilies, default IPv4). */
export function serviceFamilies(svc: Service): AddressFamily[] {
  const fams = (svc.spec?.ipFamilies ?? []).filter((f): f is AddressFamily => f === "IPv4" || f === "IPv6");
  return fams.length > 0 ? fams : ["IPv4"];
}

/** The services (of the pod's namespace) whose selector selects the pod's labels. */
export function servicesSelecting(services: readonly Service[], labels: Readonly<Record<string, string>> | undefined): Service[] {
  return services.filter((svc) => {
    const sel = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) return false;
    for (const [k, v] of Object.entries(sel)) if (labels?.[k] !== v) return false;
    return true;
  });
}
