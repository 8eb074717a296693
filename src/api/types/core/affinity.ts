/** core/v1 scheduling constraints: affinity, tolerations, taints, topology spread. */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema } from "../meta/object-meta.ts";

export const NodeSelectorRequirementSchema = s.object(
  {
    key: s.string(),
    operator: s.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
    values: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.NodeSelectorRequirement", required: ["key", "operator"] },
);
export type NodeSelectorRequirement = Infer<typeof NodeSelectorRequirementSchema>;

export const NodeSelectorTermSchema = s.object(
  {
    matchExpressions: s.array(NodeSelectorRequirementSchema, { listType: "atomic" }),
    matchFields: s.array(NodeSelectorRequirementSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.NodeSelectorTerm", mapType: "atomic" },
);
export type NodeSelectorTerm = Infer<typeof NodeSelectorTermSchema>;

export const NodeSelectorSchema = s.object(
  {
    nodeSelectorTerms: s.array(NodeSelectorTermSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.NodeSelector", required: ["nodeSelectorTerms"], mapType: "atomic" },
);
export type NodeSelector = Infer<typeof NodeSelectorSchema>;

export const PreferredSchedulingTermSchema = s.object(
  {
    weight: s.int32(),
    preference: NodeSelectorTermSchema,
  },
  { name: "io.k8s.api.core.v1.PreferredSchedulingTerm", required: ["weight", "preference"] },
);
export type PreferredSchedulingTerm = Infer<typeof PreferredSchedulingTermSchema>;

export const NodeAffinitySchema = s.object(
  {
    requiredDuringSchedulingIgnoredDuringExecution: NodeSelectorSchema,
    preferredDuringSchedulingIgnoredDuringExecution: s.array(PreferredSchedulingTermSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.NodeAffinity" },
);
export type NodeAffinity = Infer<typeof NodeAffinitySchema>;

export const PodAffinityTermSchema = s.object(
  {
    labelSelector: LabelSelectorSchema,
    namespaces: s.array(s.string(), { listType: "atomic" }),
    topologyKey: s.string(),
    namespaceSelector: LabelSelectorSchema,
    matchLabelKeys: s.array(s.string(), { listType: "atomic" }),
    mismatchLabelKeys: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.PodAffinityTerm", required: ["topologyKey"] },
);
export type PodAffinityTerm = Infer<typeof PodAffinityTermSchema>;

export const WeightedPodAffinityTermSchema = s.object(
  {
    weight: s.int32(),
    podAffinityTerm: PodAffinityTermSchema,
  },
  { name: "io.k8s.api.core.v1.WeightedPodAffinityTerm", required: ["weight", "podAffinityTerm"] },
);
export type WeightedPodAffinityTerm = Infer<typeof WeightedPodAffinityTermSchema>;

export const PodAffinitySchema = s.object(
  {
    requiredDuringSchedulingIgnoredDuringExecution: s.array(PodAffinityTermSchema, { listType: "atomic" }),
    preferredDuringSchedulingIgnoredDuringExecution: s.array(WeightedPodAffinityTermSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.PodAffinity" },
);
export type PodAffinity = Infer<typeof PodAffinitySchema>;

export const PodAntiAffinitySchema = s.object(
  {
    requiredDuringSchedulingIgnoredDuringExecution: s.array(PodAffinityTermSchema, { listType: "atomic" }),
    preferredDuringSchedulingIgnoredDuringExecution: s.array(WeightedPodAffinityTermSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.PodAntiAffinity" },
);
export type PodAntiAffinity = Infer<typeof PodAntiAffinitySchema>;

export const AffinitySchema = s.object(
  {
    nodeAffinity: NodeAffinitySchema,
    podAffinity: PodAffinitySchema,
    podAntiAffinity: PodAntiAffinitySchema,
  },
  { name: "io.k8s.api.core.v1.Affinity" },
);
export type Affinity = Infer<typeof AffinitySchema>;

export const TolerationSchema = s.object(
  {
    key: s.string(),
    operator: s.enum(["Exists", "Equal"]),
    value: s.string(),
    effect: s.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
    tolerationSeconds: s.int64(),
  },
  { name: "io.k8s.api.core.v1.Toleration" },
);
export type Toleration = Infer<typeof TolerationSchema>;

export const TopologySpreadConstraintSchema = s.object(
  {
    maxSkew: s.int32(),
    topologyKey: s.string(),
    whenUnsatisfiable: s.enum(["DoNotSchedule", "ScheduleAnyway"]),
    labelSelector: LabelSelectorSchema,
    minDomains: s.int32(),
    nodeAffinityPolicy: s.enum(["Ignore", "Honor"]),
    nodeTaintsPolicy: s.enum(["Ignore", "Honor"]),
    matchLabelKeys: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.TopologySpreadConstraint", required: ["maxSkew", "topologyKey", "whenUnsatisfiable"] },
);
export type TopologySpreadConstraint = Infer<typeof TopologySpreadConstraintSchema>;

export const TaintSchema = s.object(
  {
    key: s.string(),
    value: s.string(),
    effect: s.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
    timeAdded: s.time(),
  },
  { name: "io.k8s.api.core.v1.Taint", required: ["key", "effect"] },
);
export type Taint = Infer<typeof TaintSchema>;
