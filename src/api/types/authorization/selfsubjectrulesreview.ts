/** authorization.k8s.io/v1 SelfSubjectRulesReview: everything the caller may do in a namespace. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";

export const SelfSubjectRulesReviewSpecSchema = s.object(
  { namespace: s.string().doc("The namespace to evaluate rules for. Required.") },
  { name: "io.k8s.api.authorization.v1.SelfSubjectRulesReviewSpec", description: "The namespace to list the caller's rules in." },
);

export const ResourceRuleSchema = s.object(
  {
    verbs: s.array(s.string(), { listType: "atomic" }).doc("Verbs allowed; \"*\" means all."),
    apiGroups: s.array(s.string(), { listType: "atomic" }).doc("API groups of the resources; \"*\" means all."),
    resources: s.array(s.string(), { listType: "atomic" }).doc("Resources, \"resource/subresource\" for subresources; \"*\" means all."),
    resourceNames: s.array(s.string(), { listType: "atomic" }).doc("Names the rule is limited to; empty means all."),
  },
  { name: "io.k8s.api.authorization.v1.ResourceRule", description: "Resource actions the subject may take.", required: ["verbs"] },
);

export const NonResourceRuleSchema = s.object(
  {
    verbs: s.array(s.string(), { listType: "atomic" }).doc("HTTP verbs allowed; \"*\" means all."),
    nonResourceURLs: s.array(s.string(), { listType: "atomic" }).doc("URL paths, a trailing \"*\" matches a prefix."),
  },
  { name: "io.k8s.api.authorization.v1.NonResourceRule", description: "Non-resource actions the subject may take.", required: ["verbs"] },
);

export const SubjectRulesReviewStatusSchema = s.object(
  {
    resourceRules: s.array(ResourceRuleSchema, { listType: "atomic" }).doc("What the subject may do on resources."),
    nonResourceRules: s.array(NonResourceRuleSchema, { listType: "atomic" }).doc("What the subject may do on non-resource URLs."),
    incomplete: s.boolean().doc("True when the authorizer cannot list everything it allows."),
    evaluationError: s.string().doc("An error met while evaluating the rules."),
  },
  { name: "io.k8s.api.authorization.v1.SubjectRulesReviewStatus", description: "The result of a rules check.", required: ["resourceRules", "nonResourceRules", "incomplete"] },
);

export const SelfSubjectRulesReviewSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: SelfSubjectRulesReviewSpecSchema.doc("The namespace."),
    status: SubjectRulesReviewStatusSchema.doc("The rules, filled in by the server."),
  },
  { name: "io.k8s.api.authorization.v1.SelfSubjectRulesReview", description: "Lists the actions the current user may perform in a namespace.", required: ["spec"], present: ["metadata"], gvk: [{ group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectRulesReview" }] },
);
export type SelfSubjectRulesReview = Infer<typeof SelfSubjectRulesReviewSchema>;
