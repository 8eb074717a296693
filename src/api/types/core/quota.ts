/** core/v1 ResourceQuota and LimitRange. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ScopedResourceSelectorRequirementSchema = s.object(
  {
    scopeName: s.enum(["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass"]),
    operator: s.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
    values: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.ScopedResourceSelectorRequirement", required: ["scopeName", "operator"] },
);
export type ScopedResourceSelectorRequirement = Infer<typeof ScopedResourceSelectorRequirementSchema>;

export const ScopeSelectorSchema = s.object(
  {
    matchExpressions: s.array(ScopedResourceSelectorRequirementSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.ScopeSelector", mapType: "atomic" },
);
export type ScopeSelector = Infer<typeof ScopeSelectorSchema>;

export const ResourceQuotaSpecSchema = s.object(
  {
    hard: s.map(s.quantity()),
    scopes: s.array(s.enum(["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass"]), { listType: "atomic" }),
    scopeSelector: ScopeSelectorSchema,
  },
  { name: "io.k8s.api.core.v1.ResourceQuotaSpec" },
);
export type ResourceQuotaSpec = Infer<typeof ResourceQuotaSpecSchema>;

export const ResourceQuotaStatusSchema = s.object(
  {
    hard: s.map(s.quantity()),
    used: s.map(s.quantity()),
  },
  { name: "io.k8s.api.core.v1.ResourceQuotaStatus" },
);
export type ResourceQuotaStatus = Infer<typeof ResourceQuotaStatusSchema>;

export const ResourceQuotaSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: ResourceQuotaSpecSchema,
    status: ResourceQuotaStatusSchema,
  },
  { name: "io.k8s.api.core.v1.ResourceQuota", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ResourceQuota" }] },
);
export type ResourceQuota = Infer<typeof ResourceQuotaSchema>;

export const ResourceQuotaListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(ResourceQuotaSchema),
  },
  { name: "io.k8s.api.core.v1.ResourceQuotaList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ResourceQuotaList" }] },
);
export type ResourceQuotaList = Infer<typeof ResourceQuotaListSchema>;

export const LimitRangeItemSchema = s.object(
  {
    type: s.string(),
    max: s.map(s.quantity()),
    min: s.map(s.quantity()),
    default: s.map(s.quantity()),
    defaultRequest: s.map(s.quantity()),
    maxLimitRequestRatio: s.map(s.quantity()),
  },
  { name: "io.k8s.api.core.v1.LimitRangeItem", required: ["type"] },
);
export type LimitRangeItem = Infer<typeof LimitRangeItemSchema>;

export const LimitRangeSpecSchema = s.object(
  {
    limits: s.array(LimitRangeItemSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.LimitRangeSpec", required: ["limits"] },
);
export type LimitRangeSpec = Infer<typeof LimitRangeSpecSchema>;

export const LimitRangeSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: LimitRangeSpecSchema,
  },
  { name: "io.k8s.api.core.v1.LimitRange", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "LimitRange" }] },
);
export type LimitRange = Infer<typeof LimitRangeSchema>;

export const LimitRangeListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(LimitRangeSchema),
  },
  { name: "io.k8s.api.core.v1.LimitRangeList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "LimitRangeList" }] },
);
export type LimitRangeList = Infer<typeof LimitRangeListSchema>;
