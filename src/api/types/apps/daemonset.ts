/** apps/v1 DaemonSet. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const RollingUpdateDaemonSetSchema = s.object(
  {
    maxUnavailable: s.intOrString(),
    maxSurge: s.intOrString(),
  },
  { name: "io.k8s.api.apps.v1.RollingUpdateDaemonSet" },
);
export type RollingUpdateDaemonSet = Infer<typeof RollingUpdateDaemonSetSchema>;

export const DaemonSetUpdateStrategySchema = s.object(
  {
    type: s.enum(["RollingUpdate", "OnDelete"]),
    rollingUpdate: RollingUpdateDaemonSetSchema,
  },
  { name: "io.k8s.api.apps.v1.DaemonSetUpdateStrategy" },
);
export type DaemonSetUpdateStrategy = Infer<typeof DaemonSetUpdateStrategySchema>;

export const DaemonSetSpecSchema = s.object(
  {
    selector: LabelSelectorSchema,
    template: PodTemplateSpecSchema,
    updateStrategy: DaemonSetUpdateStrategySchema,
    minReadySeconds: s.int32(),
    revisionHistoryLimit: s.int32(),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetSpec", required: ["selector", "template"] },
);
export type DaemonSetSpec = Infer<typeof DaemonSetSpecSchema>;

export const DaemonSetConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetCondition", required: ["type", "status"] },
);
export type DaemonSetCondition = Infer<typeof DaemonSetConditionSchema>;

export const DaemonSetStatusSchema = s.object(
  {
    currentNumberScheduled: s.int32(),
    numberMisscheduled: s.int32(),
    desiredNumberScheduled: s.int32(),
    numberReady: s.int32(),
    observedGeneration: s.int64(),
    updatedNumberScheduled: s.int32(),
    numberAvailable: s.int32(),
    numberUnavailable: s.int32(),
    collisionCount: s.int32(),
    conditions: s.array(DaemonSetConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetStatus", required: ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"] },
);
export type DaemonSetStatus = Infer<typeof DaemonSetStatusSchema>;

export const DaemonSetSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: DaemonSetSpecSchema,
    status: DaemonSetStatusSchema,
  },
  { name: "io.k8s.api.apps.v1.DaemonSet", present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "DaemonSet" }] },
);
export type DaemonSet = Infer<typeof DaemonSetSchema>;

export const DaemonSetListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(DaemonSetSchema),
  },
  { name: "io.k8s.api.apps.v1.DaemonSetList", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "DaemonSetList" }] },
);
export type DaemonSetList = Infer<typeof DaemonSetListSchema>;
