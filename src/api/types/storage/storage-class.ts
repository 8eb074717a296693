/**
 * storage.k8s.io/v1 StorageClass (cluster-scoped): the provisioner and parameters of a class
 * of dynamically provisioned PersistentVolumes. Stored and served; no provisioner acts on it.
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { TopologySelectorTermSchema } from "../core/topology-selector.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const StorageClassSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    provisioner: s.string().doc("The provisioner that creates volumes of this class, such as \"ebs.csi.aws.com\"; immutable."),
    parameters: s.map(s.string()).doc("Parameters for the provisioner; immutable."),
    reclaimPolicy: s.enum(["Recycle", "Delete", "Retain"]).doc("Delete (the default) or Retain: the reclaim policy of volumes provisioned for this class; immutable."),
    mountOptions: s.array(s.string(), { listType: "atomic" }).doc("Mount options of volumes provisioned for this class, such as [\"ro\", \"soft\"]; not validated."),
    allowVolumeExpansion: s.boolean().doc("Whether volumes of this class may be expanded."),
    volumeBindingMode: s.enum(["Immediate", "WaitForFirstConsumer"]).doc("Immediate (the default) or WaitForFirstConsumer: when claims are provisioned and bound; immutable."),
    allowedTopologies: s.array(TopologySelectorTermSchema, { listType: "atomic" }).doc("Topologies where volumes may be provisioned; empty means no restriction."),
  },
  {
    name: "io.k8s.api.storage.v1.StorageClass",
    description: "A class of storage: the provisioner and parameters of the PersistentVolumes dynamically provisioned for it.",
    required: ["provisioner"],
    present: ["metadata"],
    gvk: [{ group: "storage.k8s.io", version: "v1", kind: "StorageClass" }],
  },
);
export type StorageClass = Infer<typeof StorageClassSchema>;

export const StorageClassListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(StorageClassSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.storage.v1.StorageClassList", description: "A list of StorageClasses.", required: ["items"], present: ["metadata"], gvk: [{ group: "storage.k8s.io", version: "v1", kind: "StorageClassList" }] },
);
export type StorageClassList = Infer<typeof StorageClassListSchema>;
