/** core/v1 PersistentVolume and PersistentVolumeClaim. */
import { s, type Infer } from "../../schema/dsl.ts";
import { NodeSelectorSchema } from "./affinity.ts";
import { ObjectReferenceSchema } from "./common.ts";
import { PersistentVolumeSourceFields } from "./persistent-volume-source.ts";
import { PersistentVolumeClaimSpecSchema } from "./volume.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const VolumeNodeAffinitySchema = s.object(
  {
    required: NodeSelectorSchema,
  },
  { name: "io.k8s.api.core.v1.VolumeNodeAffinity" },
);
export type VolumeNodeAffinity = Infer<typeof VolumeNodeAffinitySchema>;

export const PersistentVolumeSpecSchema = s.object(
  {
    capacity: s.map(s.quantity()),
    ...PersistentVolumeSourceFields,
    accessModes: s.array(s.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]), { listType: "atomic" }),
    claimRef: ObjectReferenceSchema,
    persistentVolumeReclaimPolicy: s.enum(["Recycle", "Delete", "Retain"]),
    storageClassName: s.string(),
    mountOptions: s.array(s.string(), { listType: "atomic" }),
    volumeMode: s.enum(["Block", "Filesystem"]),
    nodeAffinity: VolumeNodeAffinitySchema,
    volumeAttributesClassName: s.string(),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeSpec" },
);
export type PersistentVolumeSpec = Infer<typeof PersistentVolumeSpecSchema>;

export const PersistentVolumeStatusSchema = s.object(
  {
    phase: s.enum(["Pending", "Available", "Bound", "Released", "Failed"]),
    message: s.string(),
    reason: s.string(),
    lastPhaseTransitionTime: s.time(),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeStatus" },
);
export type PersistentVolumeStatus = Infer<typeof PersistentVolumeStatusSchema>;

export const PersistentVolumeSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: PersistentVolumeSpecSchema,
    status: PersistentVolumeStatusSchema,
  },
  { name: "io.k8s.api.core.v1.PersistentVolume", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PersistentVolume" }] },
);
export type PersistentVolume = Infer<typeof PersistentVolumeSchema>;

export const PersistentVolumeListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(PersistentVolumeSchema),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PersistentVolumeList" }] },
);
export type PersistentVolumeList = Infer<typeof PersistentVolumeListSchema>;

export const PersistentVolumeClaimConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    lastProbeTime: s.time(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimCondition", required: ["type", "status"] },
);
export type PersistentVolumeClaimCondition = Infer<typeof PersistentVolumeClaimConditionSchema>;

export const ModifyVolumeStatusSchema = s.object(
  {
    targetVolumeAttributesClassName: s.string(),
    status: s.enum(["Pending", "InProgress", "Infeasible"]),
  },
  { name: "io.k8s.api.core.v1.ModifyVolumeStatus", required: ["status"] },
);
export type ModifyVolumeStatus = Infer<typeof ModifyVolumeStatusSchema>;

export const PersistentVolumeClaimStatusSchema = s.object(
  {
    phase: s.enum(["Pending", "Bound", "Lost"]),
    accessModes: s.array(s.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]), { listType: "atomic" }),
    capacity: s.map(s.quantity()),
    conditions: s.array(PersistentVolumeClaimConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
    allocatedResources: s.map(s.quantity()),
    allocatedResourceStatuses: s.map(s.enum(["ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizePending", "NodeResizeInProgress", "NodeResizeInfeasible"]), { mapType: "granular" }),
    currentVolumeAttributesClassName: s.string(),
    modifyVolumeStatus: ModifyVolumeStatusSchema,
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimStatus" },
);
export type PersistentVolumeClaimStatus = Infer<typeof PersistentVolumeClaimStatusSchema>;

export const PersistentVolumeClaimSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: PersistentVolumeClaimSpecSchema,
    status: PersistentVolumeClaimStatusSchema,
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaim", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PersistentVolumeClaim" }] },
);
export type PersistentVolumeClaim = Infer<typeof PersistentVolumeClaimSchema>;

export const PersistentVolumeClaimListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(PersistentVolumeClaimSchema),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "PersistentVolumeClaimList" }] },
);
export type PersistentVolumeClaimList = Infer<typeof PersistentVolumeClaimListSchema>;
