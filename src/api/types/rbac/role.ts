/** rbac.authorization.k8s.io/v1 Role, ClusterRole and their bindings. */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const PolicyRuleSchema = s.object(
  {
    verbs: s.array(s.string(), { listType: "atomic" }),
    apiGroups: s.array(s.string(), { listType: "atomic" }),
    resources: s.array(s.string(), { listType: "atomic" }),
    resourceNames: s.array(s.string(), { listType: "atomic" }),
    nonResourceURLs: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.rbac.v1.PolicyRule", required: ["verbs"] },
);
export type PolicyRule = Infer<typeof PolicyRuleSchema>;

export const RoleSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    rules: s.array(PolicyRuleSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.rbac.v1.Role", present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "Role" }] },
);
export type Role = Infer<typeof RoleSchema>;

export const RoleListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(RoleSchema),
  },
  { name: "io.k8s.api.rbac.v1.RoleList", required: ["items"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleList" }] },
);
export type RoleList = Infer<typeof RoleListSchema>;

export const SubjectSchema = s.object(
  {
    kind: s.string(),
    apiGroup: s.string(),
    name: s.string(),
    namespace: s.string(),
  },
  { name: "io.k8s.api.rbac.v1.Subject", required: ["kind", "name"], mapType: "atomic" },
);
export type Subject = Infer<typeof SubjectSchema>;

export const RoleRefSchema = s.object(
  {
    apiGroup: s.string(),
    kind: s.string(),
    name: s.string(),
  },
  { name: "io.k8s.api.rbac.v1.RoleRef", required: ["apiGroup", "kind", "name"], mapType: "atomic" },
);
export type RoleRef = Infer<typeof RoleRefSchema>;

export const RoleBindingSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    subjects: s.array(SubjectSchema, { listType: "atomic" }),
    roleRef: RoleRefSchema,
  },
  { name: "io.k8s.api.rbac.v1.RoleBinding", required: ["roleRef"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding" }] },
);
export type RoleBinding = Infer<typeof RoleBindingSchema>;

export const RoleBindingListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(RoleBindingSchema),
  },
  { name: "io.k8s.api.rbac.v1.RoleBindingList", required: ["items"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBindingList" }] },
);
export type RoleBindingList = Infer<typeof RoleBindingListSchema>;

export const AggregationRuleSchema = s.object(
  {
    clusterRoleSelectors: s.array(LabelSelectorSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.rbac.v1.AggregationRule" },
);
export type AggregationRule = Infer<typeof AggregationRuleSchema>;

export const ClusterRoleSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    rules: s.array(PolicyRuleSchema, { listType: "atomic" }),
    aggregationRule: AggregationRuleSchema,
  },
  { name: "io.k8s.api.rbac.v1.ClusterRole", present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole" }] },
);
export type ClusterRole = Infer<typeof ClusterRoleSchema>;

export const ClusterRoleListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(ClusterRoleSchema),
  },
  { name: "io.k8s.api.rbac.v1.ClusterRoleList", required: ["items"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleList" }] },
);
export type ClusterRoleList = Infer<typeof ClusterRoleListSchema>;

export const ClusterRoleBindingSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    subjects: s.array(SubjectSchema, { listType: "atomic" }),
    roleRef: RoleRefSchema,
  },
  { name: "io.k8s.api.rbac.v1.ClusterRoleBinding", required: ["roleRef"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding" }] },
);
export type ClusterRoleBinding = Infer<typeof ClusterRoleBindingSchema>;

export const ClusterRoleBindingListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(ClusterRoleBindingSchema),
  },
  { name: "io.k8s.api.rbac.v1.ClusterRoleBindingList", required: ["items"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBindingList" }] },
);
export type ClusterRoleBindingList = Infer<typeof ClusterRoleBindingListSchema>;
