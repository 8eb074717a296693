/**
 * metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics (k8s.io/metrics): the resource metrics
 * API `kubectl top` and autoscalers read. Read-only; the apiserver computes them from the
 * kubelets' Summary API (src/apiserver/resourcemetrics).
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

const API_VERSION = 'The versioned schema of this object, such as "v1" or "apps/v1".';
const KIND = "The REST resource type of this object, in CamelCase.";
const TIMESTAMP = "The end of the window the usage was measured over ([timestamp-window, timestamp]).";
const WINDOW = 'How long the usage was measured over, as a Go duration ("15.023s").';

export const ResourceUsageSchema = s.map(s.quantity());

export const NodeMetricsSchema = s.object(
  {
    apiVersion: s.string().doc(API_VERSION),
    kind: s.string().doc(KIND),
    metadata: ObjectMetaSchema.doc("Name and labels of the node; creationTimestamp is the time of the answer."),
    timestamp: s.time().doc(TIMESTAMP),
    window: s.string().doc(WINDOW),
    usage: ResourceUsageSchema.doc("Memory (working set) and CPU (nanocores) the node uses."),
  },
  {
    name: "io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics",
    description: "The resource usage of a node.",
    required: ["timestamp", "window", "usage"],
    present: ["metadata"],
    gvk: [{ group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics" }],
  },
);
export type NodeMetrics = Infer<typeof NodeMetricsSchema>;

export const NodeMetricsListSchema = s.object(
  {
    apiVersion: s.string().doc(API_VERSION),
    kind: s.string().doc(KIND),
    metadata: ListMetaSchema.doc("Standard list metadata."),
    items: s.array(NodeMetricsSchema).doc("The metrics of each node that has a sample."),
  },
  { name: "io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetricsList", description: "A list of NodeMetrics.", required: ["items"], present: ["metadata"], gvk: [{ group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetricsList" }] },
);
export type NodeMetricsList = Infer<typeof NodeMetricsListSchema>;

export const ContainerMetricsSchema = s.object(
  {
    name: s.string().doc("The container's name in the pod spec."),
    usage: ResourceUsageSchema.doc("Memory (working set) and CPU (nanocores) the container uses."),
  },
  { name: "io.k8s.metrics.pkg.apis.metrics.v1beta1.ContainerMetrics", description: "The resource usage of a container.", required: ["name", "usage"] },
);
export type ContainerMetrics = Infer<typeof ContainerMetricsSchema>;

export const PodMetricsSchema = s.object(
  {
    apiVersion: s.string().doc(API_VERSION),
    kind: s.string().doc(KIND),
    metadata: ObjectMetaSchema.doc("Name, namespace and labels of the pod; creationTimestamp is the time of the answer."),
    timestamp: s.time().doc(TIMESTAMP),
    window: s.string().doc(WINDOW),
    containers: s.array(ContainerMetricsSchema).doc("The usage of each container of the pod."),
  },
  {
    name: "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics",
    description: "The resource usage of a pod's containers.",
    required: ["timestamp", "window", "containers"],
    present: ["metadata"],
    gvk: [{ group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics" }],
  },
);
export type PodMetrics = Infer<typeof PodMetricsSchema>;

export const PodMetricsListSchema = s.object(
  {
    apiVersion: s.string().doc(API_VERSION),
    kind: s.string().doc(KIND),
    metadata: ListMetaSchema.doc("Standard list metadata."),
    items: s.array(PodMetricsSchema).doc("The metrics of each pod that has a sample."),
  },
  { name: "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetricsList", description: "A list of PodMetrics.", required: ["items"], present: ["metadata"], gvk: [{ group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetricsList" }] },
);
export type PodMetricsList = Infer<typeof PodMetricsListSchema>;
