/**
 * The EndpointSlices a Service should have (upstream endpointslice reconciler, without
 * its churn heuristics): per address family, the selected pods' endpoints grouped by
 * their resolved port set, at most maxEndpointsPerSlice per slice, in pod-name order;
 * a placeholder slice without endpoints when there are none.
 */
import type { DiscoveryV1EndpointPort, Endpoint, EndpointSlice, Pod, Service } from "../../api/types/index.ts";
import { type AddressFamily, findPort, podIPOf, serviceFamilies, shouldPodBeInEndpoints, shouldSetHostname } from "../helper/endpoints.ts";
import { jsonEqual } from "../helper/hash.ts";
import { isPodReady } from "../helper/pods.ts";

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const CONTROLLER_NAME = "endpointslice-controller.k8s.io";
export const HEADLESS_LABEL = "service.kubernetes.io/headless";
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface DesiredSlice {
  addressType: AddressFamily;
  ports: DiscoveryV1EndpointPort[];
  endpoints: Endpoint[];
}

const portsKey = (ports: readonly DiscoveryV1EndpointPort[]) => ports.map((p) => `${p.name ?? ""}/${p.port}/${p.protocol ?? "TCP"}/${p.appProtocol ?? ""}`).join(",");

export function sliceKey(s: { addressType: string; ports?: readonly DiscoveryV1EndpointPort[] }): string {
  return `${s.addressType}|${portsKey(s.ports ?? [])}`;
}

export function podToEndpoint(pod: Pod, svc: Service, ip: string, zoneOf?: (node: string) => string | undefined): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: [ip],
    conditions: { ready, serving, terminating },
    targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" },
  };
  if (pod.spec?.nodeName) {
    ep.nodeName = pod.spec.nodeName;
    const zone = zoneOf?.(pod.spec.nodeName);
    if (zone) ep.zone = zone;
  }
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname!;
  return ep;
}

export function desiredSlices(svc: Service, pods: readonly Pod[], zoneOf?: (node: string) => string | undefined, maxPerSlice = MAX_ENDPOINTS_PER_SLICE): DesiredSlice[] {
  const out: DesiredSlice[] = [];
  const sorted = [...pods].sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
  for (const family of serviceFamilies(svc)) {
    const groups = new Map<string, DesiredSlice>();
    for (const pod of sorted) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ip = podIPOf(pod, family);
      if (!ip) continue;
      const ports: DiscoveryV1EndpointPort[] = [];
      for (const sp of svc.spec?.ports ?? []) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        const p: DiscoveryV1EndpointPort = { name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" };
        if (sp.appProtocol) p.appProtocol = sp.appProtocol;
        ports.push(p);
      }
      const key = sliceKey({ addressType: family, ports });
      const g = groups.get(key) ?? { addressType: family, ports, endpoints: [] };
      groups.set(key, g);
      g.endpoints.push(podToEndpoint(pod, svc, ip, zoneOf));
    }
    for (const g of groups.values()) {
      for (let i = 0; i < g.endpoints.length; i += maxPerSlice) out.push({ addressType: family, ports: g.ports, endpoints: g.endpoints.slice(i, i + maxPerSlice) });
    }
  }
  if (out.length === 0) out.push({ addressType: serviceFamilies(svc)[0]!, ports: [], endpoints: [] });
  return out;
}

/** Labels every managed slice of svc carries. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  labels[SERVICE_NAME_LABEL] = svc.metadata.name ?? "";
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  if (svc.spec?.clusterIP === "None") labels[HEADLESS_LABEL] = "";
  else delete labels[HEADLESS_LABEL];
  return labels;
}

export interface SlicePlan {
  create: DesiredSlice[];
  update: { existing: EndpointSlice; desired: DesiredSlice }[];
  delete: EndpointSlice[];
}

function sameContent(s: EndpointSlice, d: DesiredSlice, labels: Record<string, string>): boolean {
  return s.addressType === d.addressType && jsonEqual(s.ports ?? [], d.ports) && jsonEqual(s.endpoints ?? [], d.endpoints) && jsonEqual(s.metadata.labels ?? {}, labels);
}

/** Pairs existing managed slices with desired ones of the same address type and ports. */
export function planSlices(existing: readonly EndpointSlice[], desired: readonly DesiredSlice[], labels: Record<string, string>): SlicePlan {
  const pool = new Map<string, EndpointSlice[]>();
  for (const s of [...existing].sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1))) {
    const k = sliceKey({ addressType: s.addressType, ports: s.ports ?? [] });
    pool.set(k, [...(pool.get(k) ?? []), s]);
  }
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const leftovers: DesiredSlice[] = [];
  for (const d of desired) {
    const candidates = pool.get(sliceKey(d));
    const same = candidates?.findIndex((s) => sameContent(s, d, labels)) ?? -1;
    if (candidates && same >= 0) {
      candidates.splice(same, 1);
      continue;
    }
    leftovers.push(d);
  }
  for (const d of leftovers) {
    const candidates = pool.get(sliceKey(d));
    const reuse = candidates?.shift();
    if (reuse) plan.update.push({ existing: reuse, desired: d });
    else plan.create.push(d);
  }
  for (const rest of pool.values()) plan.delete.push(...rest);
  return plan;
}
