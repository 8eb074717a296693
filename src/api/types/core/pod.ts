/** core/v1 Pod, PodSpec, PodTemplateSpec and Binding. */
import { s, type Infer } from "../../schema/dsl.ts";
import { AffinitySchema, TolerationSchema, TopologySpreadConstraintSchema } from "./affinity.ts";
import { LocalObjectReferenceSchema, ObjectReferenceSchema, ResourceRequirementsSchema } from "./common.ts";
import { ContainerSchema, EphemeralContainerSchema } from "./container.ts";
import { PodStatusSchema } from "./pod-status.ts";
import { PodSecurityContextSchema } from "./security-context.ts";
import { VolumeSchema } from "./volume.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const HostAliasSchema = s.object(
  {
    ip: s.string(),
    hostnames: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.HostAlias", required: ["ip"] },
);
export type HostAlias = Infer<typeof HostAliasSchema>;

export const PodDNSConfigOptionSchema = s.object(
  {
    name: s.string(),
    value: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodDNSConfigOption" },
);
export type PodDNSConfigOption = Infer<typeof PodDNSConfigOptionSchema>;

export const PodDNSConfigSchema = s.object(
  {
    nameservers: s.array(s.string(), { listType: "atomic" }),
    searches: s.array(s.string(), { listType: "atomic" }),
    options: s.array(PodDNSConfigOptionSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.PodDNSConfig" },
);
export type PodDNSConfig = Infer<typeof PodDNSConfigSchema>;

export const PodReadinessGateSchema = s.object(
  {
    conditionType: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodReadinessGate", required: ["conditionType"] },
);
export type PodReadinessGate = Infer<typeof PodReadinessGateSchema>;

export const PodOSSchema = s.object(
  {
    name: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodOS", required: ["name"] },
);
export type PodOS = Infer<typeof PodOSSchema>;

export const PodSchedulingGateSchema = s.object(
  {
    name: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodSchedulingGate", required: ["name"] },
);
export type PodSchedulingGate = Infer<typeof PodSchedulingGateSchema>;

export const PodResourceClaimSchema = s.object(
  {
    name: s.string(),
    resourceClaimName: s.string(),
    resourceClaimTemplateName: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodResourceClaim", required: ["name"] },
);
export type PodResourceClaim = Infer<typeof PodResourceClaimSchema>;

export const PodSpecSchema = s.object(
  {
    volumes: s.array(VolumeSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge,retainKeys", patchMergeKey: "name" }),
    initContainers: s.array(ContainerSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
    containers: s.array(ContainerSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
    ephemeralContainers: s.array(EphemeralContainerSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
    restartPolicy: s.enum(["Always", "OnFailure", "Never"]),
    terminationGracePeriodSeconds: s.int64(),
    activeDeadlineSeconds: s.int64(),
    dnsPolicy: s.enum(["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]),
    nodeSelector: s.map(s.string(), { mapType: "atomic" }),
    serviceAccountName: s.string(),
    serviceAccount: s.string(),
    automountServiceAccountToken: s.boolean(),
    nodeName: s.string(),
    hostNetwork: s.boolean(),
    hostPID: s.boolean(),
    hostIPC: s.boolean(),
    shareProcessNamespace: s.boolean(),
    securityContext: PodSecurityContextSchema,
    imagePullSecrets: s.array(LocalObjectReferenceSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
    hostname: s.string(),
    subdomain: s.string(),
    affinity: AffinitySchema,
    schedulerName: s.string(),
    tolerations: s.array(TolerationSchema, { listType: "atomic" }),
    hostAliases: s.array(HostAliasSchema, { listType: "map", listMapKeys: ["ip"], patchStrategy: "merge", patchMergeKey: "ip" }),
    priorityClassName: s.string(),
    priority: s.int32(),
    dnsConfig: PodDNSConfigSchema,
    readinessGates: s.array(PodReadinessGateSchema, { listType: "atomic" }),
    runtimeClassName: s.string(),
    enableServiceLinks: s.boolean(),
    preemptionPolicy: s.enum(["PreemptLowerPriority", "Never"]),
    overhead: s.map(s.quantity()),
    topologySpreadConstraints: s.array(TopologySpreadConstraintSchema, { listType: "map", listMapKeys: ["topologyKey", "whenUnsatisfiable"], patchStrategy: "merge", patchMergeKey: "topologyKey" }),
    setHostnameAsFQDN: s.boolean(),
    os: PodOSSchema,
    hostUsers: s.boolean(),
    schedulingGates: s.array(PodSchedulingGateSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
    resourceClaims: s.array(PodResourceClaimSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge,retainKeys", patchMergeKey: "name" }),
    resources: ResourceRequirementsSchema,
    hostnameOverride: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodSpec", required: ["containers"] },
);
export type PodSpec = Infer<typeof PodSpecSchema>;

export const PodSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: PodSpecSchema,
    status: PodStatusSchema,
  },
  { name: "io.k8s.api.core.v1.Pod", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Pod" }] },
);
export type Pod = Infer<typeof PodSchema>;

export const PodListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(PodSchema),
  },
  { name: "io.k8s.api.core.v1.PodList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PodList" }] },
);
export type PodList = Infer<typeof PodListSchema>;

export const PodTemplateSpecSchema = s.object(
  {
    metadata: ObjectMetaSchema,
    spec: PodSpecSchema,
  },
  { name: "io.k8s.api.core.v1.PodTemplateSpec" },
);
export type PodTemplateSpec = Infer<typeof PodTemplateSpecSchema>;

export const BindingSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    target: ObjectReferenceSchema,
  },
  { name: "io.k8s.api.core.v1.Binding", required: ["target"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Binding" }] },
);
export type Binding = Infer<typeof BindingSchema>;
