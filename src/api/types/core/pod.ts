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
    ip: s.string().doc("IP address of the entry."),
    hostnames: s.array(s.string(), { listType: "atomic" }).doc("Host names for that address."),
  },
  { name: "io.k8s.api.core.v1.HostAlias", description: "An /etc/hosts entry.", required: ["ip"] },
);
export type HostAlias = Infer<typeof HostAliasSchema>;

export const PodDNSConfigOptionSchema = s.object(
  {
    name: s.string().doc("Option name."),
    value: s.string().doc("Option value."),
  },
  { name: "io.k8s.api.core.v1.PodDNSConfigOption", description: "A resolver option." },
);
export type PodDNSConfigOption = Infer<typeof PodDNSConfigOptionSchema>;

export const PodDNSConfigSchema = s.object(
  {
    nameservers: s.array(s.string(), { listType: "atomic" }).doc("DNS servers."),
    searches: s.array(s.string(), { listType: "atomic" }).doc("DNS search domains."),
    options: s.array(PodDNSConfigOptionSchema, { listType: "atomic" }).doc("Resolver options."),
  },
  { name: "io.k8s.api.core.v1.PodDNSConfig", description: "Extra DNS settings for a pod." },
);
export type PodDNSConfig = Infer<typeof PodDNSConfigSchema>;

export const PodReadinessGateSchema = s.object(
  {
    conditionType: s.string().doc("The condition type."),
  },
  { name: "io.k8s.api.core.v1.PodReadinessGate", description: "A pod condition that must be True for readiness.", required: ["conditionType"] },
);
export type PodReadinessGate = Infer<typeof PodReadinessGateSchema>;

export const PodOSSchema = s.object(
  {
    name: s.string().doc("linux or windows."),
  },
  { name: "io.k8s.api.core.v1.PodOS", description: "The operating system of a pod.", required: ["name"] },
);
export type PodOS = Infer<typeof PodOSSchema>;

export const PodSchedulingGateSchema = s.object(
  {
    name: s.string().doc("Name of the gate."),
  },
  { name: "io.k8s.api.core.v1.PodSchedulingGate", description: "A gate holding a pod from scheduling.", required: ["name"] },
);
export type PodSchedulingGate = Infer<typeof PodSchedulingGateSchema>;

export const PodResourceClaimSchema = s.object(
  {
    name: s.string().doc("Name of the entry, referenced by containers."),
    resourceClaimName: s.string().doc("An existing ResourceClaim."),
    resourceClaimTemplateName: s.string().doc("A template to create a claim from."),
  },
  { name: "io.k8s.api.core.v1.PodResourceClaim", description: "A resource claim a pod uses.", required: ["name"] },
);
export type PodResourceClaim = Infer<typeof PodResourceClaimSchema>;

