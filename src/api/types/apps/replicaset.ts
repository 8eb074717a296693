/** apps/v1 ReplicaSet. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ReplicaSetSpecSchema = s.object(
  {
    replicas: s.int32().doc("Desired number of pods; defaults to 1."),
    minReadySeconds: s.int32().doc("Seconds a new pod must be ready to count as available."),
    selector: LabelSelectorSchema.doc("Selects the pods the ReplicaSet owns."),
    template: PodTemplateSpecSchema.doc("Template of the pods to create."),
  },
  { name: "io.k8s.api.apps.v1.ReplicaSetSpec", description: "The desired state of a ReplicaSet.", required: ["selector"] },
);
export type ReplicaSetSpec = Infer<typeof ReplicaSetSpecSchema>;

export const ReplicaSetConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.apps.v1.ReplicaSetCondition", description: "A condition of a ReplicaSet.", required: ["type", "status"] },
);
export type ReplicaSetCondition = Infer<typeof ReplicaSetConditionSchema>;

export const ReplicaSetStatusSchema = s.object(
  {
    replicas: s.int32().doc("Current number of pods."),
    fullyLabeledReplicas: s.int32().doc("Pods whose labels match the template's."),
    readyReplicas: s.int32().doc("Ready pods."),
    availableReplicas: s.int32().doc("Available pods."),
    terminatingReplicas: s.int32().doc("Pods being terminated."),
    observedGeneration: s.int64().doc("Generation observed by the controller."),
    conditions: s.array(ReplicaSetConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions."),
  },
  { name: "io.k8s.api.apps.v1.ReplicaSetStatus", description: "The observed state of a ReplicaSet.", required: ["replicas"] },
);
export type ReplicaSetStatus = Infer<typeof ReplicaSetStatusSchema>;

export const ReplicaSetSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: ReplicaSetSpecSchema.doc("The desired state of the ReplicaSet."),
    status: ReplicaSetStatusSchema.doc("The observed state of the ReplicaSet."),
  },
  { name: "io.k8s.api.apps.v1.ReplicaSet", description: "Keeps a number of identical pods running.", present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "ReplicaSet" }] },
);
export type ReplicaSet = Infer<typeof ReplicaSetSchema>;

export const ReplicaSetListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ReplicaSetSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.apps.v1.ReplicaSetList", description: "A list of ReplicaSets.", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "ReplicaSetList" }] },
);
export type ReplicaSetList = Infer<typeof ReplicaSetListSchema>;
