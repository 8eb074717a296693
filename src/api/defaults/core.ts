import { setOwn } from "../../util/own-keys.ts";
import { defaultPVCSpec } from "./pod.ts";
import { canonicalizeResourceList, child, isObj, list, type Obj, setDefault } from "./util.ts";

/** core/v1 defaults other than pods (SetDefaults_Service, _Secret, _Namespace, _Node, ...). */

export function defaultService(svc: Obj): void {
  const spec = child(svc, "spec");
  setDefault(spec, "sessionAffinity", "None");
  if (spec["sessionAffinity"] === "None") delete spec["sessionAffinityConfig"];
  if (spec["sessionAffinity"] === "ClientIP") {
    const cfg = spec["sessionAffinityConfig"];
    const clientIP = isObj(cfg) && isObj(cfg["clientIP"]) ? cfg["clientIP"] : undefined;
    if (!clientIP || clientIP["timeoutSeconds"] == null) spec["sessionAffinityConfig"] = { clientIP: { timeoutSeconds: 10800 } };
  }
  setDefault(spec, "type", "ClusterIP");
  for (const port of list(spec, "ports")) {
    setDefault(port, "protocol", "TCP");
    const tp = port["targetPort"];
    if (tp === undefined || tp === null || tp === 0 || tp === "") port["targetPort"] = port["port"];
  }
  const type = spec["type"];
  const externallyAccessible = type === "LoadBalancer" || type === "NodePort" || (type === "ClusterIP" && list(spec, "externalIPs").length > 0);
  if (externallyAccessible) setDefault(spec, "externalTrafficPolicy", "Cluster");
  if (spec["internalTrafficPolicy"] == null && (type === "NodePort" || type === "LoadBalancer" || type === "ClusterIP")) spec["internalTrafficPolicy"] = "Cluster";
  if (type === "LoadBalancer" && spec["allocateLoadBalancerNodePorts"] == null) spec["allocateLoadBalancerNodePorts"] = true;
  // Single-stack IPv4 cluster: what the allocator records for every service with a cluster IP.
  if (type !== "ExternalName") {
    const clusterIP = spec["clusterIP"];
    if (typeof clusterIP === "string" && clusterIP !== "" && spec["clusterIPs"] == null) spec["clusterIPs"] = [clusterIP];
    const headlessWithoutSelector = clusterIP === "None" && !isObj(spec["selector"]);
    if (!headlessWithoutSelector) {
      setDefault(spec, "ipFamilyPolicy", "SingleStack");
      if (spec["ipFamilies"] == null) spec["ipFamilies"] = ["IPv4"];
    }
  }
}

/**
 * Values the registry keeps from the stored service when an update leaves them out
 * (upstream patchAllocatedValues): cluster IPs and allocated node ports.
 */
export function preserveAllocatedServiceFields(svc: Obj, old: Obj): void {
  const spec = child(svc, "spec");
  const oldSpec = isObj(old["spec"]) ? old["spec"] : {};
  if (spec["type"] === "ExternalName" || oldSpec["type"] === "ExternalName") return;
  if (!spec["clusterIP"] && oldSpec["clusterIP"]) spec["clusterIP"] = oldSpec["clusterIP"];
  if ((!Array.isArray(spec["clusterIPs"]) || spec["clusterIPs"].length === 0) && Array.isArray(oldSpec["clusterIPs"])) spec["clusterIPs"] = [...oldSpec["clusterIPs"]];
  if (spec["type"] === "NodePort" || spec["type"] === "LoadBalancer") {
    const oldPorts = list(oldSpec, "ports");
    for (const p of list(spec, "ports")) {
      if (p["nodePort"]) continue;
      const match = oldPorts.find((o) => o["port"] === p["port"] && (o["protocol"] ?? "TCP") === (p["protocol"] ?? "TCP"));
      if (match?.["nodePort"]) p["nodePort"] = match["nodePort"];
    }
  }
  if (spec["healthCheckNodePort"] == null && oldSpec["healthCheckNodePort"] != null && spec["externalTrafficPolicy"] === "Local") spec["healthCheckNodePort"] = oldSpec["healthCheckNodePort"];
}

export function defaultNamespace(ns: Obj): void {
  setDefault(child(ns, "status"), "phase", "Active");
  // upstream's SetDefaults_Namespace and the strategy's Canonicalize: the label always
  // names the namespace (NetworkPolicies select namespaces by it), on create and update
  const name = isObj(ns["metadata"]) ? ns["metadata"]["name"] : undefined;
  if (typeof name === "string" && name !== "") child(child(ns, "metadata"), "labels")["kubernetes.io/metadata.name"] = name;
}

