/** core/v1 ResourceQuota and LimitRange. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ScopedResourceSelectorRequirementSchema = s.object(
  {
    scopeName: s.enum(["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass"]).doc("The scope."),
    operator: s.enum(["In", "NotIn", "Exists", "DoesNotExist"]).doc("In, NotIn, Exists or DoesNotExist."),
    values: s.array(s.string(), { listType: "atomic" }).doc("Values for In and NotIn."),
  },
  { name: "io.k8s.api.core.v1.ScopedResourceSelectorRequirement", description: "A requirement on a quota scope.", required: ["scopeName", "operator"] },
);
export type ScopedResourceSelectorRequirement = Infer<typeof ScopedResourceSelectorRequirementSchema>;

export const ScopeSelectorSchema = s.object(
  {
    matchExpressions: s.array(ScopedResourceSelectorRequirementSchema, { listType: "atomic" }).doc("Scope requirements."),
  },
  { name: "io.k8s.api.core.v1.ScopeSelector", description: "Selects quota scopes.", mapType: "atomic" },
);
export type ScopeSelector = Infer<typeof ScopeSelectorSchema>;

export const ResourceQuotaSpecSchema = s.object(
  {
    hard: s.map(s.quantity()).doc("Hard limit for each named resource."),
    scopes: s.array(s.enum(["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass"]), { listType: "atomic" }).doc("Scopes the quota applies to."),
    scopeSelector: ScopeSelectorSchema.doc("Selector of scopes the quota applies to."),
  },
  { name: "io.k8s.api.core.v1.ResourceQuotaSpec", description: "The desired quota." },
);
export type ResourceQuotaSpec = Infer<typeof ResourceQuotaSpecSchema>;

export const ResourceQuotaStatusSchema = s.object(
  {
    hard: s.map(s.quantity()).doc("Enforced hard limits."),
    used: s.map(s.quantity()).doc("Current use."),
  },
  { name: "io.k8s.api.core.v1.ResourceQuotaStatus", description: "Enforced limits and current use." },
);
export type ResourceQuotaStatus = Infer<typeof ResourceQuotaStatusSchema>;

export const ResourceQuotaSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: ResourceQuotaSpecSchema.doc("The desired quota."),
    status: ResourceQuotaStatusSchema.doc("Enforced limits and current use."),
  },
  { name: "io.k8s.api.core.v1.ResourceQuota", description: "Limits on aggregate resource use in a namespace.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ResourceQuota" }] },
);
export type ResourceQuota = Infer<typeof ResourceQuotaSchema>;

export const ResourceQuotaListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ResourceQuotaSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.ResourceQuotaList", description: "A list of ResourceQuotas.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ResourceQuotaList" }] },
);
export type ResourceQuotaList = Infer<typeof ResourceQuotaListSchema>;

export const LimitRangeItemSchema = s.object(
  {
    type: s.string().doc("Pod, Container or PersistentVolumeClaim."),
    max: s.map(s.quantity()).doc("Maximum usage."),
    min: s.map(s.quantity()).doc("Minimum usage."),
    default: s.map(s.quantity()).doc("Default limits."),
    defaultRequest: s.map(s.quantity()).doc("Default requests."),
    maxLimitRequestRatio: s.map(s.quantity()).doc("Maximum ratio of limit to request."),
  },
  { name: "io.k8s.api.core.v1.LimitRangeItem", description: "Limits for one object type.", required: ["type"] },
);
export type LimitRangeItem = Infer<typeof LimitRangeItemSchema>;

export const LimitRangeSpecSchema = s.object(
  {
    limits: s.array(LimitRangeItemSchema, { listType: "atomic" }).doc("Limits by object type."),
  },
  { name: "io.k8s.api.core.v1.LimitRangeSpec", description: "The limits of a LimitRange.", required: ["limits"] },
);
export type LimitRangeSpec = Infer<typeof LimitRangeSpecSchema>;

export const LimitRangeSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: LimitRangeSpecSchema.doc("The limits."),
  },
  { name: "io.k8s.api.core.v1.LimitRange", description: "Per-object resource limits and defaults in a namespace.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "LimitRange" }] },
);
export type LimitRange = Infer<typeof LimitRangeSchema>;

export const LimitRangeListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(LimitRangeSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.LimitRangeList", description: "A list of LimitRanges.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "LimitRangeList" }] },
);
export type LimitRangeList = Infer<typeof LimitRangeListSchema>;
