/** authentication.k8s.io/v1 SelfSubjectReview: who the API takes the caller to be. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";

export const UserInfoSchema = s.object(
  {
    username: s.string().doc("The name that uniquely identifies the user."),
    uid: s.string().doc("A unique value that identifies the user across time."),
    groups: s.array(s.string(), { listType: "atomic" }).doc("The groups the user belongs to."),
    extra: s.map(s.array(s.string())).doc("Any additional information provided by the authenticator."),
  },
  { name: "io.k8s.api.authentication.v1.UserInfo", description: "The information about the user the authenticator found." },
);
export type UserInfoView = Infer<typeof UserInfoSchema>;

export const SelfSubjectReviewStatusSchema = s.object(
  { userInfo: UserInfoSchema.doc("The user attributes of the caller.") },
  { name: "io.k8s.api.authentication.v1.SelfSubjectReviewStatus", description: "The user attributes of the caller." },
);

export const SelfSubjectReviewSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    status: SelfSubjectReviewStatusSchema.doc("The user attributes of the caller, filled in by the server."),
  },
  { name: "io.k8s.api.authentication.v1.SelfSubjectReview", description: "Reports the user attributes the API authenticated the caller as.", gvk: [{ group: "authentication.k8s.io", version: "v1", kind: "SelfSubjectReview" }] },
);
export type SelfSubjectReview = Infer<typeof SelfSubjectReviewSchema>;
