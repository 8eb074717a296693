/**
 * ResourceQuota usage (upstream quota evaluators): object counts (`pods`, `services`,
 * `count/<resource>[.<group>]`, ...), compute requests and limits of the pods that still
 * count (not terminal, not past their deletion grace), node ports and load balancers of
 * services, and requested storage of claims. Scopes Terminating/NotTerminating and
 * BestEffort/NotBestEffort narrow the pods counted.
 */
import { Quantity } from "../quantity/index.ts";
import type { PersistentVolumeClaim, Pod, ResourceQuota, Service } from "../types/index.ts";

export interface NamespaceObjects {
  pods: readonly Pod[];
  services: readonly Service[];
  claims: readonly PersistentVolumeClaim[];
  /** Object counts by "resource.group" ("configmaps", "deployments.apps"). */
  count(resource: string): number | undefined;
}

const LEGACY_COUNTS: Record<string, string> = {
  pods: "pods",
  services: "services",
  replicationcontrollers: "replicationcontrollers",
  resourcequotas: "resourcequotas",
  secrets: "secrets",
  configmaps: "configmaps",
  persistentvolumeclaims: "persistentvolumeclaims",
};

/** Whether a pod still uses quota (upstream QuotaV1Pod). */
export function podCounts(pod: Pod, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  const del = pod.metadata.deletionTimestamp;
  if (del && pod.metadata.deletionGracePeriodSeconds !== undefined && now > Date.parse(del) + pod.metadata.deletionGracePeriodSeconds * 1000) return false;
  return true;
}

type ResList = Record<string, string | number> | undefined;

function sumInto(acc: Map<string, Quantity>, list: ResList): void {
  for (const [k, v] of Object.entries(list ?? {})) acc.set(k, (acc.get(k) ?? Quantity.zero()).add(Quantity.parse(v)));
}

/** Requests or limits of a pod: max(sum of containers, largest init container) plus overhead. */
export function podResources(pod: Pod, which: "requests" | "limits"): Map<string, Quantity> {
  const sum = new Map<string, Quantity>();
  for (const c of pod.spec?.containers ?? []) sumInto(sum, c.resources?.[which] as ResList);
  for (const c of pod.spec?.initContainers ?? []) {
    const one = new Map<string, Quantity>();
    sumInto(one, c.resources?.[which] as ResList);
    for (const [k, v] of one) if (!sum.has(k) || v.cmp(sum.get(k)!) > 0) sum.set(k, v);
  }
  sumInto(sum, pod.spec?.overhead as ResList);
  return sum;
}

function isBestEffort(pod: Pod): boolean {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].every((c) => Object.keys(c.resources?.requests ?? {}).length === 0 && Object.keys(c.resources?.limits ?? {}).length === 0);
}

function matchesScopes(pod: Pod, scopes: readonly string[]): boolean {
  for (const s of scopes) {
    const terminating = pod.spec?.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds >= 0;
    if (s === "Terminating" && !terminating) return false;
    if (s === "NotTerminating" && terminating) return false;
    if (s === "BestEffort" && !isBestEffort(pod)) return false;
    if (s === "NotBestEffort" && isBestEffort(pod)) return false;
  }
  return true;
}

const fmt = (q: Quantity) => q.toString();

/** status.used for every resource named in spec.hard. */
export function quotaUsage(quota: ResourceQuota, objs: NamespaceObjects, now: number): Record<string, string> {
  const hard = quota.spec?.hard ?? {};
  const scopes = quota.spec?.scopes ?? [];
  // the pods and their sums are computed only for quotas that name pod resources
  let pods: Pod[] | undefined;
  const counted = () => (pods ??= objs.pods.filter((p) => podCounts(p, now) && matchesScopes(p, scopes)));
  let sums: { requests: Map<string, Quantity>; limits: Map<string, Quantity> } | undefined;
  const podSums = () => {
    if (sums) return sums;
    sums = { requests: new Map(), limits: new Map() };
    for (const p of counted()) {
      for (const [k, v] of podResources(p, "requests")) sums.requests.set(k, (sums.requests.get(k) ?? Quantity.zero()).add(v));
      for (const [k, v] of podResources(p, "limits")) sums.limits.set(k, (sums.limits.get(k) ?? Quantity.zero()).add(v));
    }
    return sums;
  };
  const used: Record<string, string> = {};
  for (const key of Object.keys(hard)) {
    let value: Quantity | undefined;
    if (key === "pods" || key === "count/pods") value = Quantity.of(counted().length);
    else if (key.startsWith("requests.") && !key.startsWith("requests.storage")) value = podSums().requests.get(key.slice("requests.".length)) ?? Quantity.zero();
    else if (key.startsWith("limits.")) value = podSums().limits.get(key.slice("limits.".length)) ?? Quantity.zero();
    else if (key === "cpu" || key === "memory" || key === "ephemeral-storage") value = podSums().requests.get(key) ?? Quantity.zero();
    else if (key === "services.nodeports") value = Quantity.of(objs.services.reduce((n, s) => n + (s.spec?.type === "NodePort" || s.spec?.type === "LoadBalancer" ? (s.spec.ports ?? []).length : 0), 0));
    else if (key === "services.loadbalancers") value = Quantity.of(objs.services.filter((s) => s.spec?.type === "LoadBalancer").length);
    else if (key === "requests.storage") {
      value = Quantity.zero();
      for (const c of objs.claims) {
        const r = (c.spec?.resources?.requests as ResList)?.["storage"];
        if (r !== undefined) value = value.add(Quantity.parse(r));
      }
    } else {
      const resource = key.startsWith("count/") ? key.slice("count/".length) : LEGACY_COUNTS[key];
      if (resource !== undefined) {
        const n = resource === "services" ? objs.services.length : resource === "persistentvolumeclaims" ? objs.claims.length : objs.count(resource);
        if (n !== undefined) value = Quantity.of(n);
      }
    }
    if (value !== undefined) used[key] = fmt(value);
  }
  return used;
}