/** The namespace strategy on create: the "kubernetes" finalizer. */
export function prepareNamespaceForCreate(ns: Obj): void {
  const spec = child(ns, "spec");
  const finalizers = Array.isArray(spec["finalizers"]) ? (spec["finalizers"] as unknown[]) : [];
  if (!finalizers.includes("kubernetes")) spec["finalizers"] = [...finalizers, "kubernetes"];
  ns["status"] = { phase: "Active" };
}

/** Secret type, and stringData merged into data (the v1 conversion). */
export function defaultSecret(secret: Obj): void {
  setDefault(secret, "type", "Opaque");
  const stringData = secret["stringData"];
  if (isObj(stringData)) {
    const data = child(secret, "data");
    for (const [k, v] of Object.entries(stringData)) setOwn(data, k, Buffer.from(String(v), "utf8").toString("base64"));
  }
  delete secret["stringData"];
}

export function defaultNode(node: Obj): void {
  const status = node["status"];
  if (!isObj(status)) return;
  canonicalizeResourceList(status["capacity"]);
  canonicalizeResourceList(status["allocatable"]);
  if (status["allocatable"] == null && isObj(status["capacity"])) status["allocatable"] = { ...status["capacity"] };
}

export function defaultPVC(pvc: Obj): void {
  defaultPVCSpec(child(pvc, "spec"));
  setDefault(child(pvc, "status"), "phase", "Pending");
  const status = pvc["status"] as Obj;
  canonicalizeResourceList(status["capacity"]);
}

export function defaultPV(pv: Obj): void {
  const spec = child(pv, "spec");
  setDefault(spec, "persistentVolumeReclaimPolicy", "Retain");
  setDefault(spec, "volumeMode", "Filesystem");
  canonicalizeResourceList(spec["capacity"]);
  setDefault(child(pv, "status"), "phase", "Pending");
}

export function defaultEndpoints(ep: Obj): void {
  for (const subset of list(ep, "subsets")) for (const port of list(subset, "ports")) setDefault(port, "protocol", "TCP");
}

export function defaultEndpointSlice(slice: Obj): void {
  for (const port of list(slice, "ports")) {
    if (port["name"] == null) port["name"] = "";
    setDefault(port, "protocol", "TCP");
  }
}

export function defaultResourceQuota(rq: Obj): void {
  if (isObj(rq["spec"])) canonicalizeResourceList(rq["spec"]["hard"]);
  if (isObj(rq["status"])) {
    canonicalizeResourceList(rq["status"]["hard"]);
    canonicalizeResourceList(rq["status"]["used"]);
  }
}

/** SetDefaults_LimitRangeItem: container limits get default/defaultRequest from max/default. */
export function defaultLimitRange(lr: Obj): void {
  for (const item of list(child(lr, "spec"), "limits")) {
    for (const key of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) canonicalizeResourceList(item[key]);
    if (item["type"] !== "Container") continue;
    const max = isObj(item["max"]) ? item["max"] : {};
    const min = isObj(item["min"]) ? item["min"] : {};
    const def = child(item, "default");
    for (const [k, v] of Object.entries(max)) if (!Object.hasOwn(def, k)) setOwn(def, k, v);
    const defReq = child(item, "defaultRequest");
    for (const [k, v] of Object.entries(def)) if (!Object.hasOwn(defReq, k)) setOwn(defReq, k, v);
    for (const [k, v] of Object.entries(min)) if (!Object.hasOwn(defReq, k)) setOwn(defReq, k, v);
    if (Object.keys(def).length === 0) delete item["default"];
    if (Object.keys(defReq).length === 0) delete item["defaultRequest"];
  }
}

const RBAC_GROUP = "rbac.authorization.k8s.io";

/** SetDefaults_Subject / RoleRef: User and Group subjects and role refs live in the RBAC group. */
export function defaultRBACBinding(b: Obj): void {
  for (const s of list(b, "subjects")) {
    if (s["apiGroup"] == null || s["apiGroup"] === "") {
      if (s["kind"] === "User" || s["kind"] === "Group") s["apiGroup"] = RBAC_GROUP;
      else if (s["kind"] === "ServiceAccount") s["apiGroup"] = "";
    }
  }
  if (isObj(b["roleRef"])) setDefault(b["roleRef"], "apiGroup", RBAC_GROUP);
}
