/** core/v1 scheduling constraints: affinity, tolerations, taints, topology spread. */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema } from "../meta/object-meta.ts";

export const NodeSelectorRequirementSchema = s.object(
  {
    key: s.string().doc("The label key or field name."),
    operator: s.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]).doc("In, NotIn, Exists, DoesNotExist, Gt or Lt."),
    values: s.array(s.string(), { listType: "atomic" }).doc("Values to compare; a single integer for Gt and Lt, none for Exists and DoesNotExist."),
  },
  { name: "io.k8s.api.core.v1.NodeSelectorRequirement", description: "A requirement on a node label or field.", required: ["key", "operator"] },
);
export type NodeSelectorRequirement = Infer<typeof NodeSelectorRequirementSchema>;

export const NodeSelectorTermSchema = s.object(
  {
    matchExpressions: s.array(NodeSelectorRequirementSchema, { listType: "atomic" }).doc("Requirements on node labels."),
    matchFields: s.array(NodeSelectorRequirementSchema, { listType: "atomic" }).doc("Requirements on node fields (metadata.name)."),
  },
  { name: "io.k8s.api.core.v1.NodeSelectorTerm", description: "Requirements on a node, all of which must hold.", mapType: "atomic" },
);
export type NodeSelectorTerm = Infer<typeof NodeSelectorTermSchema>;

export const NodeSelectorSchema = s.object(
  {
    nodeSelectorTerms: s.array(NodeSelectorTermSchema, { listType: "atomic" }).doc("The terms; a node matching any of them is selected."),
  },
  { name: "io.k8s.api.core.v1.NodeSelector", description: "Selects nodes; the terms are ORed.", required: ["nodeSelectorTerms"], mapType: "atomic" },
);
export type NodeSelector = Infer<typeof NodeSelectorSchema>;

export const PreferredSchedulingTermSchema = s.object(
  {
    weight: s.int32().doc("Weight, 1-100."),
    preference: NodeSelectorTermSchema.doc("The node selector term."),
  },
  { name: "io.k8s.api.core.v1.PreferredSchedulingTerm", description: "A node selector term with a weight.", required: ["weight", "preference"] },
);
export type PreferredSchedulingTerm = Infer<typeof PreferredSchedulingTermSchema>;

export const NodeAffinitySchema = s.object(
  {
    requiredDuringSchedulingIgnoredDuringExecution: NodeSelectorSchema.doc("Terms a node must match for the pod to be scheduled there."),
    preferredDuringSchedulingIgnoredDuringExecution: s.array(PreferredSchedulingTermSchema, { listType: "atomic" }).doc("Weighted terms; nodes matching more weight are preferred."),
  },
  { name: "io.k8s.api.core.v1.NodeAffinity", description: "Node selection rules based on node labels and fields." },
);
export type NodeAffinity = Infer<typeof NodeAffinitySchema>;

export const PodAffinityTermSchema = s.object(
  {
    labelSelector: LabelSelectorSchema.doc("Selects the pods the term is about."),
    namespaces: s.array(s.string(), { listType: "atomic" }).doc("Namespaces to look in; defaults to the pod's own."),
    topologyKey: s.string().doc("Node label whose value defines the domain (e.g. kubernetes.io/hostname); required."),
    namespaceSelector: LabelSelectorSchema.doc("Selects namespaces to look in; combined with namespaces."),
    matchLabelKeys: s.array(s.string(), { listType: "atomic" }).doc("Label keys whose values on the incoming pod are added to labelSelector (In)."),
    mismatchLabelKeys: s.array(s.string(), { listType: "atomic" }).doc("Label keys whose values on the incoming pod are added to labelSelector (NotIn)."),
  },
  { name: "io.k8s.api.core.v1.PodAffinityTerm", description: "Pods matching a selector, in some namespaces, within a topology domain.", required: ["topologyKey"] },
);
export type PodAffinityTerm = Infer<typeof PodAffinityTermSchema>;

export const WeightedPodAffinityTermSchema = s.object(
  {
    weight: s.int32().doc("Weight, 1-100."),
    podAffinityTerm: PodAffinityTermSchema.doc("The term."),
  },
  { name: "io.k8s.api.core.v1.WeightedPodAffinityTerm", description: "A pod affinity term with a weight.", required: ["weight", "podAffinityTerm"] },
);
export type WeightedPodAffinityTerm = Infer<typeof WeightedPodAffinityTermSchema>;

