import type { Obj } from "./util.ts";

/**
 * scheduling.k8s.io/v1 defaults (SetDefaults_PriorityClass): preemptionPolicy
 * PreemptLowerPriority when unset. value is not omitempty upstream, so a class sent
 * without one is stored and served with Go's zero value, 0.
 */
export function defaultPriorityClass(pc: Obj): void {
  if (pc["value"] === undefined || pc["value"] === null) pc["value"] = 0;
  if (pc["preemptionPolicy"] === undefined || pc["preemptionPolicy"] === null) pc["preemptionPolicy"] = "PreemptLowerPriority";
}
