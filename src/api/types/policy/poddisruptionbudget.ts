/** policy/v1 PodDisruptionBudget. */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema, ListMetaSchema, MetaConditionSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const PodDisruptionBudgetSpecSchema = s.object(
  {
    minAvailable: s.intOrString(),
    selector: LabelSelectorSchema.with({ patchStrategy: "replace" }),
    maxUnavailable: s.intOrString(),
    unhealthyPodEvictionPolicy: s.enum(["IfHealthyBudget", "AlwaysAllow"]),
  },
  { name: "io.k8s.api.policy.v1.PodDisruptionBudgetSpec" },
);
export type PodDisruptionBudgetSpec = Infer<typeof PodDisruptionBudgetSpecSchema>;

export const PodDisruptionBudgetStatusSchema = s.object(
  {
    observedGeneration: s.int64(),
    disruptedPods: s.map(s.time()),
    disruptionsAllowed: s.int32(),
    currentHealthy: s.int32(),
    desiredHealthy: s.int32(),
    expectedPods: s.int32(),
    conditions: s.array(MetaConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
  },
  { name: "io.k8s.api.policy.v1.PodDisruptionBudgetStatus", required: ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"] },
);
export type PodDisruptionBudgetStatus = Infer<typeof PodDisruptionBudgetStatusSchema>;

export const PodDisruptionBudgetSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: PodDisruptionBudgetSpecSchema,
    status: PodDisruptionBudgetStatusSchema,
  },
  { name: "io.k8s.api.policy.v1.PodDisruptionBudget", present: ["metadata"], gvk: [{ group: "policy", version: "v1", kind: "PodDisruptionBudget" }] },
);
export type PodDisruptionBudget = Infer<typeof PodDisruptionBudgetSchema>;

export const PodDisruptionBudgetListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(PodDisruptionBudgetSchema),
  },
  { name: "io.k8s.api.policy.v1.PodDisruptionBudgetList", required: ["items"], present: ["metadata"], gvk: [{ group: "policy", version: "v1", kind: "PodDisruptionBudgetList" }] },
);
export type PodDisruptionBudgetList = Infer<typeof PodDisruptionBudgetListSchema>;
