/**
 * DefaultTolerationSeconds (upstream plugin): pods tolerate the not-ready and unreachable
 * NoExecute taints for 300 s unless they say otherwise, so node failures evict them.
 */
import type { AdmissionAttributes, MutatingPlugin } from "../types.ts";

export const DEFAULT_TOLERATION_SECONDS = 300;
const TAINTS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

interface Toleration {
  key?: string;
  operator?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export const defaultTolerationSeconds: MutatingPlugin = {
  name: "DefaultTolerationSeconds",
  operations: ["CREATE"],
  admit(a: AdmissionAttributes): void {
    if (a.resource.group !== "" || a.resource.plural !== "pods" || a.subresource !== "" || !a.object) return;
    const spec = (a.object["spec"] ??= {}) as { tolerations?: Toleration[] };
    const tolerations = (spec.tolerations ??= []);
    for (const key of TAINTS) {
      const covered = tolerations.some((t) => (t.key === key || (t.key ?? "") === "") && (t.effect === "NoExecute" || (t.effect ?? "") === "") && (t.operator === "Exists" || t.key === key));
      if (!covered) tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  },
};
