/** authorization.k8s.io/v1 SelfSubjectAccessReview. */
import { s, type Infer } from "../../schema/dsl.ts";
import { FieldSelectorRequirementSchema, LabelSelectorRequirementSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const FieldSelectorAttributesSchema = s.object(
  {
    rawSelector: s.string().doc("The selector as written."),
    requirements: s.array(FieldSelectorRequirementSchema, { listType: "atomic" }).doc("The parsed requirements."),
  },
  { name: "io.k8s.api.authorization.v1.FieldSelectorAttributes", description: "A field selector to authorize." },
);
export type FieldSelectorAttributes = Infer<typeof FieldSelectorAttributesSchema>;

export const LabelSelectorAttributesSchema = s.object(
  {
    rawSelector: s.string().doc("The selector as written."),
    requirements: s.array(LabelSelectorRequirementSchema, { listType: "atomic" }).doc("The parsed requirements."),
  },
  { name: "io.k8s.api.authorization.v1.LabelSelectorAttributes", description: "A label selector to authorize." },
);
export type LabelSelectorAttributes = Infer<typeof LabelSelectorAttributesSchema>;

export const ResourceAttributesSchema = s.object(
  {
    namespace: s.string().doc("Namespace of the request."),
    verb: s.string().doc("The verb."),
    group: s.string().doc("API group."),
    version: s.string().doc("API version."),
    resource: s.string().doc("Resource."),
    subresource: s.string().doc("Subresource."),
    name: s.string().doc("Object name."),
    fieldSelector: FieldSelectorAttributesSchema.doc("Field selector of the request."),
    labelSelector: LabelSelectorAttributesSchema.doc("Label selector of the request."),
  },
  { name: "io.k8s.api.authorization.v1.ResourceAttributes", description: "A resource request to authorize." },
);
export type ResourceAttributes = Infer<typeof ResourceAttributesSchema>;

export const NonResourceAttributesSchema = s.object(
  {
    path: s.string().doc("URL path."),
    verb: s.string().doc("HTTP verb."),
  },
  { name: "io.k8s.api.authorization.v1.NonResourceAttributes", description: "A non-resource request to authorize." },
);
export type NonResourceAttributes = Infer<typeof NonResourceAttributesSchema>;

export const SelfSubjectAccessReviewSpecSchema = s.object(
  {
    resourceAttributes: ResourceAttributesSchema.doc("A resource request."),
    nonResourceAttributes: NonResourceAttributesSchema.doc("A non-resource request."),
  },
  { name: "io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec", description: "The action to check; exactly one attribute set is given." },
);
export type SelfSubjectAccessReviewSpec = Infer<typeof SelfSubjectAccessReviewSpecSchema>;

export const SubjectAccessReviewStatusSchema = s.object(
  {
    allowed: s.boolean().doc("Whether the action is allowed."),
    denied: s.boolean().doc("Whether the action is explicitly denied."),
    reason: s.string().doc("Why."),
    evaluationError: s.string().doc("Error while evaluating, if any."),
  },
  { name: "io.k8s.api.authorization.v1.SubjectAccessReviewStatus", description: "The answer to an access review.", required: ["allowed"] },
);
export type SubjectAccessReviewStatus = Infer<typeof SubjectAccessReviewStatusSchema>;

export const SelfSubjectAccessReviewSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: SelfSubjectAccessReviewSpecSchema.doc("The action."),
    status: SubjectAccessReviewStatusSchema.doc("The answer."),
  },
  { name: "io.k8s.api.authorization.v1.SelfSubjectAccessReview", description: "Asks whether the current user may perform an action.", required: ["spec"], present: ["metadata"], gvk: [{ group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectAccessReview" }] },
);
export type SelfSubjectAccessReview = Infer<typeof SelfSubjectAccessReviewSchema>;
