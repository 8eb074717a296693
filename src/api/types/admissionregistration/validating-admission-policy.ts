/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (cluster-scoped, with a status
 * subresource) and ValidatingAdmissionPolicyBinding (cluster-scoped): CEL validations of
 * admission requests, and the bindings that apply a policy to resources (with parameters
 * and enforcement actions).
 *
 * Declared from k8s.io/api/admissionregistration/v1 types.go as of Kubernetes v1.34, with
 * upstream's definition names and list/map/patch metadata: matchConditions and variables
 * are map lists keyed by name (patch merge key name), status.conditions a map list keyed
 * by type, validationActions a set, every other list atomic; ParamKind, ParamRef,
 * MatchResources and NamedRuleWithOperations are atomic structs.
 *
 * MatchCondition is the webhooks' (io.k8s.api.admissionregistration.v1.MatchCondition).
 * NamedRuleWithOperations inlines RuleWithOperations (and its Rule) as upstream does; its
 * fields are declared here again with the same names and meanings.
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema, ListMetaSchema, MetaConditionSchema, ObjectMetaSchema } from "../meta/object-meta.ts";
import { MatchConditionSchema } from "./webhook-configuration.ts";

const PKG = "io.k8s.api.admissionregistration.v1";
const GROUP = "admissionregistration.k8s.io";

const OPERATIONS = ["*", "CREATE", "UPDATE", "DELETE", "CONNECT"] as const;
const SCOPES = ["Cluster", "Namespaced", "*"] as const;
const FAILURE_POLICIES = ["Ignore", "Fail"] as const;
const MATCH_POLICIES = ["Exact", "Equivalent"] as const;
/** ParameterNotFoundActionType. */
const PARAMETER_NOT_FOUND_ACTIONS = ["Allow", "Deny"] as const;
/** ValidationAction. */
const VALIDATION_ACTIONS = ["Deny", "Warn", "Audit"] as const;

export const ParamKindSchema = s.object(
  {
    apiVersion: s.string().doc('The API group version of the parameter resources, as "group/version" ("v1" for the core group). Required.'),
    kind: s.string().doc("The kind of the parameter resources. Required."),
  },
  { name: `${PKG}.ParamKind`, description: "The group version and kind of the resources that parameterize a policy.", mapType: "atomic" },
);
export type ParamKind = Infer<typeof ParamKindSchema>;

export const NamedRuleWithOperationsSchema = s.object(
  {
    resourceNames: s.array(s.string(), { listType: "atomic" }).doc("The names of the objects the rule applies to; empty: all of them."),
    operations: s.array(s.enum(OPERATIONS), { listType: "atomic" }).doc('The operations the rule matches: CREATE, UPDATE, DELETE, CONNECT, or "*" for all (then alone). Required.'),
    apiGroups: s.array(s.string(), { listType: "atomic" }).doc('The API groups of the resources ("" is the core group); "*" is all groups (then alone). Required.'),
    apiVersions: s.array(s.string(), { listType: "atomic" }).doc('The API versions of the resources; "*" is all versions (then alone). Required.'),
    resources: s
      .array(s.string(), { listType: "atomic" })
      .doc('The resources: "pods", "pods/log" (a subresource), "*" (all resources, no subresources), "pods/*" (all subresources of pods), "*/scale", "*/*" (everything). Required.'),
    scope: s.enum(SCOPES).doc('Cluster (cluster-scoped resources only), Namespaced (namespaced only) or "*" (the default): any. Subresources match their parent\'s scope.'),
  },
  { name: `${PKG}.NamedRuleWithOperations`, description: "Operations and resources, optionally limited to named objects.", mapType: "atomic" },
);
export type NamedRuleWithOperations = Infer<typeof NamedRuleWithOperationsSchema>;

export const MatchResourcesSchema = s.object(
  {
    namespaceSelector: LabelSelectorSchema.doc(
      "Which namespaces' objects match, by the namespace's labels (a Namespace object by its own labels; other cluster-scoped objects always). Empty (the default) matches everything.",
    ),
    objectSelector: LabelSelectorSchema.doc("Which objects match, by the labels of the new or the old object. Empty (the default) matches everything."),
    resourceRules: s.array(NamedRuleWithOperationsSchema, { listType: "atomic" }).doc("The operations on resources that match: any rule that matches."),
    excludeResourceRules: s.array(NamedRuleWithOperationsSchema, { listType: "atomic" }).doc("The operations on resources that never match; they take precedence over resourceRules."),
    matchPolicy: s
      .enum(MATCH_POLICIES)
      .doc("Exact: only requests that match a rule exactly; Equivalent (the default): also requests for the same resource through another group or version, converted to the rule's."),
  },
  { name: `${PKG}.MatchResources`, description: "Which requests a policy or binding applies to; exclude rules take precedence over include rules.", mapType: "atomic" },
);
export type MatchResources = Infer<typeof MatchResourcesSchema>;

