/** core/v1 Node, NodeSpec and NodeStatus. */
import { s, type Infer } from "../../schema/dsl.ts";
import { TaintSchema } from "./affinity.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ConfigMapNodeConfigSourceSchema = s.object(
  {
    namespace: s.string(),
    name: s.string(),
    uid: s.string(),
    resourceVersion: s.string(),
    kubeletConfigKey: s.string(),
  },
  { name: "io.k8s.api.core.v1.ConfigMapNodeConfigSource", required: ["namespace", "name", "kubeletConfigKey"] },
);
export type ConfigMapNodeConfigSource = Infer<typeof ConfigMapNodeConfigSourceSchema>;

export const NodeConfigSourceSchema = s.object(
  {
    configMap: ConfigMapNodeConfigSourceSchema,
  },
  { name: "io.k8s.api.core.v1.NodeConfigSource" },
);
export type NodeConfigSource = Infer<typeof NodeConfigSourceSchema>;

export const NodeSpecSchema = s.object(
  {
    podCIDR: s.string(),
    podCIDRs: s.array(s.string(), { listType: "set", patchStrategy: "merge" }),
    providerID: s.string(),
    unschedulable: s.boolean(),
    taints: s.array(TaintSchema, { listType: "atomic" }),
    configSource: NodeConfigSourceSchema,
    externalID: s.string(),
  },
  { name: "io.k8s.api.core.v1.NodeSpec" },
);
export type NodeSpec = Infer<typeof NodeSpecSchema>;

export const NodeConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    lastHeartbeatTime: s.time(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.core.v1.NodeCondition", required: ["type", "status"] },
);
export type NodeCondition = Infer<typeof NodeConditionSchema>;

export const NodeAddressSchema = s.object(
  {
    type: s.string(),
    address: s.string(),
  },
  { name: "io.k8s.api.core.v1.NodeAddress", required: ["type", "address"] },
);
export type NodeAddress = Infer<typeof NodeAddressSchema>;

export const DaemonEndpointSchema = s.object(
  {
    Port: s.int32(),
  },
  { name: "io.k8s.api.core.v1.DaemonEndpoint", required: ["Port"] },
);
export type DaemonEndpoint = Infer<typeof DaemonEndpointSchema>;

export const NodeDaemonEndpointsSchema = s.object(
  {
    kubeletEndpoint: DaemonEndpointSchema,
  },
  { name: "io.k8s.api.core.v1.NodeDaemonEndpoints" },
);
export type NodeDaemonEndpoints = Infer<typeof NodeDaemonEndpointsSchema>;

export const NodeSwapStatusSchema = s.object(
  {
    capacity: s.int64(),
  },
  { name: "io.k8s.api.core.v1.NodeSwapStatus" },
);
export type NodeSwapStatus = Infer<typeof NodeSwapStatusSchema>;

export const NodeSystemInfoSchema = s.object(
  {
    machineID: s.string(),
    systemUUID: s.string(),
    bootID: s.string(),
    kernelVersion: s.string(),
    osImage: s.string(),
    containerRuntimeVersion: s.string(),
    kubeletVersion: s.string(),
    kubeProxyVersion: s.string(),
    operatingSystem: s.string(),
    architecture: s.string(),
    swap: NodeSwapStatusSchema,
  },
  { name: "io.k8s.api.core.v1.NodeSystemInfo", required: ["machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion", "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture"] },
);
export type NodeSystemInfo = Infer<typeof NodeSystemInfoSchema>;

export const ContainerImageSchema = s.object(
  {
    names: s.array(s.string(), { listType: "atomic" }),
    sizeBytes: s.int64(),
  },
  { name: "io.k8s.api.core.v1.ContainerImage" },
);
export type ContainerImage = Infer<typeof ContainerImageSchema>;

export const AttachedVolumeSchema = s.object(
  {
    name: s.string(),
    devicePath: s.string(),
  },
  { name: "io.k8s.api.core.v1.AttachedVolume", required: ["name", "devicePath"] },
);
export type AttachedVolume = Infer<typeof AttachedVolumeSchema>;

export const NodeConfigStatusSchema = s.object(
  {
    assigned: NodeConfigSourceSchema,
    active: NodeConfigSourceSchema,
    lastKnownGood: NodeConfigSourceSchema,
    error: s.string(),
  },
  { name: "io.k8s.api.core.v1.NodeConfigStatus" },
);
export type NodeConfigStatus = Infer<typeof NodeConfigStatusSchema>;

export const NodeRuntimeHandlerFeaturesSchema = s.object(
  {
    recursiveReadOnlyMounts: s.boolean(),
    userNamespaces: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.NodeRuntimeHandlerFeatures" },
);
export type NodeRuntimeHandlerFeatures = Infer<typeof NodeRuntimeHandlerFeaturesSchema>;

export const NodeRuntimeHandlerSchema = s.object(
  {
    name: s.string(),
    features: NodeRuntimeHandlerFeaturesSchema,
  },
  { name: "io.k8s.api.core.v1.NodeRuntimeHandler" },
);
export type NodeRuntimeHandler = Infer<typeof NodeRuntimeHandlerSchema>;

export const NodeFeaturesSchema = s.object(
  {
    supplementalGroupsPolicy: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.NodeFeatures" },
);
export type NodeFeatures = Infer<typeof NodeFeaturesSchema>;

export const NodeStatusSchema = s.object(
  {
    capacity: s.map(s.quantity()),
    allocatable: s.map(s.quantity()),
    phase: s.enum(["Pending", "Running", "Terminated"]),
    conditions: s.array(NodeConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
    addresses: s.array(NodeAddressSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
    daemonEndpoints: NodeDaemonEndpointsSchema,
    nodeInfo: NodeSystemInfoSchema,
    images: s.array(ContainerImageSchema, { listType: "atomic" }),
    volumesInUse: s.array(s.string(), { listType: "atomic" }),
    volumesAttached: s.array(AttachedVolumeSchema, { listType: "atomic" }),
    config: NodeConfigStatusSchema,
    runtimeHandlers: s.array(NodeRuntimeHandlerSchema, { listType: "atomic" }),
    features: NodeFeaturesSchema,
  },
  { name: "io.k8s.api.core.v1.NodeStatus" },
);
export type NodeStatus = Infer<typeof NodeStatusSchema>;

export const NodeSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: NodeSpecSchema,
    status: NodeStatusSchema,
  },
  { name: "io.k8s.api.core.v1.Node", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Node" }] },
);
export type Node = Infer<typeof NodeSchema>;

export const NodeListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(NodeSchema),
  },
  { name: "io.k8s.api.core.v1.NodeList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "NodeList" }] },
);
export type NodeList = Infer<typeof NodeListSchema>;