export const PodAffinitySchema = s.object(
  {
    requiredDuringSchedulingIgnoredDuringExecution: s.array(PodAffinityTermSchema, { listType: "atomic" }).doc("Terms that must hold for the pod to be scheduled on a node."),
    preferredDuringSchedulingIgnoredDuringExecution: s.array(WeightedPodAffinityTermSchema, { listType: "atomic" }).doc("Weighted terms the scheduler prefers to satisfy."),
  },
  { name: "io.k8s.api.core.v1.PodAffinity", description: "Rules to co-locate the pod with other pods." },
);
export type PodAffinity = Infer<typeof PodAffinitySchema>;

export const PodAntiAffinitySchema = s.object(
  {
    requiredDuringSchedulingIgnoredDuringExecution: s.array(PodAffinityTermSchema, { listType: "atomic" }).doc("Terms that must hold for the pod to be scheduled on a node."),
    preferredDuringSchedulingIgnoredDuringExecution: s.array(WeightedPodAffinityTermSchema, { listType: "atomic" }).doc("Weighted terms the scheduler prefers to satisfy."),
  },
  { name: "io.k8s.api.core.v1.PodAntiAffinity", description: "Rules to keep the pod away from other pods." },
);
export type PodAntiAffinity = Infer<typeof PodAntiAffinitySchema>;

export const AffinitySchema = s.object(
  {
    nodeAffinity: NodeAffinitySchema.doc("Rules on the labels of the node."),
    podAffinity: PodAffinitySchema.doc("Rules to place the pod near pods matching a selector."),
    podAntiAffinity: PodAntiAffinitySchema.doc("Rules to keep the pod away from pods matching a selector."),
  },
  { name: "io.k8s.api.core.v1.Affinity", description: "Scheduling constraints relative to nodes and to other pods." },
);
export type Affinity = Infer<typeof AffinitySchema>;

export const TolerationSchema = s.object(
  {
    key: s.string().doc("Taint key; empty with operator Exists matches every taint."),
    operator: s.enum(["Exists", "Equal"]).doc("Exists or Equal; defaults to Equal."),
    value: s.string().doc("Taint value to match with Equal."),
    effect: s.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).doc("Taint effect to match; empty matches all effects."),
    tolerationSeconds: s.int64().doc("For NoExecute, how long the pod stays bound after the taint appears."),
  },
  { name: "io.k8s.api.core.v1.Toleration", description: "Lets the pod tolerate a node taint matching key, value and effect." },
);
export type Toleration = Infer<typeof TolerationSchema>;

export const TopologySpreadConstraintSchema = s.object(
  {
    maxSkew: s.int32().doc("The largest allowed difference in matching pods between domains."),
    topologyKey: s.string().doc("Node label whose values define the domains."),
    whenUnsatisfiable: s.enum(["DoNotSchedule", "ScheduleAnyway"]).doc("DoNotSchedule or ScheduleAnyway."),
    labelSelector: LabelSelectorSchema.doc("Selects the pods to count."),
    minDomains: s.int32().doc("Minimum number of eligible domains."),
    nodeAffinityPolicy: s.enum(["Ignore", "Honor"]).doc("Honor or Ignore the pod's node affinity when counting."),
    nodeTaintsPolicy: s.enum(["Ignore", "Honor"]).doc("Honor or Ignore node taints when counting."),
    matchLabelKeys: s.array(s.string(), { listType: "atomic" }).doc("Label keys whose values on the incoming pod narrow the selection."),
  },
  { name: "io.k8s.api.core.v1.TopologySpreadConstraint", description: "How to spread matching pods across topology domains.", required: ["maxSkew", "topologyKey", "whenUnsatisfiable"] },
);
export type TopologySpreadConstraint = Infer<typeof TopologySpreadConstraintSchema>;

export const TaintSchema = s.object(
  {
    key: s.string().doc("Taint key."),
    value: s.string().doc("Taint value."),
    effect: s.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).doc("NoSchedule, PreferNoSchedule or NoExecute."),
    timeAdded: s.time().doc("When a NoExecute taint was added."),
  },
  { name: "io.k8s.api.core.v1.Taint", description: "A node taint; pods that do not tolerate it are repelled.", required: ["key", "effect"] },
);
export type Taint = Infer<typeof TaintSchema>;
