/** meta.k8s.io/v1 object and list metadata, owner references, label selectors, conditions. */
import { s, type Schema, type Infer } from "../../schema/dsl.ts";
import type { LabelSelector, LabelSelectorRequirement, ListMeta, ManagedFieldsEntry, ObjectMeta, OwnerReference } from "../../meta/types.ts";

export const OwnerReferenceSchema: Schema<OwnerReference> = s.object(
  {
    apiVersion: s.string(),
    kind: s.string(),
    name: s.string(),
    uid: s.string(),
    controller: s.boolean(),
    blockOwnerDeletion: s.boolean(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", required: ["apiVersion", "kind", "name", "uid"], mapType: "atomic" },
);

export const ManagedFieldsEntrySchema: Schema<ManagedFieldsEntry> = s.object(
  {
    manager: s.string(),
    operation: s.enum(["Apply", "Update"]),
    apiVersion: s.string(),
    time: s.time(),
    fieldsType: s.enum(["FieldsV1"]),
    fieldsV1: s.anyObject(),
    subresource: s.string(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry" },
);

export const ObjectMetaSchema: Schema<ObjectMeta> = s.object(
  {
    name: s.string(),
    generateName: s.string(),
    namespace: s.string(),
    selfLink: s.string(),
    uid: s.string(),
    resourceVersion: s.string(),
    generation: s.int64(),
    creationTimestamp: s.time(),
    deletionTimestamp: s.time(),
    deletionGracePeriodSeconds: s.int64(),
    labels: s.map(s.string()),
    annotations: s.map(s.string()),
    ownerReferences: s.array(OwnerReferenceSchema, { listType: "map", listMapKeys: ["uid"], patchStrategy: "merge", patchMergeKey: "uid" }),
    finalizers: s.array(s.string(), { listType: "set", patchStrategy: "merge" }),
    managedFields: s.array(ManagedFieldsEntrySchema, { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
);

export const ListMetaSchema: Schema<ListMeta> = s.object(
  {
    selfLink: s.string(),
    resourceVersion: s.string(),
    continue: s.string(),
    remainingItemCount: s.int64(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" },
);

export const LabelSelectorRequirementSchema: Schema<LabelSelectorRequirement> = s.object(
  {
    key: s.string(),
    operator: s.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
    values: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", required: ["key", "operator"] },
);

export const LabelSelectorSchema: Schema<LabelSelector> = s.object(
  {
    matchLabels: s.map(s.string()),
    matchExpressions: s.array(LabelSelectorRequirementSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", mapType: "atomic" },
);

export const MetaConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    observedGeneration: s.int64(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.Condition", required: ["type", "status", "lastTransitionTime", "reason", "message"] },
);
export type MetaCondition = Infer<typeof MetaConditionSchema>;

export const FieldSelectorRequirementSchema = s.object(
  {
    key: s.string(),
    operator: s.string(),
    values: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement", required: ["key", "operator"] },
);
export type FieldSelectorRequirement = Infer<typeof FieldSelectorRequirementSchema>;
