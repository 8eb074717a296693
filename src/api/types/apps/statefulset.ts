/** apps/v1 StatefulSet. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PersistentVolumeClaimSchema } from "../core/persistent-volume.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const RollingUpdateStatefulSetStrategySchema = s.object(
  {
    partition: s.int32(),
    maxUnavailable: s.intOrString(),
  },
  { name: "io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy" },
);
export type RollingUpdateStatefulSetStrategy = Infer<typeof RollingUpdateStatefulSetStrategySchema>;

export const StatefulSetUpdateStrategySchema = s.object(
  {
    type: s.enum(["RollingUpdate", "OnDelete"]),
    rollingUpdate: RollingUpdateStatefulSetStrategySchema,
  },
  { name: "io.k8s.api.apps.v1.StatefulSetUpdateStrategy" },
);
export type StatefulSetUpdateStrategy = Infer<typeof StatefulSetUpdateStrategySchema>;

export const StatefulSetPersistentVolumeClaimRetentionPolicySchema = s.object(
  {
    whenDeleted: s.string(),
    whenScaled: s.string(),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy" },
);
export type StatefulSetPersistentVolumeClaimRetentionPolicy = Infer<typeof StatefulSetPersistentVolumeClaimRetentionPolicySchema>;

export const StatefulSetOrdinalsSchema = s.object(
  {
    start: s.int32(),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetOrdinals" },
);
export type StatefulSetOrdinals = Infer<typeof StatefulSetOrdinalsSchema>;

export const StatefulSetSpecSchema = s.object(
  {
    replicas: s.int32(),
    selector: LabelSelectorSchema,
    template: PodTemplateSpecSchema,
    volumeClaimTemplates: s.array(PersistentVolumeClaimSchema, { listType: "atomic" }),
    serviceName: s.string(),
    podManagementPolicy: s.enum(["OrderedReady", "Parallel"]),
    updateStrategy: StatefulSetUpdateStrategySchema,
    revisionHistoryLimit: s.int32(),
    minReadySeconds: s.int32(),
    persistentVolumeClaimRetentionPolicy: StatefulSetPersistentVolumeClaimRetentionPolicySchema,
    ordinals: StatefulSetOrdinalsSchema,
  },
  { name: "io.k8s.api.apps.v1.StatefulSetSpec", required: ["selector", "template"] },
);
export type StatefulSetSpec = Infer<typeof StatefulSetSpecSchema>;

export const StatefulSetConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetCondition", required: ["type", "status"] },
);
export type StatefulSetCondition = Infer<typeof StatefulSetConditionSchema>;

export const StatefulSetStatusSchema = s.object(
  {
    observedGeneration: s.int64(),
    replicas: s.int32(),
    readyReplicas: s.int32(),
    currentReplicas: s.int32(),
    updatedReplicas: s.int32(),
    currentRevision: s.string(),
    updateRevision: s.string(),
    collisionCount: s.int32(),
    conditions: s.array(StatefulSetConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
    availableReplicas: s.int32(),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetStatus", required: ["replicas"] },
);
export type StatefulSetStatus = Infer<typeof StatefulSetStatusSchema>;

export const StatefulSetSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: StatefulSetSpecSchema,
    status: StatefulSetStatusSchema,
  },
  { name: "io.k8s.api.apps.v1.StatefulSet", present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "StatefulSet" }] },
);
export type StatefulSet = Infer<typeof StatefulSetSchema>;

export const StatefulSetListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(StatefulSetSchema),
  },
  { name: "io.k8s.api.apps.v1.StatefulSetList", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "StatefulSetList" }] },
);
export type StatefulSetList = Infer<typeof StatefulSetListSchema>;
