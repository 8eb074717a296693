/** authentication.k8s.io/v1 TokenReview: whether a token authenticates, and as whom. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";
import { UserInfoSchema } from "./self-subject-review.ts";

export const TokenReviewSpecSchema = s.object(
  {
    token: s.string().doc("The opaque bearer token."),
    audiences: s.array(s.string(), { listType: "atomic" }).doc("Audiences the token must be valid for; defaults to the API's."),
  },
  { name: "io.k8s.api.authentication.v1.TokenReviewSpec", description: "The token to review." },
);

export const TokenReviewStatusSchema = s.object(
  {
    authenticated: s.boolean().doc("Whether the token is valid."),
    user: UserInfoSchema.doc("The user the token authenticates."),
    audiences: s.array(s.string(), { listType: "atomic" }).doc("The requested audiences the token is valid for."),
    error: s.string().doc("Why the token could not be checked."),
  },
  { name: "io.k8s.api.authentication.v1.TokenReviewStatus", description: "The result of a token review." },
);

export const TokenReviewSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: TokenReviewSpecSchema.doc("The token to review."),
    status: TokenReviewStatusSchema.doc("The result, filled in by the server."),
  },
  { name: "io.k8s.api.authentication.v1.TokenReview", description: "Asks whether a token is valid and whom it authenticates.", required: ["spec"], gvk: [{ group: "authentication.k8s.io", version: "v1", kind: "TokenReview" }] },
);
export type TokenReview = Infer<typeof TokenReviewSchema>;
