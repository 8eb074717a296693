/**
 * Priority (upstream plugin, without PriorityClass objects): pods get priority 0 and the
 * PreemptLowerPriority policy, or the system classes' values for their names.
 */
import { errors } from "../../http/status.ts";
import type { AdmissionAttributes, MutatingPlugin } from "../types.ts";

const SYSTEM_CLASSES: Record<string, number> = {
  "system-cluster-critical": 2_000_000_000,
  "system-node-critical": 2_000_001_000,
};

export const priority: MutatingPlugin = {
  name: "Priority",
  operations: ["CREATE"],
  admit(a: AdmissionAttributes): void {
    if (a.resource.group !== "" || a.resource.plural !== "pods" || a.subresource !== "" || !a.object) return;
    const spec = (a.object["spec"] ??= {}) as { priorityClassName?: string; priority?: number; preemptionPolicy?: string };
    const cls = spec.priorityClassName ?? "";
    let value = 0;
    if (cls !== "") {
      const v = SYSTEM_CLASSES[cls];
      if (v === undefined) throw errors.forbidden({ group: "", resource: "pods" }, a.name, `no PriorityClass with name ${cls} was found`);
      value = v;
    }
    if (spec.priority !== undefined && spec.priority !== value) {
      throw errors.forbidden({ group: "", resource: "pods" }, a.name, "the integer value of priority must not be provided in pod spec; priority admission controller computed " + value + " from the given PriorityClass name");
    }
    spec.priority = value;
    spec.preemptionPolicy ??= "PreemptLowerPriority";
  },
};
