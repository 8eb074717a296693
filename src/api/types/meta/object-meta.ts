/** meta.k8s.io/v1 object and list metadata, owner references, label selectors, conditions. */
import { s, type Schema, type Infer } from "../../schema/dsl.ts";
import type { LabelSelector, LabelSelectorRequirement, ListMeta, ManagedFieldsEntry, ObjectMeta, OwnerReference } from "../../meta/types.ts";

export const OwnerReferenceSchema: Schema<OwnerReference> = s.object(
  {
    apiVersion: s.string().doc("API version of the owner."),
    kind: s.string().doc("Kind of the owner."),
    name: s.string().doc("Name of the owner."),
    uid: s.string().doc("UID of the owner."),
    controller: s.boolean().doc("True if the owner is the managing controller; at most one owner can be."),
    blockOwnerDeletion: s.boolean().doc("If true, foreground deletion of the owner waits until this object is deleted."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", description: "A reference to an owning object in the same namespace (or the cluster).", required: ["apiVersion", "kind", "name", "uid"], mapType: "atomic" },
);

export const ManagedFieldsEntrySchema: Schema<ManagedFieldsEntry> = s.object(
  {
    manager: s.string().doc("The name of the field manager."),
    operation: s.enum(["Apply", "Update"]).doc("The kind of write that set these fields: Apply or Update."),
    apiVersion: s.string().doc("The API version the fields are expressed in."),
    time: s.time().doc("When the manager last changed these fields."),
    fieldsType: s.enum(["FieldsV1"]).doc("The format of fieldsV1; only \"FieldsV1\"."),
    fieldsV1: s.anyObject().doc("The set of owned fields, encoded as a tree of field paths."),
    subresource: s.string().doc("The subresource the write went through, if any."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry", description: "The set of fields one manager owns, recorded for server-side apply." },
);

export const ObjectMetaSchema: Schema<ObjectMeta> = s.object(
  {
    name: s.string().doc("Unique name within the namespace (or the cluster, for cluster-scoped kinds). Cannot be changed."),
    generateName: s.string().doc("Prefix from which the server builds a unique name when name is empty."),
    namespace: s.string().doc("The namespace the object lives in; empty for cluster-scoped kinds."),
    selfLink: s.string().doc("Deprecated; no longer set by the server."),
    uid: s.string().doc("Unique identifier the server assigns at creation; never reused."),
    resourceVersion: s.string().doc("Opaque version of this object, changed on every write; used for optimistic concurrency and watches."),
    generation: s.int64().doc("Sequence number of changes to the desired state, set by the server."),
    creationTimestamp: s.time().doc("When the server created the object (RFC 3339, UTC)."),
    deletionTimestamp: s.time().doc("When the object will be (or was requested to be) deleted; set by the server on graceful deletion."),
    deletionGracePeriodSeconds: s.int64().doc("Seconds the object has to terminate gracefully before it is removed."),
    labels: s.map(s.string()).doc("Key/value pairs used to select and organize objects."),
    annotations: s.map(s.string()).doc("Non-identifying key/value data kept with the object for tools and controllers."),
    ownerReferences: s.array(OwnerReferenceSchema, { listType: "map", listMapKeys: ["uid"], patchStrategy: "merge", patchMergeKey: "uid" }).doc("Objects this one depends on; when all owners are gone it is garbage collected."),
    finalizers: s.array(s.string(), { listType: "set", patchStrategy: "merge" }).doc("Names that must be removed before the object is deleted from storage."),
    managedFields: s.array(ManagedFieldsEntrySchema, { listType: "atomic" }).doc("Which field manager owns which fields, for server-side apply."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", description: "Metadata every persisted object has: identity, labels, annotations, ownership and lifecycle fields." },
);

export const ListMetaSchema: Schema<ListMeta> = s.object(
  {
    selfLink: s.string().doc("Deprecated; no longer set by the server."),
    resourceVersion: s.string().doc("The storage version this list was read at; watch from it to see later changes."),
    continue: s.string().doc("Opaque token to fetch the next page of a limited list."),
    remainingItemCount: s.int64().doc("Approximate number of items after this page, when known."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta", description: "Metadata of list responses." },
);

export const LabelSelectorRequirementSchema: Schema<LabelSelectorRequirement> = s.object(
  {
    key: s.string().doc("The label key."),
    operator: s.enum(["In", "NotIn", "Exists", "DoesNotExist"]).doc("In, NotIn, Exists or DoesNotExist."),
    values: s.array(s.string(), { listType: "atomic" }).doc("Values for In and NotIn; must be empty for Exists and DoesNotExist."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", description: "One label requirement: a key, an operator and values.", required: ["key", "operator"] },
);

export const LabelSelectorSchema: Schema<LabelSelector> = s.object(
  {
    matchLabels: s.map(s.string()).doc("Exact label matches; each entry is equivalent to an In expression with one value."),
    matchExpressions: s.array(LabelSelectorRequirementSchema, { listType: "atomic" }).doc("Label requirements, all of which must hold."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", description: "A label query; matchLabels and matchExpressions are ANDed. An empty selector matches everything.", mapType: "atomic" },
);

export const MetaConditionSchema = s.object(
  {
    type: s.string().doc("The condition type in CamelCase."),
    status: s.string().doc("True, False or Unknown."),
    observedGeneration: s.int64().doc("The metadata.generation this condition was computed from."),
    lastTransitionTime: s.time().doc("When the status last changed."),
    reason: s.string().doc("A CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.Condition", description: "A standard condition of a resource's current state.", required: ["type", "status", "lastTransitionTime", "reason", "message"] },
);
export type MetaCondition = Infer<typeof MetaConditionSchema>;

export const FieldSelectorRequirementSchema = s.object(
  {
    key: s.string().doc("The field path."),
    operator: s.string().doc("In, NotIn, Exists or DoesNotExist."),
    values: s.array(s.string(), { listType: "atomic" }).doc("Values for In and NotIn."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement", description: "One field requirement: a field key, an operator and values.", required: ["key", "operator"] },
);
export type FieldSelectorRequirement = Infer<typeof FieldSelectorRequirementSchema>;
