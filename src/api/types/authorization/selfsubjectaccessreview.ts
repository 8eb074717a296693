/** authorization.k8s.io/v1 SelfSubjectAccessReview. */
import { s, type Infer } from "../../schema/dsl.ts";
import { FieldSelectorRequirementSchema, LabelSelectorRequirementSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const FieldSelectorAttributesSchema = s.object(
  {
    rawSelector: s.string(),
    requirements: s.array(FieldSelectorRequirementSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.authorization.v1.FieldSelectorAttributes" },
);
export type FieldSelectorAttributes = Infer<typeof FieldSelectorAttributesSchema>;

export const LabelSelectorAttributesSchema = s.object(
  {
    rawSelector: s.string(),
    requirements: s.array(LabelSelectorRequirementSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.authorization.v1.LabelSelectorAttributes" },
);
export type LabelSelectorAttributes = Infer<typeof LabelSelectorAttributesSchema>;

export const ResourceAttributesSchema = s.object(
  {
    namespace: s.string(),
    verb: s.string(),
    group: s.string(),
    version: s.string(),
    resource: s.string(),
    subresource: s.string(),
    name: s.string(),
    fieldSelector: FieldSelectorAttributesSchema,
    labelSelector: LabelSelectorAttributesSchema,
  },
  { name: "io.k8s.api.authorization.v1.ResourceAttributes" },
);
export type ResourceAttributes = Infer<typeof ResourceAttributesSchema>;

export const NonResourceAttributesSchema = s.object(
  {
    path: s.string(),
    verb: s.string(),
  },
  { name: "io.k8s.api.authorization.v1.NonResourceAttributes" },
);
export type NonResourceAttributes = Infer<typeof NonResourceAttributesSchema>;

export const SelfSubjectAccessReviewSpecSchema = s.object(
  {
    resourceAttributes: ResourceAttributesSchema,
    nonResourceAttributes: NonResourceAttributesSchema,
  },
  { name: "io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec" },
);
export type SelfSubjectAccessReviewSpec = Infer<typeof SelfSubjectAccessReviewSpecSchema>;

export const SubjectAccessReviewStatusSchema = s.object(
  {
    allowed: s.boolean(),
    denied: s.boolean(),
    reason: s.string(),
    evaluationError: s.string(),
  },
  { name: "io.k8s.api.authorization.v1.SubjectAccessReviewStatus", required: ["allowed"] },
);
export type SubjectAccessReviewStatus = Infer<typeof SubjectAccessReviewStatusSchema>;

export const SelfSubjectAccessReviewSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: SelfSubjectAccessReviewSpecSchema,
    status: SubjectAccessReviewStatusSchema,
  },
  { name: "io.k8s.api.authorization.v1.SelfSubjectAccessReview", required: ["spec"], present: ["metadata"], gvk: [{ group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectAccessReview" }] },
);
export type SelfSubjectAccessReview = Infer<typeof SelfSubjectAccessReviewSchema>;
