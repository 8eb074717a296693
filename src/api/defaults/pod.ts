import { Quantity } from "../quantity/quantity.ts";
import { imageTag } from "./image.ts";
import { canonicalizeQuantityField, canonicalizeResourceList, child, isObj, list, type Obj, parseQuantity, setDefault, setDefaultNonZero } from "./util.ts";

/** SetDefaults_PodSpec, SetDefaults_Container and friends (pkg/apis/core/v1/defaults.go). */

const VOLUME_SOURCES = [
  "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
  "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
  "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
  "ephemeral", "image",
];

export function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  setDefaultNonZero(p, "timeoutSeconds", 1);
  setDefaultNonZero(p, "periodSeconds", 10);
  setDefaultNonZero(p, "successThreshold", 1);
  setDefaultNonZero(p, "failureThreshold", 3);
  defaultHandler(p);
}

function defaultHandler(h: Obj): void {
  if (isObj(h["httpGet"])) {
    setDefault(h["httpGet"], "path", "/");
    setDefault(h["httpGet"], "scheme", "HTTP");
  }
  if (isObj(h["grpc"]) && h["grpc"]["service"] === undefined) h["grpc"]["service"] = "";
}

function defaultEnv(c: Obj): void {
  for (const e of list(c, "env")) {
    const from = e["valueFrom"];
    if (isObj(from) && isObj(from["fieldRef"])) setDefault(from["fieldRef"], "apiVersion", "v1");
  }
}

/** Container (and ephemeral container) defaults. */
export function defaultContainer(c: Obj): void {
  if (!c["imagePullPolicy"]) c["imagePullPolicy"] = imageTag(String(c["image"] ?? "")) === "latest" ? "Always" : "IfNotPresent";
  setDefault(c, "terminationMessagePath", "/dev/termination-log");
  setDefault(c, "terminationMessagePolicy", "File");
  for (const port of list(c, "ports")) setDefault(port, "protocol", "TCP");
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) defaultProbe(c[probe]);
  const lifecycle = c["lifecycle"];
  if (isObj(lifecycle)) for (const hook of ["postStart", "preStop"]) if (isObj(lifecycle[hook])) defaultHandler(lifecycle[hook]);
  defaultEnv(c);
  const res = c["resources"];
  if (isObj(res)) {
    canonicalizeResourceList(res["limits"]);
    canonicalizeResourceList(res["requests"]);
  }
}

const DEFAULT_MODE = 0o644;

function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v["emptyDir"] = {};
  if (isObj(v["secret"])) setDefault(v["secret"], "defaultMode", DEFAULT_MODE);
  if (isObj(v["configMap"])) setDefault(v["configMap"], "defaultMode", DEFAULT_MODE);
  if (isObj(v["downwardAPI"])) {
    setDefault(v["downwardAPI"], "defaultMode", DEFAULT_MODE);
    for (const item of list(v["downwardAPI"], "items")) if (isObj(item["fieldRef"])) setDefault(item["fieldRef"], "apiVersion", "v1");
  }
  if (isObj(v["projected"])) {
    setDefault(v["projected"], "defaultMode", DEFAULT_MODE);
    for (const src of list(v["projected"], "sources")) {
      if (isObj(src["serviceAccountToken"])) setDefault(src["serviceAccountToken"], "expirationSeconds", 3600);
      if (isObj(src["downwardAPI"])) for (const item of list(src["downwardAPI"], "items")) if (isObj(item["fieldRef"])) setDefault(item["fieldRef"], "apiVersion", "v1");
    }
  }
  if (isObj(v["hostPath"]) && v["hostPath"]["type"] === undefined) v["hostPath"]["type"] = "";
  if (isObj(v["emptyDir"])) canonicalizeQuantityField(v["emptyDir"], "sizeLimit");
  if (isObj(v["iscsi"])) setDefault(v["iscsi"], "iscsiInterface", "default");
  if (isObj(v["rbd"])) {
    setDefault(v["rbd"], "pool", "rbd");
    setDefault(v["rbd"], "user", "admin");
    setDefault(v["rbd"], "keyring", "/etc/ceph/keyring");
  }
  if (isObj(v["azureDisk"])) {
    setDefault(v["azureDisk"], "cachingMode", "ReadWrite");
    setDefault(v["azureDisk"], "fsType", "ext4");
    if (v["azureDisk"]["readOnly"] === undefined) v["azureDisk"]["readOnly"] = false;
    setDefault(v["azureDisk"], "kind", "Shared");
  }
  const eph = v["ephemeral"];
  if (isObj(eph) && isObj(eph["volumeClaimTemplate"]) && isObj(eph["volumeClaimTemplate"]["spec"])) defaultPVCSpec(eph["volumeClaimTemplate"]["spec"]);
}

