/** core/v1 PersistentVolume and PersistentVolumeClaim. */
import { s, type Infer } from "../../schema/dsl.ts";
import { NodeSelectorSchema } from "./affinity.ts";
import { ObjectReferenceSchema } from "./common.ts";
import { PersistentVolumeSourceFields } from "./persistent-volume-source.ts";
import { PersistentVolumeClaimSpecSchema } from "./volume.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const VolumeNodeAffinitySchema = s.object(
  {
    required: NodeSelectorSchema.doc("Nodes that can access the volume."),
  },
  { name: "io.k8s.api.core.v1.VolumeNodeAffinity", description: "Nodes a volume can be accessed from." },
);
export type VolumeNodeAffinity = Infer<typeof VolumeNodeAffinitySchema>;

export const PersistentVolumeSpecSchema = s.object(
  {
    capacity: s.map(s.quantity()).doc("Capacity of the volume."),
    ...PersistentVolumeSourceFields,
    accessModes: s.array(s.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]), { listType: "atomic" }).doc("Ways the volume can be mounted."),
    claimRef: ObjectReferenceSchema.doc("The claim bound to the volume."),
    persistentVolumeReclaimPolicy: s.enum(["Recycle", "Delete", "Retain"]).doc("Retain, Recycle or Delete: what happens when the claim is released."),
    storageClassName: s.string().doc("StorageClass the volume belongs to."),
    mountOptions: s.array(s.string(), { listType: "atomic" }).doc("Mount options."),
    volumeMode: s.enum(["Block", "Filesystem"]).doc("Filesystem or Block."),
    nodeAffinity: VolumeNodeAffinitySchema.doc("Nodes the volume can be reached from."),
    volumeAttributesClassName: s.string().doc("VolumeAttributesClass of the volume."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeSpec", description: "The properties and source of a persistent volume." },
);
export type PersistentVolumeSpec = Infer<typeof PersistentVolumeSpecSchema>;

export const PersistentVolumeStatusSchema = s.object(
  {
    phase: s.enum(["Pending", "Available", "Bound", "Released", "Failed"]).doc("Pending, Available, Bound, Released or Failed."),
    message: s.string().doc("Human-readable description."),
    reason: s.string().doc("Short CamelCase reason."),
    lastPhaseTransitionTime: s.time().doc("When the phase last changed."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeStatus", description: "The observed state of a persistent volume." },
);
export type PersistentVolumeStatus = Infer<typeof PersistentVolumeStatusSchema>;

export const PersistentVolumeSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: PersistentVolumeSpecSchema.doc("The volume's source and properties."),
    status: PersistentVolumeStatusSchema.doc("The volume's phase."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolume", description: "A piece of storage in the cluster, provisioned by an administrator or a StorageClass.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PersistentVolume" }] },
);
export type PersistentVolume = Infer<typeof PersistentVolumeSchema>;

export const PersistentVolumeListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(PersistentVolumeSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeList", description: "A list of PersistentVolumes.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PersistentVolumeList" }] },
);
export type PersistentVolumeList = Infer<typeof PersistentVolumeListSchema>;

export const PersistentVolumeClaimConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastProbeTime: s.time().doc("When the condition was last checked."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimCondition", description: "A condition of a claim.", required: ["type", "status"] },
);
export type PersistentVolumeClaimCondition = Infer<typeof PersistentVolumeClaimConditionSchema>;

export const ModifyVolumeStatusSchema = s.object(
  {
    targetVolumeAttributesClassName: s.string().doc("The class being applied."),
    status: s.enum(["Pending", "InProgress", "Infeasible"]).doc("Pending, InProgress or Infeasible."),
  },
  { name: "io.k8s.api.core.v1.ModifyVolumeStatus", description: "State of a volume modification.", required: ["status"] },
);
export type ModifyVolumeStatus = Infer<typeof ModifyVolumeStatusSchema>;

export const PersistentVolumeClaimStatusSchema = s.object(
  {
    phase: s.enum(["Pending", "Bound", "Lost"]).doc("Pending, Bound or Lost."),
    accessModes: s.array(s.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]), { listType: "atomic" }).doc("Access modes of the bound volume."),
    capacity: s.map(s.quantity()).doc("Capacity of the bound volume."),
    conditions: s.array(PersistentVolumeClaimConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions."),
    allocatedResources: s.map(s.quantity()).doc("Resources allocated to the claim."),
    allocatedResourceStatuses: s.map(s.enum(["ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizePending", "NodeResizeInProgress", "NodeResizeInfeasible"]), { mapType: "granular" }).doc("Resize state of each resource."),
    currentVolumeAttributesClassName: s.string().doc("VolumeAttributesClass currently applied."),
    modifyVolumeStatus: ModifyVolumeStatusSchema.doc("State of a volume modification."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimStatus", description: "The observed state of a claim." },
);
export type PersistentVolumeClaimStatus = Infer<typeof PersistentVolumeClaimStatusSchema>;

export const PersistentVolumeClaimSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: PersistentVolumeClaimSpecSchema.doc("The storage requested."),
    status: PersistentVolumeClaimStatusSchema.doc("The observed state of the claim."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaim", description: "A request for storage by a user.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PersistentVolumeClaim" }] },
);
export type PersistentVolumeClaim = Infer<typeof PersistentVolumeClaimSchema>;

export const PersistentVolumeClaimListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(PersistentVolumeClaimSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimList", description: "A list of PersistentVolumeClaims.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PersistentVolumeClaimList" }] },
);
export type PersistentVolumeClaimList = Infer<typeof PersistentVolumeClaimListSchema>;