export const PodSpecSchema = s.object(
  {
    volumes: s.array(VolumeSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge,retainKeys", patchMergeKey: "name" }).doc("Volumes the pod's containers can mount."),
    initContainers: s.array(ContainerSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("Containers run to completion, in order, before the app containers start."),
    containers: s.array(ContainerSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("The pod's application containers; at least one."),
    ephemeralContainers: s.array(EphemeralContainerSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("Debugging containers added to the running pod."),
    restartPolicy: s.enum(["Always", "OnFailure", "Never"]).doc("Always, OnFailure or Never; defaults to Always."),
    terminationGracePeriodSeconds: s.int64().doc("Seconds the pod gets to stop gracefully; defaults to 30."),
    activeDeadlineSeconds: s.int64().doc("Seconds the pod may run before the system fails it."),
    dnsPolicy: s.enum(["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]).doc("ClusterFirst, ClusterFirstWithHostNet, Default or None; defaults to ClusterFirst."),
    nodeSelector: s.map(s.string(), { mapType: "atomic" }).doc("Labels a node must have for the pod to run on it."),
    serviceAccountName: s.string().doc("The ServiceAccount the pod runs as."),
    serviceAccount: s.string().doc("Deprecated alias of serviceAccountName."),
    automountServiceAccountToken: s.boolean().doc("Whether the service account token is mounted."),
    nodeName: s.string().doc("The node the pod is bound to; set by the scheduler (or directly to skip scheduling)."),
    hostNetwork: s.boolean().doc("Use the node's network namespace."),
    hostPID: s.boolean().doc("Use the node's PID namespace."),
    hostIPC: s.boolean().doc("Use the node's IPC namespace."),
    shareProcessNamespace: s.boolean().doc("Share one PID namespace between all containers."),
    securityContext: PodSecurityContextSchema.doc("Pod-level security settings."),
    imagePullSecrets: s.array(LocalObjectReferenceSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("Secrets used to pull images."),
    hostname: s.string().doc("Hostname of the pod; defaults to its name."),
    subdomain: s.string().doc("Subdomain giving the pod the name hostname.subdomain.namespace.svc."),
    affinity: AffinitySchema.doc("Scheduling constraints."),
    schedulerName: s.string().doc("The scheduler that places the pod; defaults to default-scheduler."),
    tolerations: s.array(TolerationSchema, { listType: "atomic" }).doc("Taints the pod tolerates."),
    hostAliases: s.array(HostAliasSchema, { listType: "map", listMapKeys: ["ip"], patchStrategy: "merge", patchMergeKey: "ip" }).doc("Entries added to the pod's /etc/hosts."),
    priorityClassName: s.string().doc("PriorityClass that gives the pod its priority."),
    priority: s.int32().doc("Priority value, resolved from priorityClassName at admission."),
    dnsConfig: PodDNSConfigSchema.doc("Extra DNS settings."),
    readinessGates: s.array(PodReadinessGateSchema, { listType: "atomic" }).doc("Extra conditions that must be True for the pod to be ready."),
    runtimeClassName: s.string().doc("RuntimeClass used to run the pod."),
    enableServiceLinks: s.boolean().doc("Whether service environment variables are injected; defaults to true."),
    preemptionPolicy: s.enum(["PreemptLowerPriority", "Never"]).doc("PreemptLowerPriority or Never."),
    overhead: s.map(s.quantity()).doc("Resources used by the pod sandbox on top of the containers."),
    topologySpreadConstraints: s.array(TopologySpreadConstraintSchema, { listType: "map", listMapKeys: ["topologyKey", "whenUnsatisfiable"], patchStrategy: "merge", patchMergeKey: "topologyKey" }).doc("How the pod spreads across topology domains."),
    setHostnameAsFQDN: s.boolean().doc("Set the hostname to the fully qualified domain name."),
    os: PodOSSchema.doc("The operating system the pod needs."),
    hostUsers: s.boolean().doc("Whether the pod uses the host's user namespace; defaults to true."),
    schedulingGates: s.array(PodSchedulingGateSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("Gates that hold the pod from scheduling while any is present."),
    resourceClaims: s.array(PodResourceClaimSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge,retainKeys", patchMergeKey: "name" }).doc("Dynamically allocated resources the pod needs."),
    resources: ResourceRequirementsSchema.doc("Pod-level resource requests and limits."),
    hostnameOverride: s.string().doc("Exact hostname to give the pod."),
  },
  { name: "io.k8s.api.core.v1.PodSpec", description: "The desired state of a pod.", required: ["containers"] },
);
export type PodSpec = Infer<typeof PodSpecSchema>;

export const PodSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: PodSpecSchema.doc("The desired behavior of the pod."),
    status: PodStatusSchema.doc("The most recently observed state of the pod."),
  },
  { name: "io.k8s.api.core.v1.Pod", description: "A group of containers scheduled together on one node.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Pod" }] },
);
export type Pod = Infer<typeof PodSchema>;

export const PodListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(PodSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.PodList", description: "A list of pods.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PodList" }] },
);
export type PodList = Infer<typeof PodListSchema>;

export const PodTemplateSpecSchema = s.object(
  {
    metadata: ObjectMetaSchema.doc("Labels and annotations of the created pods."),
    spec: PodSpecSchema.doc("Spec of the created pods."),
  },
  { name: "io.k8s.api.core.v1.PodTemplateSpec", description: "Metadata and spec of the pods a controller creates." },
);
export type PodTemplateSpec = Infer<typeof PodTemplateSpecSchema>;

export const BindingSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    target: ObjectReferenceSchema.doc("The node to bind to."),
  },
  { name: "io.k8s.api.core.v1.Binding", description: "Binds a pod to a node; the body of pods/binding.", required: ["target"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Binding" }] },
);
export type Binding = Infer<typeof BindingSchema>;