export function defaultPVCSpec(spec: Obj): void {
  setDefault(spec, "volumeMode", "Filesystem");
  const res = spec["resources"];
  if (isObj(res)) {
    canonicalizeResourceList(res["requests"]);
    canonicalizeResourceList(res["limits"]);
  }
}

function defaultHostNetworkPorts(containers: Obj[]): void {
  for (const c of containers) for (const p of list(c, "ports")) if (!p["hostPort"]) p["hostPort"] = p["containerPort"];
}

/** SetDefaults_PodSpec plus the per-field defaults below it; applies to pods and templates. */
export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "restartPolicy", "Always");
  if (spec["hostNetwork"] === true) {
    defaultHostNetworkPorts(list(spec, "containers"));
    defaultHostNetworkPorts(list(spec, "initContainers"));
  }
  if (!isObj(spec["securityContext"])) spec["securityContext"] = {};
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "schedulerName", "default-scheduler");
  for (const key of ["containers", "initContainers", "ephemeralContainers"]) for (const c of list(spec, key)) defaultContainer(c);
  for (const v of list(spec, "volumes")) defaultVolume(v);
  if (isObj(spec["overhead"])) canonicalizeResourceList(spec["overhead"]);
}

export function defaultPodTemplateSpec(t: unknown): void {
  if (!isObj(t)) return;
  defaultPodSpec(child(t, "spec"));
}

/** Requests default to limits for resources with only a limit (pods only, not templates). */
function defaultRequestsFromLimits(containers: Obj[]): void {
  for (const c of containers) {
    const res = c["resources"];
    if (!isObj(res) || !isObj(res["limits"])) continue;
    const requests = child(res, "requests");
    const limits = res["limits"];
    for (const k of Object.keys(limits)) if (!Object.hasOwn(requests, k)) requests[k] = limits[k];
  }
}

/** SetDefaults_Pod: everything for the spec, requests from limits, enableServiceLinks. */
export function defaultPod(pod: Obj): void {
  const spec = child(pod, "spec");
  defaultRequestsFromLimits(list(spec, "containers"));
  defaultRequestsFromLimits(list(spec, "initContainers"));
  if (spec["enableServiceLinks"] === undefined || spec["enableServiceLinks"] === null) spec["enableServiceLinks"] = true;
  defaultPodSpec(spec);
}

/** Pod QoS class (upstream qos.ComputePodQOS) from cpu and memory requests and limits. */
export function podQOSClass(spec: Obj): "Guaranteed" | "Burstable" | "BestEffort" {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const sum = (into: Map<string, Quantity>, name: string, q: Quantity) => into.set(name, (into.get(name) ?? Quantity.zero()).add(q));
  const positive = (v: unknown): Quantity | undefined => {
    if (typeof v !== "string" && typeof v !== "number") return undefined;
    const q = parseQuantity(v);
    return q && q.sign() > 0 ? q : undefined;
  };
  for (const c of [...list(spec, "containers"), ...list(spec, "initContainers")]) {
    const res = isObj(c["resources"]) ? c["resources"] : {};
    const req = isObj(res["requests"]) ? res["requests"] : {};
    const lim = isObj(res["limits"]) ? res["limits"] : {};
    const found = new Set<string>();
    for (const name of ["cpu", "memory"]) {
      const r = positive(req[name]);
      if (r) sum(requests, name, r);
      const l = positive(lim[name]);
      if (l) {
        found.add(name);
        sum(limits, name, l);
      }
    }
    if (found.size < 2) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, r] of requests) {
      const l = limits.get(name);
      if (!l || l.cmp(r) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
