/**
 * The catalog of every resource the API serves: identity, scope, verbs, names and
 * subresources. Discovery, routing, the client library and OpenAPI all read this one
 * table, so adding a resource is one entry here plus its types and strategy.
 */

import type { FieldSchema } from "./meta/field-schema.ts";
import type { KubeObject } from "./meta/types.ts";
import type { FieldError } from "./validation/field-error.ts";

export type Verb = "create" | "delete" | "deletecollection" | "get" | "list" | "patch" | "update" | "watch";

export const ALL_VERBS: readonly Verb[] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const READ_WRITE = ALL_VERBS;

export type Subresource = "status" | "scale" | "binding" | "eviction" | "log" | "exec" | "attach" | "portforward" | "proxy" | "token" | "ephemeralcontainers";

export interface ResourceInfo {
  /** API group; "" for the legacy core group. */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Plural, lower-case resource name used in URLs. */
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: readonly Verb[];
  shortNames?: readonly string[];
  categories?: readonly string[];
  subresources?: readonly Subresource[];
  /** Set for custom resources: what their CRD version declares instead of a built-in kind's rules. */
  custom?: CustomResourceBehaviour;
  /** Set for resources of an aggregated API server: requests are proxied to it. */
  aggregated?: AggregatedApi;
}

/** An APIService's backend: the Service requests for its group version are proxied to. */
export interface AggregatedApi {
  /** The APIService's name (<version>.<group>). */
  readonly apiService: string;
  readonly service: { readonly namespace: string; readonly name: string; readonly port: number };
  /** PEM CA bundle the backend's certificate must chain to. */
  readonly caPem?: string;
  readonly insecureSkipTLSVerify?: boolean;
  /** The backend's own /apis/<group>/<version> document, served as is. */
  readonly discovery?: unknown;
}

