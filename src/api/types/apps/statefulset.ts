/** apps/v1 StatefulSet. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PersistentVolumeClaimSchema } from "../core/persistent-volume.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const RollingUpdateStatefulSetStrategySchema = s.object(
  {
    partition: s.int32().doc("Only pods with an ordinal at or above this are updated."),
    maxUnavailable: s.intOrString().doc("Pods that may be unavailable during the update."),
  },
  { name: "io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy", description: "Parameters of a StatefulSet rolling update." },
);
export type RollingUpdateStatefulSetStrategy = Infer<typeof RollingUpdateStatefulSetStrategySchema>;

export const StatefulSetUpdateStrategySchema = s.object(
  {
    type: s.enum(["RollingUpdate", "OnDelete"]).doc("RollingUpdate or OnDelete."),
    rollingUpdate: RollingUpdateStatefulSetStrategySchema.doc("Rolling update parameters."),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetUpdateStrategy", description: "How a StatefulSet updates pods." },
);
export type StatefulSetUpdateStrategy = Infer<typeof StatefulSetUpdateStrategySchema>;

export const StatefulSetPersistentVolumeClaimRetentionPolicySchema = s.object(
  {
    whenDeleted: s.string().doc("Retain or Delete when the StatefulSet is deleted."),
    whenScaled: s.string().doc("Retain or Delete when the StatefulSet is scaled down."),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy", description: "What happens to claims created from volumeClaimTemplates." },
);
export type StatefulSetPersistentVolumeClaimRetentionPolicy = Infer<typeof StatefulSetPersistentVolumeClaimRetentionPolicySchema>;

export const StatefulSetOrdinalsSchema = s.object(
  {
    start: s.int32().doc("First ordinal; defaults to 0."),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetOrdinals", description: "Numbering of StatefulSet pods." },
);
export type StatefulSetOrdinals = Infer<typeof StatefulSetOrdinalsSchema>;

export const StatefulSetSpecSchema = s.object(
  {
    replicas: s.int32().doc("Desired number of pods; defaults to 1."),
    selector: LabelSelectorSchema.doc("Selects the pods the StatefulSet owns."),
    template: PodTemplateSpecSchema.doc("Template of the pods to create."),
    volumeClaimTemplates: s.array(PersistentVolumeClaimSchema, { listType: "atomic" }).doc("Claims created for each pod."),
    serviceName: s.string().doc("Headless service governing the pods' DNS names."),
    podManagementPolicy: s.enum(["OrderedReady", "Parallel"]).doc("OrderedReady or Parallel."),
    updateStrategy: StatefulSetUpdateStrategySchema.doc("How pods are updated."),
    revisionHistoryLimit: s.int32().doc("Revisions to keep; defaults to 10."),
    minReadySeconds: s.int32().doc("Seconds a new pod must be ready to count as available."),
    persistentVolumeClaimRetentionPolicy: StatefulSetPersistentVolumeClaimRetentionPolicySchema.doc("What happens to claims on scale down and deletion."),
    ordinals: StatefulSetOrdinalsSchema.doc("Ordinal numbering of the pods."),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetSpec", description: "The desired state of a StatefulSet.", required: ["selector", "template"] },
);
export type StatefulSetSpec = Infer<typeof StatefulSetSpecSchema>;

export const StatefulSetConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetCondition", description: "A condition of a StatefulSet.", required: ["type", "status"] },
);
export type StatefulSetCondition = Infer<typeof StatefulSetConditionSchema>;

export const StatefulSetStatusSchema = s.object(
  {
    observedGeneration: s.int64().doc("Generation observed by the controller."),
    replicas: s.int32().doc("Pods created."),
    readyReplicas: s.int32().doc("Ready pods."),
    currentReplicas: s.int32().doc("Pods at currentRevision."),
    updatedReplicas: s.int32().doc("Pods at updateRevision."),
    currentRevision: s.string().doc("Revision of the older pods."),
    updateRevision: s.string().doc("Revision of the newest pods."),
    collisionCount: s.int32().doc("Counter used to avoid revision name collisions."),
    conditions: s.array(StatefulSetConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions."),
    availableReplicas: s.int32().doc("Available pods."),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetStatus", description: "The observed state of a StatefulSet.", required: ["replicas"] },
);
export type StatefulSetStatus = Infer<typeof StatefulSetStatusSchema>;

export const StatefulSetSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: StatefulSetSpecSchema.doc("The desired state of the StatefulSet."),
    status: StatefulSetStatusSchema.doc("The observed state of the StatefulSet."),
  },
  { name: "io.k8s.api.apps.v1.StatefulSet", description: "Pods with stable identities and storage, created and updated in order.", present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "StatefulSet" }] },
);
export type StatefulSet = Infer<typeof StatefulSetSchema>;

export const StatefulSetListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(StatefulSetSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetList", description: "A list of StatefulSets.", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "StatefulSetList" }] },
);
export type StatefulSetList = Infer<typeof StatefulSetListSchema>;
