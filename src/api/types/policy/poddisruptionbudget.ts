/** policy/v1 PodDisruptionBudget. */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema, ListMetaSchema, MetaConditionSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const PodDisruptionBudgetSpecSchema = s.object(
  {
    minAvailable: s.intOrString().doc("Pods (number or percent) that must stay available after an eviction."),
    selector: LabelSelectorSchema.with({ patchStrategy: "replace" }).doc("Selects the pods the budget covers."),
    maxUnavailable: s.intOrString().doc("Pods (number or percent) that may be unavailable after an eviction."),
    unhealthyPodEvictionPolicy: s.enum(["IfHealthyBudget", "AlwaysAllow"]).doc("IfHealthyBudget or AlwaysAllow: when unhealthy pods may be evicted."),
  },
  { name: "io.k8s.api.policy.v1.PodDisruptionBudgetSpec", description: "A disruption budget." },
);
export type PodDisruptionBudgetSpec = Infer<typeof PodDisruptionBudgetSpecSchema>;

export const PodDisruptionBudgetStatusSchema = s.object(
  {
    observedGeneration: s.int64().doc("Generation observed."),
    disruptedPods: s.map(s.time()).doc("Pods being evicted, with the time of the eviction."),
    disruptionsAllowed: s.int32().doc("Evictions allowed now."),
    currentHealthy: s.int32().doc("Healthy pods now."),
    desiredHealthy: s.int32().doc("Healthy pods required."),
    expectedPods: s.int32().doc("Pods the budget covers."),
    conditions: s.array(MetaConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions, such as DisruptionAllowed."),
  },
  { name: "io.k8s.api.policy.v1.PodDisruptionBudgetStatus", description: "The observed state of a budget.", required: ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"] },
);
export type PodDisruptionBudgetStatus = Infer<typeof PodDisruptionBudgetStatusSchema>;

export const PodDisruptionBudgetSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: PodDisruptionBudgetSpecSchema.doc("The budget."),
    status: PodDisruptionBudgetStatusSchema.doc("The observed state of the budget."),
  },
  { name: "io.k8s.api.policy.v1.PodDisruptionBudget", description: "Limits how many pods of a set can be down at once through voluntary disruptions.", present: ["metadata"], gvk: [{ group: "policy", version: "v1", kind: "PodDisruptionBudget" }] },
);
export type PodDisruptionBudget = Infer<typeof PodDisruptionBudgetSchema>;

export const PodDisruptionBudgetListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(PodDisruptionBudgetSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.policy.v1.PodDisruptionBudgetList", description: "A list of PodDisruptionBudgets.", required: ["items"], present: ["metadata"], gvk: [{ group: "policy", version: "v1", kind: "PodDisruptionBudgetList" }] },
);
export type PodDisruptionBudgetList = Infer<typeof PodDisruptionBudgetListSchema>;