export const ValidationSchema = s.object(
  {
    expression: s
      .string()
      .doc("A CEL expression that must evaluate to true for the request to pass, over object, oldObject, request, params, namespaceObject, variables and authorizer. Required."),
    message: s.string().doc('The message when the validation fails, on one line; "failed expression: {expression}" when unset. Required when the expression has line breaks.'),
    reason: s.string().doc("A machine-readable reason for the failure: Unauthorized, Forbidden (the default), Invalid or RequestEntityTooLarge; with the message, the HTTP answer's."),
    messageExpression: s.string().doc("A CEL expression that evaluates to the message when the validation fails; it takes precedence over message. It may not use authorizer."),
  },
  { name: `${PKG}.Validation`, description: "A CEL validation of a policy.", required: ["expression"] },
);
export type Validation = Infer<typeof ValidationSchema>;

export const AuditAnnotationSchema = s.object(
  {
    key: s.string().doc('The audit annotation key, unique within the policy: a qualified name of at most 63 bytes; the annotation is "{policy name}/{key}". Required.'),
    valueExpression: s.string().doc("A CEL expression that evaluates to the annotation's string value (or null: no annotation); at most 5kb. Required."),
  },
  { name: `${PKG}.AuditAnnotation`, description: "An audit annotation a policy adds to the audit event of a request.", required: ["key", "valueExpression"] },
);
export type AuditAnnotation = Infer<typeof AuditAnnotationSchema>;

export const VariableSchema = s.object(
  {
    name: s.string().doc("The variable's name, a CEL identifier; available to other expressions as variables.<name>. Required."),
    expression: s.string().doc("The CEL expression of the variable's value; it may use variables declared before it. Required."),
  },
  { name: `${PKG}.Variable`, description: "A named CEL expression the other expressions of a policy may use.", required: ["name", "expression"] },
);
export type Variable = Infer<typeof VariableSchema>;

export const ValidatingAdmissionPolicySpecSchema = s.object(
  {
    paramKind: ParamKindSchema.doc("The kind of the resources that parameterize the policy; without it, expressions have no params."),
    matchConstraints: MatchResourcesSchema.doc("The requests the policy validates: those that match all constraints. Policies never match policies and bindings. Required."),
    validations: s.array(ValidationSchema, { listType: "atomic" }).doc("The CEL validations; validations and auditAnnotations may not both be empty."),
    failurePolicy: s
      .enum(FAILURE_POLICIES)
      .doc("What a failure (CEL errors, a misconfigured policy or binding) does: Fail (the default) applies the binding's validation actions, Ignore lets the request pass."),
    auditAnnotations: s.array(AuditAnnotationSchema, { listType: "atomic" }).doc("Audit annotations the policy adds; validations and auditAnnotations may not both be empty."),
    matchConditions: s
      .array(MatchConditionSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" })
      .doc("Conditions a request must meet, after the match constraints, to be validated; at most 64. A false one skips the policy; an error applies the failure policy."),
    variables: s
      .array(VariableSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" })
      .doc("Variables the validations and audit annotations may use (not the match conditions), in order of declaration."),
  },
  { name: `${PKG}.ValidatingAdmissionPolicySpec`, description: "The desired behavior of a ValidatingAdmissionPolicy." },
);
export type ValidatingAdmissionPolicySpec = Infer<typeof ValidatingAdmissionPolicySpecSchema>;

export const ExpressionWarningSchema = s.object(
  {
    fieldRef: s.string().doc('The path of the field of the expression, such as "spec.validations[0].expression".'),
    warning: s.string().doc("The type checking warnings of the expression, in human-readable form."),
  },
  { name: `${PKG}.ExpressionWarning`, description: "A type checking warning about one expression.", required: ["fieldRef", "warning"] },
);
export type ExpressionWarning = Infer<typeof ExpressionWarningSchema>;

export const TypeCheckingSchema = s.object(
  {
    expressionWarnings: s.array(ExpressionWarningSchema, { listType: "atomic" }).doc("The type checking warnings of each expression."),
  },
  { name: `${PKG}.TypeChecking`, description: "The results of type checking the expressions of a ValidatingAdmissionPolicy." },
);
export type TypeChecking = Infer<typeof TypeCheckingSchema>;

export const ValidatingAdmissionPolicyStatusSchema = s.object(
  {
    observedGeneration: s.int64().doc("The generation the controller observed."),
    typeChecking: TypeCheckingSchema.doc("The results of type checking each expression; present once type checking completed."),
    conditions: s.array(MetaConditionSchema, { listType: "map", listMapKeys: ["type"] }).doc("The latest observations of the policy's state."),
  },
  { name: `${PKG}.ValidatingAdmissionPolicyStatus`, description: "The observed state of a ValidatingAdmissionPolicy." },
);
export type ValidatingAdmissionPolicyStatus = Infer<typeof ValidatingAdmissionPolicyStatusSchema>;

export const ValidatingAdmissionPolicySchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: ValidatingAdmissionPolicySpecSchema.doc("The desired behavior of the policy."),
    status: ValidatingAdmissionPolicyStatusSchema.doc("The observed state of the policy, such as type checking warnings. Read-only."),
  },
  {
    name: `${PKG}.ValidatingAdmissionPolicy`,
    description: "An admission policy that accepts or rejects objects without changing them, by CEL expressions.",
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "ValidatingAdmissionPolicy" }],
  },
);
export type ValidatingAdmissionPolicy = Infer<typeof ValidatingAdmissionPolicySchema>;

export const ValidatingAdmissionPolicyListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ValidatingAdmissionPolicySchema).doc("The objects in this list."),
  },
  {
    name: `${PKG}.ValidatingAdmissionPolicyList`,
    description: "A list of ValidatingAdmissionPolicies.",
    required: ["items"],
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "ValidatingAdmissionPolicyList" }],
  },
);
export type ValidatingAdmissionPolicyList = Infer<typeof ValidatingAdmissionPolicyListSchema>;

export const ParamRefSchema = s.object(
  {
    name: s.string().doc("The name of the parameter resource; name and selector are mutually exclusive, and one of them is required."),
    namespace: s
      .string()
      .doc("The namespace of the parameter resources (for both name and selector); unset for a cluster-scoped paramKind, else the namespace of the object under admission when unset."),
    selector: LabelSelectorSchema.doc("Selects parameter resources by their labels ({} selects all); each one is evaluated and the results ANDed."),
    parameterNotFoundAction: s
      .enum(PARAMETER_NOT_FOUND_ACTIONS)
      .doc("What happens when no parameter resource matches: Allow (the binding passes) or Deny (the policy's failure policy applies). Required."),
  },
  { name: `${PKG}.ParamRef`, description: "Where a binding finds the parameters of its policy's expressions.", mapType: "atomic" },
);
export type ParamRef = Infer<typeof ParamRefSchema>;

export const ValidatingAdmissionPolicyBindingSpecSchema = s.object(
  {
    policyName: s.string().doc("The name of the ValidatingAdmissionPolicy the binding binds; a binding to a missing policy is ignored. Required."),
    paramRef: ParamRefSchema.doc("The parameter resources of the policy's paramKind; ignored when the policy has no paramKind."),
    matchResources: MatchResourcesSchema.doc(
      "The requests the binding validates, intersected with the policy's matchConstraints; unset: all of the policy's. Unlike matchConstraints, resourceRules may be empty.",
    ),
    validationActions: s
      .array(s.enum(VALIDATION_ACTIONS), { listType: "set" })
      .doc("How failed validations are enforced: Deny (the request is denied), Warn (a warning header) and Audit (an audit annotation); no duplicates, Deny and Warn not together. Required."),
  },
  { name: `${PKG}.ValidatingAdmissionPolicyBindingSpec`, description: "The desired behavior of a ValidatingAdmissionPolicyBinding." },
);
export type ValidatingAdmissionPolicyBindingSpec = Infer<typeof ValidatingAdmissionPolicyBindingSpecSchema>;

export const ValidatingAdmissionPolicyBindingSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: ValidatingAdmissionPolicyBindingSpecSchema.doc("The desired behavior of the binding."),
  },
  {
    name: `${PKG}.ValidatingAdmissionPolicyBinding`,
    description: "Binds a ValidatingAdmissionPolicy to resources, with parameters; the policy is evaluated once per binding and parameter.",
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "ValidatingAdmissionPolicyBinding" }],
  },
);
export type ValidatingAdmissionPolicyBinding = Infer<typeof ValidatingAdmissionPolicyBindingSchema>;

export const ValidatingAdmissionPolicyBindingListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ValidatingAdmissionPolicyBindingSchema).doc("The objects in this list."),
  },
  {
    name: `${PKG}.ValidatingAdmissionPolicyBindingList`,
    description: "A list of ValidatingAdmissionPolicyBindings.",
    required: ["items"],
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "ValidatingAdmissionPolicyBindingList" }],
  },
);
export type ValidatingAdmissionPolicyBindingList = Infer<typeof ValidatingAdmissionPolicyBindingListSchema>;
