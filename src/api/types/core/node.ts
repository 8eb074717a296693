/** core/v1 Node, NodeSpec and NodeStatus. */
import { s, type Infer } from "../../schema/dsl.ts";
import { TaintSchema } from "./affinity.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ConfigMapNodeConfigSourceSchema = s.object(
  {
    namespace: s.string().doc("Namespace of the ConfigMap."),
    name: s.string().doc("Name of the ConfigMap."),
    uid: s.string().doc("UID of the ConfigMap."),
    resourceVersion: s.string().doc("resourceVersion of the ConfigMap."),
    kubeletConfigKey: s.string().doc("Key holding the configuration."),
  },
  { name: "io.k8s.api.core.v1.ConfigMapNodeConfigSource", description: "A ConfigMap with kubelet configuration.", required: ["namespace", "name", "kubeletConfigKey"] },
);
export type ConfigMapNodeConfigSource = Infer<typeof ConfigMapNodeConfigSourceSchema>;

export const NodeConfigSourceSchema = s.object(
  {
    configMap: ConfigMapNodeConfigSourceSchema.doc("ConfigMap holding the configuration."),
  },
  { name: "io.k8s.api.core.v1.NodeConfigSource", description: "Deprecated dynamic kubelet configuration source." },
);
export type NodeConfigSource = Infer<typeof NodeConfigSourceSchema>;

export const NodeSpecSchema = s.object(
  {
    podCIDR: s.string().doc("Pod IP range assigned to the node."),
    podCIDRs: s.array(s.string(), { listType: "set", patchStrategy: "merge" }).doc("Pod IP ranges assigned to the node, one per family."),
    providerID: s.string().doc("Cloud provider's ID of the node."),
    unschedulable: s.boolean().doc("When true, no new pods are scheduled on the node (cordon)."),
    taints: s.array(TaintSchema, { listType: "atomic" }).doc("Taints repelling pods that do not tolerate them."),
    configSource: NodeConfigSourceSchema.doc("Deprecated dynamic kubelet configuration."),
    externalID: s.string().doc("Deprecated."),
  },
  { name: "io.k8s.api.core.v1.NodeSpec", description: "The desired settings of a node." },
);
export type NodeSpec = Infer<typeof NodeSpecSchema>;

export const NodeConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastHeartbeatTime: s.time().doc("When the condition was last reported by its owner."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.core.v1.NodeCondition", description: "A condition of a node.", required: ["type", "status"] },
);
export type NodeCondition = Infer<typeof NodeConditionSchema>;

export const NodeAddressSchema = s.object(
  {
    type: s.string().doc("Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS."),
    address: s.string().doc("The address."),
  },
  { name: "io.k8s.api.core.v1.NodeAddress", description: "An address of a node.", required: ["type", "address"] },
);
export type NodeAddress = Infer<typeof NodeAddressSchema>;

export const DaemonEndpointSchema = s.object(
  {
    Port: s.int32().doc("Port number."),
  },
  { name: "io.k8s.api.core.v1.DaemonEndpoint", description: "A daemon's endpoint.", required: ["Port"] },
);
export type DaemonEndpoint = Infer<typeof DaemonEndpointSchema>;

export const NodeDaemonEndpointsSchema = s.object(
  {
    kubeletEndpoint: DaemonEndpointSchema.doc("The kubelet's endpoint."),
  },
  { name: "io.k8s.api.core.v1.NodeDaemonEndpoints", description: "Endpoints of daemons running on a node." },
);
export type NodeDaemonEndpoints = Infer<typeof NodeDaemonEndpointsSchema>;

export const NodeSwapStatusSchema = s.object(
  {
    capacity: s.int64().doc("Total swap in bytes."),
  },
  { name: "io.k8s.api.core.v1.NodeSwapStatus", description: "Swap memory information." },
);
export type NodeSwapStatus = Infer<typeof NodeSwapStatusSchema>;

export const NodeSystemInfoSchema = s.object(
  {
    machineID: s.string().doc("Machine ID."),
    systemUUID: s.string().doc("System UUID."),
    bootID: s.string().doc("Boot ID."),
    kernelVersion: s.string().doc("Kernel version."),
    osImage: s.string().doc("OS image."),
    containerRuntimeVersion: s.string().doc("Container runtime version, as <runtime>://<version>."),
    kubeletVersion: s.string().doc("Kubelet version."),
    kubeProxyVersion: s.string().doc("Deprecated."),
    operatingSystem: s.string().doc("Operating system."),
    architecture: s.string().doc("CPU architecture."),
    swap: NodeSwapStatusSchema.doc("Swap information."),
  },
  { name: "io.k8s.api.core.v1.NodeSystemInfo", description: "Identifiers and versions of a node.", required: ["machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion", "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture"] },
);
export type NodeSystemInfo = Infer<typeof NodeSystemInfoSchema>;

