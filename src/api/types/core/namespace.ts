/** core/v1 Namespace. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const NamespaceSpecSchema = s.object(
  {
    finalizers: s.array(s.string(), { listType: "atomic" }).doc("Finalizers that must be cleared before the namespace is removed."),
  },
  { name: "io.k8s.api.core.v1.NamespaceSpec", description: "The desired state of a namespace." },
);
export type NamespaceSpec = Infer<typeof NamespaceSpecSchema>;

export const NamespaceConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.core.v1.NamespaceCondition", description: "A condition of a namespace.", required: ["type", "status"] },
);
export type NamespaceCondition = Infer<typeof NamespaceConditionSchema>;

export const NamespaceStatusSchema = s.object(
  {
    phase: s.enum(["Active", "Terminating"]).doc("Active or Terminating."),
    conditions: s.array(NamespaceConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions."),
  },
  { name: "io.k8s.api.core.v1.NamespaceStatus", description: "The observed state of a namespace." },
);
export type NamespaceStatus = Infer<typeof NamespaceStatusSchema>;

export const NamespaceSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: NamespaceSpecSchema.doc("Finalizers of the namespace."),
    status: NamespaceStatusSchema.doc("Phase of the namespace."),
  },
  { name: "io.k8s.api.core.v1.Namespace", description: "A scope for names; most objects live in a namespace.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Namespace" }] },
);
export type Namespace = Infer<typeof NamespaceSchema>;

export const NamespaceListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(NamespaceSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.NamespaceList", description: "A list of namespaces.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "NamespaceList" }] },
);
export type NamespaceList = Infer<typeof NamespaceListSchema>;
