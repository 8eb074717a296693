/** apps/v1 Deployment. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const RollingUpdateDeploymentSchema = s.object(
  {
    maxUnavailable: s.intOrString(),
    maxSurge: s.intOrString(),
  },
  { name: "io.k8s.api.apps.v1.RollingUpdateDeployment" },
);
export type RollingUpdateDeployment = Infer<typeof RollingUpdateDeploymentSchema>;

export const DeploymentStrategySchema = s.object(
  {
    type: s.enum(["Recreate", "RollingUpdate"]),
    rollingUpdate: RollingUpdateDeploymentSchema,
  },
  { name: "io.k8s.api.apps.v1.DeploymentStrategy" },
);
export type DeploymentStrategy = Infer<typeof DeploymentStrategySchema>;

export const DeploymentSpecSchema = s.object(
  {
    replicas: s.int32(),
    selector: LabelSelectorSchema,
    template: PodTemplateSpecSchema,
    strategy: DeploymentStrategySchema.with({ patchStrategy: "retainKeys" }),
    minReadySeconds: s.int32(),
    revisionHistoryLimit: s.int32(),
    paused: s.boolean(),
    progressDeadlineSeconds: s.int32(),
  },
  { name: "io.k8s.api.apps.v1.DeploymentSpec", required: ["selector", "template"] },
);
export type DeploymentSpec = Infer<typeof DeploymentSpecSchema>;

export const DeploymentConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    lastUpdateTime: s.time(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.apps.v1.DeploymentCondition", required: ["type", "status"] },
);
export type DeploymentCondition = Infer<typeof DeploymentConditionSchema>;

export const DeploymentStatusSchema = s.object(
  {
    observedGeneration: s.int64(),
    replicas: s.int32(),
    updatedReplicas: s.int32(),
    readyReplicas: s.int32(),
    availableReplicas: s.int32(),
    unavailableReplicas: s.int32(),
    terminatingReplicas: s.int32(),
    conditions: s.array(DeploymentConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
    collisionCount: s.int32(),
  },
  { name: "io.k8s.api.apps.v1.DeploymentStatus" },
);
export type DeploymentStatus = Infer<typeof DeploymentStatusSchema>;

export const DeploymentSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: DeploymentSpecSchema,
    status: DeploymentStatusSchema,
  },
  { name: "io.k8s.api.apps.v1.Deployment", present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "Deployment" }] },
);
export type Deployment = Infer<typeof DeploymentSchema>;

export const DeploymentListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(DeploymentSchema),
  },
  { name: "io.k8s.api.apps.v1.DeploymentList", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "DeploymentList" }] },
);
export type DeploymentList = Infer<typeof DeploymentListSchema>;