export const ContainerImageSchema = s.object(
  {
    names: s.array(s.string(), { listType: "atomic" }).doc("Names of the image."),
    sizeBytes: s.int64().doc("Size in bytes."),
  },
  { name: "io.k8s.api.core.v1.ContainerImage", description: "An image on a node." },
);
export type ContainerImage = Infer<typeof ContainerImageSchema>;

export const AttachedVolumeSchema = s.object(
  {
    name: s.string().doc("Volume name."),
    devicePath: s.string().doc("Device path."),
  },
  { name: "io.k8s.api.core.v1.AttachedVolume", description: "A volume attached to a node.", required: ["name", "devicePath"] },
);
export type AttachedVolume = Infer<typeof AttachedVolumeSchema>;

export const NodeConfigStatusSchema = s.object(
  {
    assigned: NodeConfigSourceSchema.doc("Assigned configuration."),
    active: NodeConfigSourceSchema.doc("Active configuration."),
    lastKnownGood: NodeConfigSourceSchema.doc("Last known good configuration."),
    error: s.string().doc("Configuration error."),
  },
  { name: "io.k8s.api.core.v1.NodeConfigStatus", description: "Deprecated dynamic configuration status." },
);
export type NodeConfigStatus = Infer<typeof NodeConfigStatusSchema>;

export const NodeRuntimeHandlerFeaturesSchema = s.object(
  {
    recursiveReadOnlyMounts: s.boolean().doc("Recursive read-only mounts."),
    userNamespaces: s.boolean().doc("User namespaces."),
  },
  { name: "io.k8s.api.core.v1.NodeRuntimeHandlerFeatures", description: "Features a runtime handler supports." },
);
export type NodeRuntimeHandlerFeatures = Infer<typeof NodeRuntimeHandlerFeaturesSchema>;

export const NodeRuntimeHandlerSchema = s.object(
  {
    name: s.string().doc("Handler name."),
    features: NodeRuntimeHandlerFeaturesSchema.doc("Supported features."),
  },
  { name: "io.k8s.api.core.v1.NodeRuntimeHandler", description: "A runtime handler on a node." },
);
export type NodeRuntimeHandler = Infer<typeof NodeRuntimeHandlerSchema>;

export const NodeFeaturesSchema = s.object(
  {
    supplementalGroupsPolicy: s.boolean().doc("The supplementalGroupsPolicy field."),
  },
  { name: "io.k8s.api.core.v1.NodeFeatures", description: "Features a node supports." },
);
export type NodeFeatures = Infer<typeof NodeFeaturesSchema>;

export const NodeStatusSchema = s.object(
  {
    capacity: s.map(s.quantity()).doc("Total resources of the node."),
    allocatable: s.map(s.quantity()).doc("Resources available to pods."),
    phase: s.enum(["Pending", "Running", "Terminated"]).doc("Deprecated."),
    conditions: s.array(NodeConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions, such as Ready, MemoryPressure and DiskPressure."),
    addresses: s.array(NodeAddressSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Addresses of the node."),
    daemonEndpoints: NodeDaemonEndpointsSchema.doc("Endpoints of daemons on the node."),
    nodeInfo: NodeSystemInfoSchema.doc("Versions and identifiers of the node."),
    images: s.array(ContainerImageSchema, { listType: "atomic" }).doc("Images present on the node."),
    volumesInUse: s.array(s.string(), { listType: "atomic" }).doc("Volumes attached and mounted."),
    volumesAttached: s.array(AttachedVolumeSchema, { listType: "atomic" }).doc("Volumes attached to the node."),
    config: NodeConfigStatusSchema.doc("Deprecated dynamic configuration status."),
    runtimeHandlers: s.array(NodeRuntimeHandlerSchema, { listType: "atomic" }).doc("Runtime handlers available."),
    features: NodeFeaturesSchema.doc("Features the node supports."),
  },
  { name: "io.k8s.api.core.v1.NodeStatus", description: "The observed state of a node." },
);
export type NodeStatus = Infer<typeof NodeStatusSchema>;

export const NodeSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: NodeSpecSchema.doc("Desired node settings: pod CIDRs, taints, schedulability."),
    status: NodeStatusSchema.doc("Observed node state, reported by its kubelet."),
  },
  { name: "io.k8s.api.core.v1.Node", description: "A worker machine in the cluster.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Node" }] },
);
export type Node = Infer<typeof NodeSchema>;

export const NodeListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(NodeSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.NodeList", description: "A list of nodes.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "NodeList" }] },
);
export type NodeList = Infer<typeof NodeListSchema>;
