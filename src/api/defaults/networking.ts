import { child, isObj, list, type Obj } from "./util.ts";

/**
 * networking.k8s.io/v1 defaults (SetDefaults_IngressClass). Ingress has none upstream;
 * an IngressClass's parameters reference is cluster-scoped unless it says otherwise.
 */
export function defaultIngressClass(ic: Obj): void {
  const spec = ic["spec"];
  if (!isObj(spec) || !isObj(spec["parameters"])) return;
  const params = spec["parameters"];
  if (params["scope"] === undefined || params["scope"] === null) params["scope"] = "Cluster";
}

/**
 * SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort: ports speak TCP unless they
 * say otherwise, and a policy without policyTypes governs Ingress, plus Egress when it has
 * egress rules. The spec and its podSelector are structs Go always serializes (podSelector
 * has no omitempty), so every served policy carries them, empty when unset.
 */
export function defaultNetworkPolicy(np: Obj): void {
  if (np["spec"] !== undefined && np["spec"] !== null && !isObj(np["spec"])) return;
  const spec = child(np, "spec");
  if (spec["podSelector"] === undefined || spec["podSelector"] === null) spec["podSelector"] = {};
  for (const key of ["ingress", "egress"]) {
    // A nil protocol only: an empty string stays, for validation to refuse.
    for (const rule of list(spec, key)) for (const port of list(rule, "ports")) if (port["protocol"] === undefined || port["protocol"] === null) port["protocol"] = "TCP";
  }
  const types = spec["policyTypes"];
  if (!Array.isArray(types) || types.length === 0) {
    const egress = spec["egress"];
    spec["policyTypes"] = Array.isArray(egress) && egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  }
}
