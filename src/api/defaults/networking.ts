import { isObj, type Obj } from "./util.ts";

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
