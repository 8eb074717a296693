/** apps/v1 ReplicaSet. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ReplicaSetSpecSchema = s.object(
  {
    replicas: s.int32(),
    minReadySeconds: s.int32(),
    selector: LabelSelectorSchema,
    template: PodTemplateSpecSchema,
  },
  { name: "io.k8s.api.apps.v1.ReplicaSetSpec", required: ["selector"] },
);
export type ReplicaSetSpec = Infer<typeof ReplicaSetSpecSchema>;

export const ReplicaSetConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.apps.v1.ReplicaSetCondition", required: ["type", "status"] },
);
export type ReplicaSetCondition = Infer<typeof ReplicaSetConditionSchema>;

export const ReplicaSetStatusSchema = s.object(
  {
    replicas: s.int32(),
    fullyLabeledReplicas: s.int32(),
    readyReplicas: s.int32(),
    availableReplicas: s.int32(),
    terminatingReplicas: s.int32(),
    observedGeneration: s.int64(),
    conditions: s.array(ReplicaSetConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
  },
  { name: "io.k8s.api.apps.v1.ReplicaSetStatus", required: ["replicas"] },
);
export type ReplicaSetStatus = Infer<typeof ReplicaSetStatusSchema>;

export const ReplicaSetSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: ReplicaSetSpecSchema,
    status: ReplicaSetStatusSchema,
  },
  { name: "io.k8s.api.apps.v1.ReplicaSet", present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "ReplicaSet" }] },
);
export type ReplicaSet = Infer<typeof ReplicaSetSchema>;

export const ReplicaSetListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(ReplicaSetSchema),
  },
  { name: "io.k8s.api.apps.v1.ReplicaSetList", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "ReplicaSetList" }] },
);
export type ReplicaSetList = Infer<typeof ReplicaSetListSchema>;
