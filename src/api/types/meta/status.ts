/** meta.k8s.io/v1 Status (every error body), DeleteOptions and watch events. */
import { s, type Schema, type Infer } from "../../schema/dsl.ts";
import type { DeleteOptions, Status, StatusCause, StatusDetails } from "../../meta/types.ts";
import { ListMetaSchema } from "./object-meta.ts";

export const StatusCauseSchema: Schema<StatusCause> = s.object(
  {
    reason: s.string().doc("Machine-readable reason, such as FieldValueInvalid."),
    message: s.string().doc("Human-readable description of the cause."),
    field: s.string().doc("The field at fault, as a JSON-path-like string such as spec.containers[0].name."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.StatusCause", description: "One cause of a failure." },
);

export const StatusDetailsSchema: Schema<StatusDetails> = s.object(
  {
    name: s.string().doc("Name of the object concerned."),
    group: s.string().doc("API group of the object concerned."),
    kind: s.string().doc("Kind of the object concerned."),
    uid: s.string().doc("UID of the object concerned."),
    causes: s.array(StatusCauseSchema, { listType: "atomic" }).doc("Individual problems, for example one per invalid field."),
    retryAfterSeconds: s.int32().doc("Seconds the client should wait before retrying."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails", description: "Details of a Status: the object concerned and the causes." },
);

export const StatusSchema: Schema<Status> = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard list metadata."),
    status: s.enum(["Success", "Failure"]).doc("Success or Failure."),
    message: s.string().doc("Human-readable description of the result."),
    reason: s.string().doc("Machine-readable CamelCase reason, such as NotFound or AlreadyExists."),
    details: StatusDetailsSchema.doc("Extra data about the reason; its shape depends on the reason."),
    code: s.int32().doc("The HTTP status code of the response."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.Status", description: "The result of an operation that returns no object, and the body of every error response.", present: ["metadata", "status", "code", "metadata"], gvk: [{ group: "", version: "v1", kind: "Status" }] },
);

export const PreconditionsSchema = s.object(
  {
    uid: s.string().doc("The object's expected UID."),
    resourceVersion: s.string().doc("The object's expected resourceVersion."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.Preconditions", description: "Conditions that must hold for an operation to proceed." },
);
export type Preconditions = Infer<typeof PreconditionsSchema>;

export const DeleteOptionsSchema: Schema<DeleteOptions> = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    gracePeriodSeconds: s.int64().doc("Seconds the object gets to terminate gracefully; 0 deletes at once."),
    preconditions: PreconditionsSchema.doc("Conditions that must hold for the delete to proceed; otherwise 409 Conflict."),
    orphanDependents: s.boolean().doc("Deprecated; use propagationPolicy."),
    propagationPolicy: s.enum(["Orphan", "Background", "Foreground"]).doc("How dependents are garbage collected: Orphan, Background or Foreground."),
    dryRun: s.array(s.string(), { listType: "atomic" }).doc("When \"All\", the request is processed fully but nothing is persisted."),
    ignoreStoreReadErrorWithClusterBreakingPotential: s.boolean().doc("Delete even if the stored object cannot be decoded; use with great care."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", description: "Options for a delete request.", gvk: [{ group: "", version: "v1", kind: "DeleteOptions" }, { group: "apps", version: "v1", kind: "DeleteOptions" }, { group: "batch", version: "v1", kind: "DeleteOptions" }, { group: "coordination.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "discovery.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "events.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "networking.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "policy", version: "v1", kind: "DeleteOptions" }, { group: "rbac.authorization.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "authentication.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "authorization.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "autoscaling", version: "v1", kind: "DeleteOptions" }, { group: "autoscaling", version: "v2", kind: "DeleteOptions" }] },
);

export const WatchEventSchema = s.object(
  {
    type: s.string().doc("ADDED, MODIFIED, DELETED, BOOKMARK or ERROR."),
    object: s.anyObject().doc("The object after the change; for ERROR, a Status."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", description: "One event in a watch stream.", required: ["type", "object"], gvk: [{ group: "", version: "v1", kind: "WatchEvent" }, { group: "apps", version: "v1", kind: "WatchEvent" }, { group: "batch", version: "v1", kind: "WatchEvent" }, { group: "coordination.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "discovery.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "events.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "networking.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "policy", version: "v1", kind: "WatchEvent" }, { group: "rbac.authorization.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "authentication.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "authorization.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "autoscaling", version: "v1", kind: "WatchEvent" }, { group: "autoscaling", version: "v2", kind: "WatchEvent" }] },
);
export type WatchEvent = Infer<typeof WatchEventSchema>;
