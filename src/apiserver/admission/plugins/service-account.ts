/**
 * ServiceAccount (upstream plugin, defaulting part): a pod without a service account runs
 * as "default". Token volumes are mounted once service-account tokens exist.
 */
import type { AdmissionAttributes, MutatingPlugin } from "../types.ts";

export const serviceAccount: MutatingPlugin = {
  name: "ServiceAccount",
  operations: ["CREATE"],
  admit(a: AdmissionAttributes): void {
    if (a.resource.group !== "" || a.resource.plural !== "pods" || a.subresource !== "" || !a.object) return;
    const spec = (a.object["spec"] ??= {}) as { serviceAccountName?: string; serviceAccount?: string };
    if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || "default";
    spec.serviceAccount = spec.serviceAccountName;
  },
};
