import { isObj, type Obj } from "./util.ts";

/**
 * apiregistration.k8s.io/v1 defaults (kube-aggregator pkg/apis/apiregistration/v1/defaults.go):
 * SetDefaults_ServiceReference gives spec.service a port 443 when unset (nil). A Local
 * APIService (no service) has nothing to default.
 */
export function defaultAPIService(apiService: Obj): void {
  const spec = apiService["spec"];
  if (!isObj(spec) || !isObj(spec["service"])) return;
  const svc = spec["service"];
  if (svc["port"] === undefined || svc["port"] === null) svc["port"] = 443;
}
