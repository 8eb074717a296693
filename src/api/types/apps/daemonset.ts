/** apps/v1 DaemonSet. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const RollingUpdateDaemonSetSchema = s.object(
  {
    maxUnavailable: s.intOrString().doc("Nodes whose pod may be unavailable during the update."),
    maxSurge: s.intOrString().doc("Nodes that may run an extra pod during the update."),
  },
  { name: "io.k8s.api.apps.v1.RollingUpdateDaemonSet", description: "Parameters of a DaemonSet rolling update." },
);
export type RollingUpdateDaemonSet = Infer<typeof RollingUpdateDaemonSetSchema>;

export const DaemonSetUpdateStrategySchema = s.object(
  {
    type: s.enum(["RollingUpdate", "OnDelete"]).doc("RollingUpdate or OnDelete."),
    rollingUpdate: RollingUpdateDaemonSetSchema.doc("Rolling update parameters."),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetUpdateStrategy", description: "How a DaemonSet updates pods." },
);
export type DaemonSetUpdateStrategy = Infer<typeof DaemonSetUpdateStrategySchema>;

export const DaemonSetSpecSchema = s.object(
  {
    selector: LabelSelectorSchema.doc("Selects the pods the DaemonSet owns."),
    template: PodTemplateSpecSchema.doc("Template of the pods to create."),
    updateStrategy: DaemonSetUpdateStrategySchema.doc("How pods are updated."),
    minReadySeconds: s.int32().doc("Seconds a new pod must be ready to count as available."),
    revisionHistoryLimit: s.int32().doc("Revisions to keep; defaults to 10."),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetSpec", description: "The desired state of a DaemonSet.", required: ["selector", "template"] },
);
export type DaemonSetSpec = Infer<typeof DaemonSetSpecSchema>;

export const DaemonSetConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetCondition", description: "A condition of a DaemonSet.", required: ["type", "status"] },
);
export type DaemonSetCondition = Infer<typeof DaemonSetConditionSchema>;

export const DaemonSetStatusSchema = s.object(
  {
    currentNumberScheduled: s.int32().doc("Nodes running a pod that should."),
    numberMisscheduled: s.int32().doc("Nodes running a pod that should not."),
    desiredNumberScheduled: s.int32().doc("Nodes that should run a pod."),
    numberReady: s.int32().doc("Nodes with a ready pod."),
    observedGeneration: s.int64().doc("Generation observed by the controller."),
    updatedNumberScheduled: s.int32().doc("Nodes running the current template."),
    numberAvailable: s.int32().doc("Nodes with an available pod."),
    numberUnavailable: s.int32().doc("Nodes that should run an available pod but do not."),
    collisionCount: s.int32().doc("Counter used to avoid revision name collisions."),
    conditions: s.array(DaemonSetConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions."),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetStatus", description: "The observed state of a DaemonSet.", required: ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"] },
);
export type DaemonSetStatus = Infer<typeof DaemonSetStatusSchema>;

export const DaemonSetSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: DaemonSetSpecSchema.doc("The desired state of the DaemonSet."),
    status: DaemonSetStatusSchema.doc("The observed state of the DaemonSet."),
  },
  { name: "io.k8s.api.apps.v1.DaemonSet", description: "Runs a copy of a pod on each eligible node.", present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "DaemonSet" }] },
);
export type DaemonSet = Infer<typeof DaemonSetSchema>;

export const DaemonSetListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(DaemonSetSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetList", description: "A list of DaemonSets.", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "DaemonSetList" }] },
);
export type DaemonSetList = Infer<typeof DaemonSetListSchema>;
