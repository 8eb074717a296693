/**
 * core/v1 ReplicationController: the predecessor of the ReplicaSet, still served because
 * clients expect it (kubectl apply --prune's default allowlist names it). Same shape as a
 * ReplicaSet except that the selector is a plain label map rather than a LabelSelector.
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "./pod.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ReplicationControllerSpecSchema = s.object(
  {
    replicas: s.int32().doc("Desired number of pods; defaults to 1."),
    minReadySeconds: s.int32().doc("Seconds a new pod must be ready to count as available."),
    selector: s.map(s.string(), { mapType: "atomic" }).doc("Labels the pods must have to count; defaults to the template's labels."),
    template: PodTemplateSpecSchema.doc("Template of the pods to create."),
  },
  { name: "io.k8s.api.core.v1.ReplicationControllerSpec", description: "The desired state of a ReplicationController." },
);
export type ReplicationControllerSpec = Infer<typeof ReplicationControllerSpecSchema>;

export const ReplicationControllerConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.core.v1.ReplicationControllerCondition", description: "A condition of a ReplicationController.", required: ["type", "status"] },
);
export type ReplicationControllerCondition = Infer<typeof ReplicationControllerConditionSchema>;

export const ReplicationControllerStatusSchema = s.object(
  {
    replicas: s.int32().doc("Current number of pods."),
    fullyLabeledReplicas: s.int32().doc("Pods whose labels match the template's."),
    readyReplicas: s.int32().doc("Ready pods."),
    availableReplicas: s.int32().doc("Available pods."),
    observedGeneration: s.int64().doc("Generation observed by the controller."),
    conditions: s.array(ReplicationControllerConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions."),
  },
  { name: "io.k8s.api.core.v1.ReplicationControllerStatus", description: "The observed state of a ReplicationController.", required: ["replicas"] },
);
export type ReplicationControllerStatus = Infer<typeof ReplicationControllerStatusSchema>;

export const ReplicationControllerSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: ReplicationControllerSpecSchema.doc("The desired state of the ReplicationController."),
    status: ReplicationControllerStatusSchema.doc("The observed state of the ReplicationController."),
  },
  { name: "io.k8s.api.core.v1.ReplicationController", description: "Keeps a number of identical pods running.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ReplicationController" }] },
);
export type ReplicationController = Infer<typeof ReplicationControllerSchema>;

export const ReplicationControllerListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ReplicationControllerSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.ReplicationControllerList", description: "A list of ReplicationControllers.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ReplicationControllerList" }] },
);
export type ReplicationControllerList = Infer<typeof ReplicationControllerListSchema>;
