/** authentication.k8s.io/v1 TokenRequest (the serviceaccounts/token subresource). */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";

export const BoundObjectReferenceSchema = s.object(
  {
    kind: s.string().doc("Kind of the referent: Pod, Secret or Node."),
    apiVersion: s.string().doc("API version of the referent."),
    name: s.string().doc("Name of the referent."),
    uid: s.string().doc("UID of the referent."),
  },
  { name: "io.k8s.api.authentication.v1.BoundObjectReference", description: "The object a token is bound to: the token stops working when it is deleted." },
);
export type BoundObjectReference = Infer<typeof BoundObjectReferenceSchema>;

export const TokenRequestSpecSchema = s.object(
  {
    audiences: s.array(s.string(), { listType: "atomic" }).doc("Intended audiences of the token; defaults to the API's audiences."),
    expirationSeconds: s.int64().doc("Requested lifetime in seconds; defaults to 3600, at least 600."),
    boundObjectRef: BoundObjectReferenceSchema.doc("The object the token is bound to."),
  },
  { name: "io.k8s.api.authentication.v1.TokenRequestSpec", description: "The parameters of a token request.", required: ["audiences"] },
);
export type TokenRequestSpec = Infer<typeof TokenRequestSpecSchema>;

export const TokenRequestStatusSchema = s.object(
  {
    token: s.string().doc("The opaque bearer token."),
    expirationTimestamp: s.time().doc("When the token expires."),
  },
  { name: "io.k8s.api.authentication.v1.TokenRequestStatus", description: "The result of a token request.", required: ["token", "expirationTimestamp"] },
);
export type TokenRequestStatus = Infer<typeof TokenRequestStatusSchema>;

export const TokenRequestSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: TokenRequestSpecSchema.doc("The token's parameters."),
    status: TokenRequestStatusSchema.doc("The issued token."),
  },
  { name: "io.k8s.api.authentication.v1.TokenRequest", description: "Requests a token for a service account.", required: ["spec"], gvk: [{ group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" }] },
);
export type TokenRequest = Infer<typeof TokenRequestSchema>;
