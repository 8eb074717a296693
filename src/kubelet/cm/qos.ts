/** Pod QoS class as upstream's GetPodQOS (pkg/apis/core/v1/helper/qos). */
import type { Pod } from "../api/types.ts";
import { effectiveRequests, quantityMilli } from "./resources.ts";

export type QOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"] as const;

export function podQOSClass(pod: Pod): QOSClass {
  if (pod.status?.qosClass === "Guaranteed" || pod.status?.qosClass === "Burstable" || pod.status?.qosClass === "BestEffort")
    return pod.status.qosClass;
  return computePodQOS(pod);
}

export function computePodQOS(pod: Pod): QOSClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    const req = effectiveRequests(c);
    for (const r of QOS_RESOURCES) {
      const q = req[r];
      if (q !== undefined) {
        const v = quantityMilli(q);
        if (v > 0) requests.set(r, (requests.get(r) ?? 0) + v);
      }
    }
    const found = new Set<string>();
    for (const r of QOS_RESOURCES) {
      const q = c.resources?.limits?.[r];
      if (q !== undefined) {
        const v = quantityMilli(q);
        if (v > 0) {
          found.add(r);
          limits.set(r, (limits.get(r) ?? 0) + v);
        }
      }
    }
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) for (const [r, v] of requests) if (limits.get(r) !== v) guaranteed = false;
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
