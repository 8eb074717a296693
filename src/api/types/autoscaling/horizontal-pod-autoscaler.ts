/**
 * autoscaling/v2 HorizontalPodAutoscaler. Stored and served only: no controller acts on it
 * here. Required fields, list types and merge keys follow upstream's OpenAPI (k8s.io/api
 * v0.34); upstream declares no enums for these types, so the type fields are plain
 * strings and validation (not decoding) reports unsupported values.
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const CrossVersionObjectReferenceSchema = s.object(
  {
    kind: s.string().doc("Kind of the referent, such as Deployment."),
    name: s.string().doc("Name of the referent, in the autoscaler's namespace."),
    apiVersion: s.string().doc("API version of the referent, such as apps/v1."),
  },
  { name: "io.k8s.api.autoscaling.v2.CrossVersionObjectReference", description: "Enough information to identify the referred resource.", required: ["kind", "name"] },
);
export type CrossVersionObjectReference = Infer<typeof CrossVersionObjectReferenceSchema>;

export const MetricIdentifierSchema = s.object(
  {
    name: s.string().doc("Name of the metric."),
    selector: LabelSelectorSchema.doc("Narrows the metric to the series with these labels; passed to the metrics server. Unset: the name alone is used."),
  },
  { name: "io.k8s.api.autoscaling.v2.MetricIdentifier", description: "The name and optional selector of a metric.", required: ["name"] },
);
export type MetricIdentifier = Infer<typeof MetricIdentifierSchema>;

export const MetricTargetSchema = s.object(
  {
    type: s.string().doc("Utilization, Value or AverageValue: which of the other fields holds the target."),
    value: s.quantity().doc("Target value of the metric."),
    averageValue: s.quantity().doc("Target value of the metric averaged over the relevant pods."),
    averageUtilization: s.int32().doc("Target average of the resource metric over the relevant pods, as a percentage of the pods' requests; Resource and ContainerResource metrics only."),
  },
  { name: "io.k8s.api.autoscaling.v2.MetricTarget", description: "The target value, average value or average utilization of a metric.", required: ["type"] },
);
export type MetricTarget = Infer<typeof MetricTargetSchema>;

export const MetricValueStatusSchema = s.object(
  {
    value: s.quantity().doc("Current value of the metric."),
    averageValue: s.quantity().doc("Current value of the metric averaged over the relevant pods."),
    averageUtilization: s.int32().doc("Current average of the resource metric over the relevant pods, as a percentage of the pods' requests."),
  },
  { name: "io.k8s.api.autoscaling.v2.MetricValueStatus", description: "The current value of a metric." },
);
export type MetricValueStatus = Infer<typeof MetricValueStatusSchema>;

export const ObjectMetricSourceSchema = s.object(
  {
    describedObject: CrossVersionObjectReferenceSchema.doc("The object the metric describes."),
    target: MetricTargetSchema.doc("Target value of the metric: Value or AverageValue."),
    metric: MetricIdentifierSchema.doc("The metric, by name and selector."),
  },
  { name: "io.k8s.api.autoscaling.v2.ObjectMetricSource", description: "Scale on a metric of one Kubernetes object, such as hits per second on an Ingress.", required: ["describedObject", "target", "metric"] },
);
export type ObjectMetricSource = Infer<typeof ObjectMetricSourceSchema>;

export const PodsMetricSourceSchema = s.object(
  {
    metric: MetricIdentifierSchema.doc("The metric, by name and selector."),
    target: MetricTargetSchema.doc("Target value of the metric: AverageValue."),
  },
  { name: "io.k8s.api.autoscaling.v2.PodsMetricSource", description: "Scale on a metric of each pod of the target, averaged, such as transactions processed per second.", required: ["metric", "target"] },
);
export type PodsMetricSource = Infer<typeof PodsMetricSourceSchema>;

export const ResourceMetricSourceSchema = s.object(
  {
    name: s.string().doc("The resource, such as cpu or memory."),
    target: MetricTargetSchema.doc("Target value of the metric: Utilization or AverageValue."),
  },
  { name: "io.k8s.api.autoscaling.v2.ResourceMetricSource", description: "Scale on a resource (as in requests and limits) of each pod of the target, averaged, such as CPU or memory.", required: ["name", "target"] },
);
export type ResourceMetricSource = Infer<typeof ResourceMetricSourceSchema>;

export const ContainerResourceMetricSourceSchema = s.object(
  {
    name: s.string().doc("The resource, such as cpu or memory."),
    target: MetricTargetSchema.doc("Target value of the metric: Utilization or AverageValue."),
    container: s.string().doc("The container, in the pods of the target, whose usage counts."),
  },
  { name: "io.k8s.api.autoscaling.v2.ContainerResourceMetricSource", description: "Scale on a resource of one container in each pod of the target, averaged.", required: ["name", "target", "container"] },
);
export type ContainerResourceMetricSource = Infer<typeof ContainerResourceMetricSourceSchema>;

export const ExternalMetricSourceSchema = s.object(
  {
    metric: MetricIdentifierSchema.doc("The metric, by name and selector."),
    target: MetricTargetSchema.doc("Target value of the metric: Value or AverageValue."),
  },
  { name: "io.k8s.api.autoscaling.v2.ExternalMetricSource", description: "Scale on a metric from outside the cluster, such as the length of a cloud queue.", required: ["metric", "target"] },
);
export type ExternalMetricSource = Infer<typeof ExternalMetricSourceSchema>;

export const MetricSpecSchema = s.object(
  {
    type: s.string().doc("ContainerResource, External, Object, Pods or Resource: the source type, naming the one field below that is set."),
    object: ObjectMetricSourceSchema.doc("A metric of one Kubernetes object."),
    pods: PodsMetricSourceSchema.doc("A metric of each pod of the target, averaged."),
    resource: ResourceMetricSourceSchema.doc("A resource metric of each pod of the target, such as CPU or memory."),
    containerResource: ContainerResourceMetricSourceSchema.doc("A resource metric of one container in each pod of the target."),
    external: ExternalMetricSourceSchema.doc("A metric from outside the cluster."),
  },
  { name: "io.k8s.api.autoscaling.v2.MetricSpec", description: "One metric to scale on: the type and the matching source.", required: ["type"] },
);
export type MetricSpec = Infer<typeof MetricSpecSchema>;

export const HPAScalingPolicySchema = s.object(
  {
    type: s.string().doc("Pods (an absolute number of pods) or Percent (of the current pods)."),
    value: s.int32().doc("The change the policy permits; greater than zero."),
    periodSeconds: s.int32().doc("The window the policy holds over, in seconds: 1 to 1800."),
  },
  { name: "io.k8s.api.autoscaling.v2.HPAScalingPolicy", description: "A limit on scaling that must hold over a past interval.", required: ["type", "value", "periodSeconds"] },
);
export type HPAScalingPolicy = Infer<typeof HPAScalingPolicySchema>;

export const HPAScalingRulesSchema = s.object(
  {
    stabilizationWindowSeconds: s.int32().doc("Seconds of past recommendations considered, 0 to 3600. Unset: 0 for scale up, 300 for scale down."),
    selectPolicy: s.string().doc("Max, Min or Disabled: which policy applies; Max when unset."),
    policies: s.array(HPAScalingPolicySchema, { listType: "atomic" }).doc("Scaling policies. Unset: for scale up, double the pods or add 4 per 15s; for scale down, remove all pods per 15s."),
    tolerance: s.quantity().doc("Relative metric change (0.01 for 1%) below which the replica count is kept; at least zero. Alpha (HPAConfigurableTolerance), off: dropped unless already stored."),
  },
  { name: "io.k8s.api.autoscaling.v2.HPAScalingRules", description: "The scaling behavior in one direction: policies, stabilization window and tolerance." },
);
export type HPAScalingRules = Infer<typeof HPAScalingRulesSchema>;

export const HorizontalPodAutoscalerBehaviorSchema = s.object(
  {
    scaleUp: HPAScalingRulesSchema.doc("Rules for scaling up. Unset: the higher of 4 pods or 100% per 15 seconds, no stabilization."),
    scaleDown: HPAScalingRulesSchema.doc("Rules for scaling down. Unset: down to minReplicas at once, after a 300-second stabilization window."),
  },
  { name: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior", description: "The scaling behavior up and down." },
);
export type HorizontalPodAutoscalerBehavior = Infer<typeof HorizontalPodAutoscalerBehaviorSchema>;

export const HorizontalPodAutoscalerSpecSchema = s.object(
  {
    scaleTargetRef: CrossVersionObjectReferenceSchema.doc("The resource to scale (it must have the scale subresource); its pods supply the metrics."),
    minReplicas: s.int32().doc("Lower limit of the replicas; defaults to 1."),
    maxReplicas: s.int32().doc("Upper limit of the replicas; not less than minReplicas."),
    metrics: s.array(MetricSpecSchema, { listType: "atomic" }).doc("Metrics the desired replica count is computed from (the highest count wins). Unset: 80% average CPU utilization."),
    behavior: HorizontalPodAutoscalerBehaviorSchema.doc("Scaling behavior up and down; defaults apply where unset."),
  },
  { name: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", description: "The autoscaler the user wants.", required: ["scaleTargetRef", "maxReplicas"] },
);
export type HorizontalPodAutoscalerSpec = Infer<typeof HorizontalPodAutoscalerSpecSchema>;

export const ObjectMetricStatusSchema = s.object(
  {
    metric: MetricIdentifierSchema.doc("The metric, by name and selector."),
    current: MetricValueStatusSchema.doc("Current value of the metric."),
    describedObject: CrossVersionObjectReferenceSchema.doc("The object the metric describes."),
  },
  { name: "io.k8s.api.autoscaling.v2.ObjectMetricStatus", description: "The current value of a metric of one Kubernetes object.", required: ["metric", "current", "describedObject"] },
);
export type ObjectMetricStatus = Infer<typeof ObjectMetricStatusSchema>;

export const PodsMetricStatusSchema = s.object(
  {
    metric: MetricIdentifierSchema.doc("The metric, by name and selector."),
    current: MetricValueStatusSchema.doc("Current value of the metric."),
  },
  { name: "io.k8s.api.autoscaling.v2.PodsMetricStatus", description: "The current value of a metric of each pod of the target.", required: ["metric", "current"] },
);
export type PodsMetricStatus = Infer<typeof PodsMetricStatusSchema>;

export const ResourceMetricStatusSchema = s.object(
  {
    name: s.string().doc("The resource, such as cpu or memory."),
    current: MetricValueStatusSchema.doc("Current value of the metric."),
  },
  { name: "io.k8s.api.autoscaling.v2.ResourceMetricStatus", description: "The current value of a resource metric of each pod of the target.", required: ["name", "current"] },
);
export type ResourceMetricStatus = Infer<typeof ResourceMetricStatusSchema>;

export const ContainerResourceMetricStatusSchema = s.object(
  {
    name: s.string().doc("The resource, such as cpu or memory."),
    current: MetricValueStatusSchema.doc("Current value of the metric."),
    container: s.string().doc("The container, in the pods of the target."),
  },
  { name: "io.k8s.api.autoscaling.v2.ContainerResourceMetricStatus", description: "The current value of a resource metric of one container in each pod of the target.", required: ["name", "current", "container"] },
);
export type ContainerResourceMetricStatus = Infer<typeof ContainerResourceMetricStatusSchema>;

export const ExternalMetricStatusSchema = s.object(
  {
    metric: MetricIdentifierSchema.doc("The metric, by name and selector."),
    current: MetricValueStatusSchema.doc("Current value of the metric."),
  },
  { name: "io.k8s.api.autoscaling.v2.ExternalMetricStatus", description: "The current value of a metric from outside the cluster.", required: ["metric", "current"] },
);
export type ExternalMetricStatus = Infer<typeof ExternalMetricStatusSchema>;

export const MetricStatusSchema = s.object(
  {
    type: s.string().doc("ContainerResource, External, Object, Pods or Resource: the source type, naming the one field below that is set."),
    object: ObjectMetricStatusSchema.doc("A metric of one Kubernetes object."),
    pods: PodsMetricStatusSchema.doc("A metric of each pod of the target."),
    resource: ResourceMetricStatusSchema.doc("A resource metric of each pod of the target."),
    containerResource: ContainerResourceMetricStatusSchema.doc("A resource metric of one container in each pod of the target."),
    external: ExternalMetricStatusSchema.doc("A metric from outside the cluster."),
  },
  { name: "io.k8s.api.autoscaling.v2.MetricStatus", description: "The last read state of one metric.", required: ["type"] },
);
export type MetricStatus = Infer<typeof MetricStatusSchema>;

export const HorizontalPodAutoscalerConditionSchema = s.object(
  {
    type: s.string().doc("ScalingActive, AbleToScale or ScalingLimited."),
    status: s.string().doc("True, False or Unknown."),
    lastTransitionTime: s.time().doc("When the status last changed."),
    reason: s.string().doc("A CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerCondition", description: "The state of an autoscaler at a point in time.", required: ["type", "status"] },
);
export type HorizontalPodAutoscalerCondition = Infer<typeof HorizontalPodAutoscalerConditionSchema>;

export const HorizontalPodAutoscalerStatusSchema = s.object(
  {
    observedGeneration: s.int64().doc("The most recent generation the autoscaler observed."),
    lastScaleTime: s.time().doc("When the autoscaler last changed the replica count."),
    currentReplicas: s.int32().doc("Replicas of the target as the autoscaler last saw them."),
    desiredReplicas: s.int32().doc("Replicas of the target as the autoscaler last computed them."),
    currentMetrics: s.array(MetricStatusSchema, { listType: "atomic" }).doc("The last read state of the metrics."),
    conditions: s
      .array(HorizontalPodAutoscalerConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" })
      .doc("Whether the autoscaler can scale its target, and why not."),
  },
  { name: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", description: "The observed state of an autoscaler.", required: ["desiredReplicas"] },
);
export type HorizontalPodAutoscalerStatus = Infer<typeof HorizontalPodAutoscalerStatusSchema>;

export const HorizontalPodAutoscalerSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: HorizontalPodAutoscalerSpecSchema.doc("The autoscaler the user wants: target, replica limits, metrics and behavior."),
    status: HorizontalPodAutoscalerStatusSchema.doc("The observed state of the autoscaler."),
  },
  {
    name: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
    description: "Scales the replica count of a resource with the scale subresource from the metrics it names.",
    present: ["metadata"],
    gvk: [{ group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler" }],
  },
);
export type HorizontalPodAutoscaler = Infer<typeof HorizontalPodAutoscalerSchema>;

export const HorizontalPodAutoscalerListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(HorizontalPodAutoscalerSchema).doc("The objects in this list."),
  },
  {
    name: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerList",
    description: "A list of HorizontalPodAutoscalers.",
    required: ["items"],
    present: ["metadata"],
    gvk: [{ group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscalerList" }],
  },
);
export type HorizontalPodAutoscalerList = Infer<typeof HorizontalPodAutoscalerListSchema>;
