/** authorization.k8s.io/v1 SubjectAccessReview and LocalSubjectAccessReview: may a given user do something? */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";
import { NonResourceAttributesSchema, ResourceAttributesSchema, SubjectAccessReviewStatusSchema } from "./selfsubjectaccessreview.ts";

export const SubjectAccessReviewSpecSchema = s.object(
  {
    resourceAttributes: ResourceAttributesSchema.doc("A resource request."),
    nonResourceAttributes: NonResourceAttributesSchema.doc("A non-resource request."),
    user: s.string().doc("The user to test for; with groups, at least one of the two is required."),
    groups: s.array(s.string(), { listType: "atomic" }).doc("The groups to test for."),
    extra: s.map(s.array(s.string())).doc("Extra attributes of the user, as the authenticator gives them."),
    uid: s.string().doc("Information about the requesting user."),
  },
  { name: "io.k8s.api.authorization.v1.SubjectAccessReviewSpec", description: "The action to check and the user to check it for; exactly one attribute set is given." },
);
export type SubjectAccessReviewSpec = Infer<typeof SubjectAccessReviewSpecSchema>;

const reviewFields = {
  apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
  kind: s.string().doc("The REST resource type of this object, in CamelCase."),
  metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
  spec: SubjectAccessReviewSpecSchema.doc("The action and the user."),
  status: SubjectAccessReviewStatusSchema.doc("The answer, filled in by the server."),
};

export const SubjectAccessReviewSchema = s.object(reviewFields, {
  name: "io.k8s.api.authorization.v1.SubjectAccessReview",
  description: "Checks whether a user or group can perform an action.",
  required: ["spec"],
  present: ["metadata"],
  gvk: [{ group: "authorization.k8s.io", version: "v1", kind: "SubjectAccessReview" }],
});
export type SubjectAccessReview = Infer<typeof SubjectAccessReviewSchema>;

export const LocalSubjectAccessReviewSchema = s.object(reviewFields, {
  name: "io.k8s.api.authorization.v1.LocalSubjectAccessReview",
  description: "Checks whether a user or group can perform an action in one namespace.",
  required: ["spec"],
  present: ["metadata"],
  gvk: [{ group: "authorization.k8s.io", version: "v1", kind: "LocalSubjectAccessReview" }],
});
export type LocalSubjectAccessReview = Infer<typeof LocalSubjectAccessReviewSchema>;
