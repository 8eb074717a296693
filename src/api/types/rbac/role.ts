/** rbac.authorization.k8s.io/v1 Role, ClusterRole and their bindings. */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const PolicyRuleSchema = s.object(
  {
    verbs: s.array(s.string(), { listType: "atomic" }).doc("Allowed verbs; \"*\" for all."),
    apiGroups: s.array(s.string(), { listType: "atomic" }).doc("API groups of the resources; \"\" for core."),
    resources: s.array(s.string(), { listType: "atomic" }).doc("Resources; \"*\" for all."),
    resourceNames: s.array(s.string(), { listType: "atomic" }).doc("Names the rule is limited to."),
    nonResourceURLs: s.array(s.string(), { listType: "atomic" }).doc("URL paths (for ClusterRoles only)."),
  },
  { name: "io.k8s.api.rbac.v1.PolicyRule", description: "Actions allowed on resources.", required: ["verbs"] },
);
export type PolicyRule = Infer<typeof PolicyRuleSchema>;

export const RoleSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    rules: s.array(PolicyRuleSchema, { listType: "atomic" }).doc("The permissions."),
  },
  { name: "io.k8s.api.rbac.v1.Role", description: "Namespaced permissions.", present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "Role" }] },
);
export type Role = Infer<typeof RoleSchema>;

export const RoleListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(RoleSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.rbac.v1.RoleList", description: "A list of Roles.", required: ["items"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleList" }] },
);
export type RoleList = Infer<typeof RoleListSchema>;

export const SubjectSchema = s.object(
  {
    kind: s.string().doc("User, Group or ServiceAccount."),
    apiGroup: s.string().doc("API group of the kind."),
    name: s.string().doc("Name of the subject."),
    namespace: s.string().doc("Namespace of a ServiceAccount."),
  },
  { name: "io.k8s.api.rbac.v1.Subject", description: "A user, group or service account.", required: ["kind", "name"], mapType: "atomic" },
);
export type Subject = Infer<typeof SubjectSchema>;

export const RoleRefSchema = s.object(
  {
    apiGroup: s.string().doc("rbac.authorization.k8s.io."),
    kind: s.string().doc("Role or ClusterRole."),
    name: s.string().doc("Name of the role."),
  },
  { name: "io.k8s.api.rbac.v1.RoleRef", description: "The role a binding grants.", required: ["apiGroup", "kind", "name"], mapType: "atomic" },
);
export type RoleRef = Infer<typeof RoleRefSchema>;

export const RoleBindingSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    subjects: s.array(SubjectSchema, { listType: "atomic" }).doc("Who is granted."),
    roleRef: RoleRefSchema.doc("The role granted; immutable."),
  },
  { name: "io.k8s.api.rbac.v1.RoleBinding", description: "Grants a Role or ClusterRole in a namespace to subjects.", required: ["roleRef"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding" }] },
);
export type RoleBinding = Infer<typeof RoleBindingSchema>;

export const RoleBindingListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(RoleBindingSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.rbac.v1.RoleBindingList", description: "A list of RoleBindings.", required: ["items"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBindingList" }] },
);
export type RoleBindingList = Infer<typeof RoleBindingListSchema>;

export const AggregationRuleSchema = s.object(
  {
    clusterRoleSelectors: s.array(LabelSelectorSchema, { listType: "atomic" }).doc("Label selectors of ClusterRoles."),
  },
  { name: "io.k8s.api.rbac.v1.AggregationRule", description: "Selects ClusterRoles to aggregate." },
);
export type AggregationRule = Infer<typeof AggregationRuleSchema>;

export const ClusterRoleSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    rules: s.array(PolicyRuleSchema, { listType: "atomic" }).doc("The permissions."),
    aggregationRule: AggregationRuleSchema.doc("Selects ClusterRoles whose rules are aggregated into this one."),
  },
  { name: "io.k8s.api.rbac.v1.ClusterRole", description: "Cluster-wide permissions.", present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole" }] },
);
export type ClusterRole = Infer<typeof ClusterRoleSchema>;

export const ClusterRoleListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ClusterRoleSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.rbac.v1.ClusterRoleList", description: "A list of ClusterRoles.", required: ["items"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleList" }] },
);
export type ClusterRoleList = Infer<typeof ClusterRoleListSchema>;

export const ClusterRoleBindingSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    subjects: s.array(SubjectSchema, { listType: "atomic" }).doc("Who is granted."),
    roleRef: RoleRefSchema.doc("The role granted; immutable."),
  },
  { name: "io.k8s.api.rbac.v1.ClusterRoleBinding", description: "Grants a ClusterRole cluster-wide to subjects.", required: ["roleRef"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding" }] },
);
export type ClusterRoleBinding = Infer<typeof ClusterRoleBindingSchema>;

export const ClusterRoleBindingListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ClusterRoleBindingSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.rbac.v1.ClusterRoleBindingList", description: "A list of ClusterRoleBindings.", required: ["items"], present: ["metadata"], gvk: [{ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBindingList" }] },
);
export type ClusterRoleBindingList = Infer<typeof ClusterRoleBindingListSchema>;
