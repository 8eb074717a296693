/**
 * The v1 Endpoints a Service should have (upstream endpoints controller syncService and
 * RepackSubsets): each selected pod's address with each resolvable service port, ready
 * pods in addresses and the others in notReadyAddresses, grouped into subsets of
 * addresses that share the same ports, in a canonical order.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from "../../api/types/index.ts";
import { findPort, podIPOf, serviceFamilies, shouldPodBeInEndpoints, shouldSetHostname } from "../helper/endpoints.ts";
import { isPodReady } from "../helper/pods.ts";

export const HEADLESS_LABEL = "service.kubernetes.io/headless";

function address(pod: Pod, svc: Service, ip: string): EndpointAddress {
  const a: EndpointAddress = { ip, targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" } };
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  if (shouldSetHostname(pod, svc)) a.hostname = pod.spec!.hostname!;
  return a;
}

const portKey = (p: EndpointPort) => `${p.name ?? ""}/${p.port}/${p.protocol ?? "TCP"}/${p.appProtocol ?? ""}`;

export function desiredSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const family = serviceFamilies(svc)[0]!;
  const headless = svc.spec?.clusterIP === "None";
  // address key -> address, readiness and ports
  const entries = new Map<string, { addr: EndpointAddress; ready: boolean; ports: Map<string, EndpointPort> }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ip = podIPOf(pod, family);
    if (!ip) continue;
    const ready = tolerateUnready || isPodReady(pod);
    const addr = address(pod, svc, ip);
    const key = `${ip}/${pod.metadata.uid ?? ""}`;
    const entry = entries.get(key) ?? { addr, ready, ports: new Map<string, EndpointPort>() };
    entries.set(key, entry);
    const svcPorts = svc.spec?.ports ?? [];
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? "TCP" };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      entry.ports.set(portKey(ep), ep);
    }
    if (svcPorts.length > 0 && entry.ports.size === 0) entries.delete(key);
    if (svcPorts.length === 0 && !headless) entries.delete(key);
  }
  // group addresses by their port set
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const e of entries.values()) {
    const ports = [...e.ports.values()].sort((a, b) => (portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0));
    const key = ports.map(portKey).join(",");
    const g = groups.get(key) ?? { ports, ready: [], notReady: [] };
    groups.set(key, g);
    (e.ready ? g.ready : g.notReady).push(e.addr);
  }
  const byAddr = (a: EndpointAddress, b: EndpointAddress) => (a.ip !== b.ip ? (a.ip < b.ip ? -1 : 1) : (a.targetRef?.uid ?? "") < (b.targetRef?.uid ?? "") ? -1 : 1);
  const subsets: EndpointSubset[] = [];
  for (const [key, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const s: EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byAddr);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byAddr);
    if (key !== "") s.ports = g.ports;
    subsets.push(s);
  }
  return subsets;
}

/** Labels of the Endpoints object: the service's, plus the headless marker. */
export function endpointsLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (svc.spec?.clusterIP === "None") labels[HEADLESS_LABEL] = "";
  else delete labels[HEADLESS_LABEL];
  return labels;
}
