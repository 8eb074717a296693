/**
 * Objects every cluster starts with: the system namespaces (upstream's system namespaces
 * controller) and the "kubernetes" Service in default with its Endpoints and
 * EndpointSlice pointing at this apiserver (upstream's endpoint reconciler).
 */
import { networkInterfaces } from "node:os";
import type { KubeObject } from "../../api/meta/index.ts";
import { apiServiceIP } from "../admission/index.ts";
import type { UserInfo } from "../filters/user.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import type { RequestScope } from "../registry/scope.ts";
import { SYSTEM_PRIORITY_CLASSES } from "../../api/validation/scheduling.ts";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

const SYSTEM_USER: UserInfo = { name: "system:apiserver", groups: ["system:masters", "system:authenticated"] };

function scope(): RequestScope {
  return { user: SYSTEM_USER, dryRun: false, fieldManager: "kube-apiserver", fieldValidation: "Ignore", force: false, warnings: [], now: new Date() };
}

/**
 * Creates `obj` when missing. With `reconcile`, an existing object whose `fields` differ
 * from obj's (the apiserver came back on another address or port) is updated to them.
 */
async function createIfMissing(regs: RegistrySet, group: string, plural: string, namespace: string, obj: KubeObject, reconcile: readonly string[] = []): Promise<void> {
  const reg = regs.registry({ group, plural });
  if (!reg) return;
  await reg.cache.ready;
  const current = regs.get(group, plural, namespace, obj.metadata.name!);
  if (current) {
    const stale = reconcile.filter((f) => JSON.stringify(current[f]) !== JSON.stringify(obj[f]));
    if (stale.length === 0) return;
    await reg.update(scope(), namespace, obj.metadata.name!, (cur) => {
      const next = structuredClone(cur ?? obj);
      for (const f of stale) next[f] = obj[f];
      return next;
    }, { subresource: "", allowCreate: true, retry: true });
    return;
  }
  try {
    await reg.create(scope(), namespace, obj);
  } catch (e) {
    if ((e as { reason?: string }).reason !== "AlreadyExists") throw e;
  }
}

export async function ensureSystemNamespaces(regs: RegistrySet): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await createIfMissing(regs, "", "namespaces", "", { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name } } });
  }
}

/**
 * The built-in PriorityClasses system-node-critical and system-cluster-critical (upstream's
 * scheduling post-start hook): created when missing, existing ones left as they are.
 */
export async function ensureSystemPriorityClasses(regs: RegistrySet): Promise<void> {
  for (const pc of SYSTEM_PRIORITY_CLASSES) {
    await createIfMissing(regs, "scheduling.k8s.io", "priorityclasses", "", {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: pc.name },
      value: pc.value,
      description: pc.description,
    });
  }
}

/** The address other hosts reach this one at: the first non-internal IPv4 address, else loopback. */
export function advertiseAddress(bind: string): string {
  if (bind && bind !== "0.0.0.0" && bind !== "::") return bind;
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

export async function ensureKubernetesService(regs: RegistrySet, opts: { serviceCidr?: string; address: string; port: number }): Promise<void> {
  const labels = { component: "apiserver", provider: "kubernetes" };
  await createIfMissing(regs, "", "services", "default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels },
    spec: { type: "ClusterIP", clusterIP: apiServiceIP(opts.serviceCidr), ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: opts.port }], sessionAffinity: "None" },
  });
  await createIfMissing(regs, "", "endpoints", "default", {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: [{ addresses: [{ ip: opts.address }], ports: [{ name: "https", port: opts.port, protocol: "TCP" }] }],
  }, ["subsets"]);
  await createIfMissing(regs, "discovery.k8s.io", "endpointslices", "default", {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "kubernetes", namespace: "default", labels: { "kubernetes.io/service-name": "kubernetes" } },
    addressType: "IPv4",
    endpoints: [{ addresses: [opts.address], conditions: { ready: true } }],
    ports: [{ name: "https", port: opts.port, protocol: "TCP" }],
  }, ["endpoints", "ports"]);
}

/**
 * kube-system/extension-apiserver-authentication (upstream's cluster-authentication-trust
 * controller): what aggregated API servers and webhook servers built on k8s.io/apiserver
 * read at start to trust client certificates (the cluster CA) and the aggregator's
 * request headers (the front-proxy CA and the names it may use). Rewritten when it differs.
 */
export async function ensureAuthenticationConfigMap(regs: RegistrySet, opts: { clientCaPem: string; requestHeaderCaPem: string; allowedNames: readonly string[] }): Promise<void> {
  await createIfMissing(regs, "", "configmaps", "kube-system", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "extension-apiserver-authentication", namespace: "kube-system" },
    data: {
      "client-ca-file": opts.clientCaPem,
      "requestheader-allowed-names": JSON.stringify(opts.allowedNames),
      "requestheader-client-ca-file": opts.requestHeaderCaPem,
      "requestheader-extra-headers-prefix": JSON.stringify(["X-Remote-Extra-"]),
      "requestheader-group-headers": JSON.stringify(["X-Remote-Group"]),
      "requestheader-uid-headers": JSON.stringify(["X-Remote-Uid"]),
      "requestheader-username-headers": JSON.stringify(["X-Remote-User"]),
    },
  }, ["data"]);
}
