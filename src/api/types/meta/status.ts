/** meta.k8s.io/v1 Status (every error body), DeleteOptions and watch events. */
import { s, type Schema, type Infer } from "../../schema/dsl.ts";
import type { DeleteOptions, Status, StatusCause, StatusDetails } from "../../meta/types.ts";
import { ListMetaSchema } from "./object-meta.ts";

export const StatusCauseSchema: Schema<StatusCause> = s.object(
  {
    reason: s.string(),
    message: s.string(),
    field: s.string(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.StatusCause" },
);

export const StatusDetailsSchema: Schema<StatusDetails> = s.object(
  {
    name: s.string(),
    group: s.string(),
    kind: s.string(),
    uid: s.string(),
    causes: s.array(StatusCauseSchema, { listType: "atomic" }),
    retryAfterSeconds: s.int32(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails" },
);

export const StatusSchema: Schema<Status> = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    status: s.enum(["Success", "Failure"]),
    message: s.string(),
    reason: s.string(),
    details: StatusDetailsSchema,
    code: s.int32(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.Status", present: ["metadata", "status", "code", "metadata"], gvk: [{ group: "", version: "v1", kind: "Status" }] },
);

export const PreconditionsSchema = s.object(
  {
    uid: s.string(),
    resourceVersion: s.string(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.Preconditions" },
);
export type Preconditions = Infer<typeof PreconditionsSchema>;

export const DeleteOptionsSchema: Schema<DeleteOptions> = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    gracePeriodSeconds: s.int64(),
    preconditions: PreconditionsSchema,
    orphanDependents: s.boolean(),
    propagationPolicy: s.enum(["Orphan", "Background", "Foreground"]),
    dryRun: s.array(s.string(), { listType: "atomic" }),
    ignoreStoreReadErrorWithClusterBreakingPotential: s.boolean(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", gvk: [{ group: "", version: "v1", kind: "DeleteOptions" }, { group: "apps", version: "v1", kind: "DeleteOptions" }, { group: "batch", version: "v1", kind: "DeleteOptions" }, { group: "coordination.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "discovery.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "events.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "policy", version: "v1", kind: "DeleteOptions" }, { group: "rbac.authorization.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "authorization.k8s.io", version: "v1", kind: "DeleteOptions" }, { group: "autoscaling", version: "v1", kind: "DeleteOptions" }] },
);

export const WatchEventSchema = s.object(
  {
    type: s.string(),
    object: s.anyObject(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", required: ["type", "object"], gvk: [{ group: "", version: "v1", kind: "WatchEvent" }, { group: "apps", version: "v1", kind: "WatchEvent" }, { group: "batch", version: "v1", kind: "WatchEvent" }, { group: "coordination.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "discovery.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "events.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "policy", version: "v1", kind: "WatchEvent" }, { group: "rbac.authorization.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "authorization.k8s.io", version: "v1", kind: "WatchEvent" }, { group: "autoscaling", version: "v1", kind: "WatchEvent" }] },
);
export type WatchEvent = Infer<typeof WatchEventSchema>;
