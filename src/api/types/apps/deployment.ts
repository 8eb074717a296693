/** apps/v1 Deployment. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const RollingUpdateDeploymentSchema = s.object(
  {
    maxUnavailable: s.intOrString().doc("Pods (number or percent) that may be unavailable during the update; defaults to 25%."),
    maxSurge: s.intOrString().doc("Pods (number or percent) that may be created above the desired count; defaults to 25%."),
  },
  { name: "io.k8s.api.apps.v1.RollingUpdateDeployment", description: "Parameters of a rolling update." },
);
export type RollingUpdateDeployment = Infer<typeof RollingUpdateDeploymentSchema>;

export const DeploymentStrategySchema = s.object(
  {
    type: s.enum(["Recreate", "RollingUpdate"]).doc("Recreate or RollingUpdate; defaults to RollingUpdate."),
    rollingUpdate: RollingUpdateDeploymentSchema.doc("Rolling update parameters."),
  },
  { name: "io.k8s.api.apps.v1.DeploymentStrategy", description: "How a deployment replaces pods." },
);
export type DeploymentStrategy = Infer<typeof DeploymentStrategySchema>;

export const DeploymentSpecSchema = s.object(
  {
    replicas: s.int32().doc("Desired number of pods; defaults to 1."),
    selector: LabelSelectorSchema.doc("Selects the pods the deployment owns; must match the template's labels. Immutable."),
    template: PodTemplateSpecSchema.doc("Template of the pods to create."),
    strategy: DeploymentStrategySchema.with({ patchStrategy: "retainKeys" }).doc("How old pods are replaced by new ones."),
    minReadySeconds: s.int32().doc("Seconds a new pod must be ready to count as available."),
    revisionHistoryLimit: s.int32().doc("Old ReplicaSets to keep for rollback; defaults to 10."),
    paused: s.boolean().doc("Whether rollouts are paused."),
    progressDeadlineSeconds: s.int32().doc("Seconds before a stalled rollout is reported as failed; defaults to 600."),
  },
  { name: "io.k8s.api.apps.v1.DeploymentSpec", description: "The desired state of a deployment.", required: ["selector", "template"] },
);
export type DeploymentSpec = Infer<typeof DeploymentSpecSchema>;

export const DeploymentConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastUpdateTime: s.time().doc("When the condition was last updated."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.apps.v1.DeploymentCondition", description: "A condition of a deployment.", required: ["type", "status"] },
);
export type DeploymentCondition = Infer<typeof DeploymentConditionSchema>;

export const DeploymentStatusSchema = s.object(
  {
    observedGeneration: s.int64().doc("Generation observed by the controller."),
    replicas: s.int32().doc("Pods targeted by the deployment."),
    updatedReplicas: s.int32().doc("Pods running the current template."),
    readyReplicas: s.int32().doc("Ready pods."),
    availableReplicas: s.int32().doc("Pods available for at least minReadySeconds."),
    unavailableReplicas: s.int32().doc("Pods still needed for full availability."),
    terminatingReplicas: s.int32().doc("Pods being terminated."),
    conditions: s.array(DeploymentConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions: Available, Progressing, ReplicaFailure."),
    collisionCount: s.int32().doc("Counter used to avoid name collisions of ReplicaSets."),
  },
  { name: "io.k8s.api.apps.v1.DeploymentStatus", description: "The observed state of a deployment." },
);
export type DeploymentStatus = Infer<typeof DeploymentStatusSchema>;

export const DeploymentSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: DeploymentSpecSchema.doc("The desired state of the deployment."),
    status: DeploymentStatusSchema.doc("The observed state of the deployment."),
  },
  { name: "io.k8s.api.apps.v1.Deployment", description: "Declarative updates for pods through ReplicaSets.", present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "Deployment" }] },
);
export type Deployment = Infer<typeof DeploymentSchema>;

export const DeploymentListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(DeploymentSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.apps.v1.DeploymentList", description: "A list of deployments.", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "DeploymentList" }] },
);
export type DeploymentList = Infer<typeof DeploymentListSchema>;