/** One additionalPrinterColumns entry of a CRD version. */
export interface CustomColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** The scale subresource of a CRD version: where replicas and the selector live. */
export interface CustomScale {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/**
 * What one served version of a CustomResourceDefinition makes of its objects: pruning,
 * defaulting and validation by the version's schema, the fields' merge structure, the
 * table columns and the scale paths.
 */
export interface CustomResourceBehaviour {
  /** The CRD's name (plural.group). */
  readonly crd: string;
  /** The version objects are stored at (apiVersion rewritten on the way in and out). */
  readonly storageVersion: string;
  /** The version's openAPIV3Schema (for OpenAPI and explain). */
  readonly schema: Readonly<Record<string, unknown>> | undefined;
  readonly fieldSchema: FieldSchema;
  readonly columns: readonly CustomColumn[];
  readonly scale?: CustomScale;
  /** Removes the fields the schema does not declare; answers their paths (spec.foo). */
  prune(obj: KubeObject): string[];
  /** The schema's defaults. */
  defaults(obj: KubeObject): void;
  /** The schema's value rules and CEL rules (`old` on updates, for transition rules); metadata is validated as for every kind. */
  validate(obj: KubeObject, old?: KubeObject): FieldError[];
  /** Creates are refused while the CRD is being deleted. */
  terminating(): boolean;
  /** The version's selectableFields (JSONPaths such as ".spec.tier") field selectors may name. */
  readonly selectableFields?: readonly string[];
  /** Set for a deprecated version: the Warning every request to it gets. */
  readonly deprecationWarning?: string;
}

function r(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<Pick<ResourceInfo, "verbs" | "shortNames" | "categories" | "subresources">> = {},
): ResourceInfo {
  const info: ResourceInfo = {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: extra.verbs ?? READ_WRITE,
  };
  if (extra.shortNames) info.shortNames = extra.shortNames;
  if (extra.categories) info.categories = extra.categories;
  if (extra.subresources) info.subresources = extra.subresources;
  return info;
}

const ALL = ["all"] as const;

export const RESOURCES: readonly ResourceInfo[] = [
  // core/v1
  r("", "v1", "Namespace", "namespaces", false, {
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    shortNames: ["ns"],
    subresources: ["status"],
  }),
  r("", "v1", "Pod", "pods", true, {
    shortNames: ["po"],
    categories: ALL,
    subresources: ["status", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy", "ephemeralcontainers"],
  }),
  r("", "v1", "Node", "nodes", false, { shortNames: ["no"], subresources: ["status", "proxy"] }),
  r("", "v1", "Service", "services", true, { shortNames: ["svc"], categories: ALL, subresources: ["status", "proxy"] }),
  r("", "v1", "Endpoints", "endpoints", true, { shortNames: ["ep"] }),
  r("", "v1", "ConfigMap", "configmaps", true, { shortNames: ["cm"] }),
  r("", "v1", "Secret", "secrets", true),
  r("", "v1", "ServiceAccount", "serviceaccounts", true, { shortNames: ["sa"], subresources: ["token"] }),
  r("", "v1", "Event", "events", true, { shortNames: ["ev"] }),
  r("", "v1", "ResourceQuota", "resourcequotas", true, { shortNames: ["quota"], subresources: ["status"] }),
  r("", "v1", "LimitRange", "limitranges", true, { shortNames: ["limits"] }),
  r("", "v1", "PersistentVolume", "persistentvolumes", false, { shortNames: ["pv"], subresources: ["status"] }),
  r("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, { shortNames: ["pvc"], subresources: ["status"] }),
  r("", "v1", "ReplicationController", "replicationcontrollers", true, { shortNames: ["rc"], categories: ALL, subresources: ["status", "scale"] }),
  // apps/v1
  r("apps", "v1", "Deployment", "deployments", true, { shortNames: ["deploy"], categories: ALL, subresources: ["status", "scale"] }),
  r("apps", "v1", "ReplicaSet", "replicasets", true, { shortNames: ["rs"], categories: ALL, subresources: ["status", "scale"] }),
  r("apps", "v1", "StatefulSet", "statefulsets", true, { shortNames: ["sts"], categories: ALL, subresources: ["status", "scale"] }),
  r("apps", "v1", "DaemonSet", "daemonsets", true, { shortNames: ["ds"], categories: ALL, subresources: ["status"] }),
  r("apps", "v1", "ControllerRevision", "controllerrevisions", true),
  // autoscaling/v2 (stored and served; no HPA controller acts on them yet). Only v2: no autoscaling/v1 HPA, no conversion.
  r("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, { shortNames: ["hpa"], categories: ALL, subresources: ["status"] }),
  // batch/v1
  r("batch", "v1", "Job", "jobs", true, { categories: ALL, subresources: ["status"] }),
  r("batch", "v1", "CronJob", "cronjobs", true, { shortNames: ["cj"], categories: ALL, subresources: ["status"] }),
  // coordination.k8s.io/v1
  r("coordination.k8s.io", "v1", "Lease", "leases", true),
  // discovery.k8s.io/v1
  r("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
  // events.k8s.io/v1
  r("events.k8s.io", "v1", "Event", "events", true, { shortNames: ["ev"] }),
  // networking.k8s.io/v1 (stored and served; no ingress controller acts on Ingresses, nothing enforces NetworkPolicies)
  r("networking.k8s.io", "v1", "Ingress", "ingresses", true, { shortNames: ["ing"], subresources: ["status"] }),
  r("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
  r("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, { shortNames: ["netpol"] }),
  // policy/v1
  r("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, { shortNames: ["pdb"], subresources: ["status"] }),
  // rbac.authorization.k8s.io/v1 (stored; enforced later)
  r("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  r("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  r("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  r("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  // scheduling.k8s.io/v1 (the Priority admission plugin resolves pods' classes from them)
  r("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, { shortNames: ["pc"] }),
  // storage.k8s.io/v1 (stored and served; no provisioner acts on them)
  r("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, { shortNames: ["sc"] }),
  // admissionregistration.k8s.io/v1 (no short names; the category as upstream's REST storage; the webhook admission plugins call them)
  r("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, { categories: ["api-extensions"] }),
  r("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, { categories: ["api-extensions"] }),
  r("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false, { categories: ["api-extensions"], subresources: ["status"] }),
  r("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", false, { categories: ["api-extensions"] }),
  // apiextensions.k8s.io/v1 (short names and category as upstream's CRD REST storage)
  r("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, { shortNames: ["crd", "crds"], categories: ["api-extensions"], subresources: ["status"] }),
  // apiregistration.k8s.io/v1 (no short names; the category as upstream's REST storage)
  r("apiregistration.k8s.io", "v1", "APIService", "apiservices", false, { categories: ["api-extensions"], subresources: ["status"] }),
  // authentication.k8s.io/v1
  r("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", false, { verbs: ["create"] }),
  r("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", false, { verbs: ["create"] }),
  // authorization.k8s.io/v1
  r("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, { verbs: ["create"] }),
  r("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false, { verbs: ["create"] }),
  r("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", false, { verbs: ["create"] }),
  r("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", true, { verbs: ["create"] }),
  // metrics.k8s.io/v1beta1 (read-only, computed from the kubelets' summaries; no singular name, as metrics-server)
  { ...r("metrics.k8s.io", "v1beta1", "NodeMetrics", "nodes", false, { verbs: ["get", "list"] }), singular: "" },
  { ...r("metrics.k8s.io", "v1beta1", "PodMetrics", "pods", true, { verbs: ["get", "list"] }), singular: "" },
];

export function groupVersion(info: Pick<ResourceInfo, "group" | "version">): string {
  return info.group === "" ? info.version : `${info.group}/${info.version}`;
}

/** Resources by "group/version/plural" ("v1/pods" for core). */
const byPath = new Map<string, ResourceInfo>(RESOURCES.map((ri) => [`${groupVersion(ri)}/${ri.plural}`, ri]));
/** Resources by "apiVersion/Kind". */
const byKind = new Map<string, ResourceInfo>(RESOURCES.map((ri) => [`${groupVersion(ri)}/${ri.kind}`, ri]));

export function resourceFor(group: string, version: string, plural: string): ResourceInfo | undefined {
  return byPath.get(`${group === "" ? version : `${group}/${version}`}/${plural}`);
}

export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

/** Every served group with its versions, core ("") first. */
export function servedGroups(): { group: string; versions: string[] }[] {
  const groups = new Map<string, Set<string>>();
  for (const ri of RESOURCES) {
    const set = groups.get(ri.group) ?? new Set<string>();
    set.add(ri.version);
    groups.set(ri.group, set);
  }
  return [...groups].map(([group, versions]) => ({ group, versions: [...versions] }));
}
