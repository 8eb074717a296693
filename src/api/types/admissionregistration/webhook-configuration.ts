/**
 * admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration and
 * MutatingWebhookConfiguration (cluster-scoped): the admission webhooks the apiserver calls,
 * the requests each one is called for (rules, selectors, match conditions) and how it is
 * reached (a URL or an in-cluster Service).
 *
 * Declared from k8s.io/api/admissionregistration/v1 types.go as of Kubernetes v1.34, with
 * upstream's definition names and list/map/patch metadata: webhooks and matchConditions are
 * map lists keyed by name (patch merge key name), every other list is atomic.
 *
 * The TypeScript names of WebhookClientConfig and ServiceReference carry an Admission
 * prefix (AdmissionWebhookClientConfig, AdmissionServiceReference): the apiextensions types
 * already export those names for CRD conversion webhooks. Their OpenAPI definitions keep
 * upstream's names (io.k8s.api.admissionregistration.v1.WebhookClientConfig, ...).
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

const PKG = "io.k8s.api.admissionregistration.v1";
const GROUP = "admissionregistration.k8s.io";

/** The operations a rule may name (OperationType); "*" is all of them. */
const WEBHOOK_OPERATIONS = ["*", "CREATE", "UPDATE", "DELETE", "CONNECT"] as const;
/** A rule's scope (ScopeType); "*" (the default) is any. */
const WEBHOOK_SCOPES = ["Cluster", "Namespaced", "*"] as const;
const FAILURE_POLICIES = ["Ignore", "Fail"] as const;
const MATCH_POLICIES = ["Exact", "Equivalent"] as const;
/** SideEffectClass; v1 accepts only None and NoneOnDryRun on create (Unknown and Some come from v1beta1). */
const SIDE_EFFECT_CLASSES = ["Unknown", "None", "Some", "NoneOnDryRun"] as const;
const REINVOCATION_POLICIES = ["Never", "IfNeeded"] as const;

export const RuleWithOperationsSchema = s.object(
  {
    operations: s.array(s.enum(WEBHOOK_OPERATIONS), { listType: "atomic" }).doc('The operations the webhook is called for: CREATE, UPDATE, DELETE, CONNECT, or "*" for all (then alone). Required.'),
    apiGroups: s.array(s.string(), { listType: "atomic" }).doc('The API groups of the resources ("" is the core group); "*" is all groups (then alone). Required.'),
    apiVersions: s.array(s.string(), { listType: "atomic" }).doc('The API versions of the resources; "*" is all versions (then alone). Required.'),
    resources: s
      .array(s.string(), { listType: "atomic" })
      .doc('The resources: "pods", "pods/log" (a subresource), "*" (all resources, no subresources), "pods/*" (all subresources of pods), "*/scale", "*/*" (everything). Required.'),
    scope: s.enum(WEBHOOK_SCOPES).doc('Cluster (cluster-scoped resources only), Namespaced (namespaced only) or "*" (the default): any. Subresources match their parent\'s scope.'),
  },
  { name: `${PKG}.RuleWithOperations`, description: "The operations and resources (API groups, versions, resources and scope) a webhook is called for; every combination should be valid." },
);
export type RuleWithOperations = Infer<typeof RuleWithOperationsSchema>;

export const AdmissionServiceReferenceSchema = s.object(
  {
    namespace: s.string().doc("The namespace of the service. Required."),
    name: s.string().doc("The name of the service. Required."),
    path: s.string().doc("A URL path sent with every request to the service."),
    port: s.int32().doc("The service port serving the webhook (1-65535); 443 when unset."),
  },
  { name: `${PKG}.ServiceReference`, description: "A reference to the Service serving a webhook.", required: ["namespace", "name"] },
);
export type AdmissionServiceReference = Infer<typeof AdmissionServiceReferenceSchema>;

export const AdmissionWebhookClientConfigSchema = s.object(
  {
    url: s
      .string()
      .doc("The webhook's location as https://host[:port][/path], for a webhook outside the cluster; no user information, query or fragment. Exactly one of url and service is set."),
    service: AdmissionServiceReferenceSchema.doc("The Service serving the webhook, for a webhook inside the cluster. Exactly one of url and service is set."),
    caBundle: s.bytes().doc("PEM-encoded CA certificates to verify the webhook's serving certificate; the system roots when unset."),
  },
  { name: `${PKG}.WebhookClientConfig`, description: "How to reach a webhook over TLS." },
);
export type AdmissionWebhookClientConfig = Infer<typeof AdmissionWebhookClientConfigSchema>;

export const MatchConditionSchema = s.object(
  {
    name: s.string().doc("An identifier of the condition, unique within the webhook: a qualified name such as 'exclude-leases' or 'example.com/MyName'. Required."),
    expression: s
      .string()
      .doc("A CEL expression that must evaluate to a bool, over object, oldObject, request (the AdmissionRequest) and authorizer; the webhook is skipped when any condition is false. Required."),
  },
  { name: `${PKG}.MatchCondition`, description: "A condition a request must fulfil to be sent to a webhook.", required: ["name", "expression"] },
);
export type MatchCondition = Infer<typeof MatchConditionSchema>;

/** The fields validating and mutating webhooks share, in upstream's order. */
const WEBHOOK_FIELDS = {
  name: s.string().doc('The fully qualified name of the webhook, such as "imagepolicy.kubernetes.io" (at least three DNS labels); unique within its configuration. Required.'),
  clientConfig: AdmissionWebhookClientConfigSchema.doc("How to call the webhook. Required."),
  rules: s
    .array(RuleWithOperationsSchema, { listType: "atomic" })
    .doc("The operations on resources the webhook is called for: any rule that matches. Webhook configurations themselves never go through admission webhooks."),
  failurePolicy: s.enum(FAILURE_POLICIES).doc("What a failed call (an error, a timeout) does: Fail (the default) rejects the request, Ignore lets it pass."),
  matchPolicy: s
    .enum(MATCH_POLICIES)
    .doc("Exact: only requests that match a rule exactly; Equivalent (the default): also requests for the same resource through another group or version, converted to the rule's."),
  namespaceSelector: LabelSelectorSchema.doc(
    "Which namespaces' objects the webhook is called for, by the namespace's labels (a Namespace object by its own labels; other cluster-scoped objects always). Empty (the default) matches everything.",
  ),
  objectSelector: LabelSelectorSchema.doc("Which objects the webhook is called for, by the labels of the new or the old object. Empty (the default) matches everything."),
  sideEffects: s
    .enum(SIDE_EFFECT_CLASSES)
    .doc("Whether calling the webhook has side effects: None or NoneOnDryRun (Unknown and Some only from v1beta1). Dry-run requests fail on webhooks with side effects. Required."),
  timeoutSeconds: s.int32().doc("How long a call may take, 1 to 30 seconds; then the failure policy applies. 10 when unset."),
  admissionReviewVersions: s
    .array(s.string(), { listType: "atomic" })
    .doc("The AdmissionReview versions the webhook accepts, in order of preference; the apiserver sends the first it supports, and must support one of them (v1, v1beta1). Required."),
};

const MATCH_CONDITIONS = s
  .array(MatchConditionSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" })
  .doc("Conditions a request must meet, after rules and selectors, to be sent to the webhook; at most 64. A false one skips the webhook; an error applies the failure policy.");

export const ValidatingWebhookSchema = s.object(
  { ...WEBHOOK_FIELDS, matchConditions: MATCH_CONDITIONS },
  {
    name: `${PKG}.ValidatingWebhook`,
    description: "A validating admission webhook and the resources and operations it is called for.",
    required: ["name", "clientConfig", "sideEffects", "admissionReviewVersions"],
  },
);
export type ValidatingWebhook = Infer<typeof ValidatingWebhookSchema>;

export const MutatingWebhookSchema = s.object(
  {
    ...WEBHOOK_FIELDS,
    reinvocationPolicy: s
      .enum(REINVOCATION_POLICIES)
      .doc("Never (the default): the webhook is called at most once per admission; IfNeeded: called again when later admission plugins modified the object after its call."),
    matchConditions: MATCH_CONDITIONS,
  },
  {
    name: `${PKG}.MutatingWebhook`,
    description: "A mutating admission webhook and the resources and operations it is called for.",
    required: ["name", "clientConfig", "sideEffects", "admissionReviewVersions"],
  },
);
export type MutatingWebhook = Infer<typeof MutatingWebhookSchema>;

const WEBHOOKS = { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" } as const;

export const ValidatingWebhookConfigurationSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    webhooks: s.array(ValidatingWebhookSchema, WEBHOOKS).doc("The webhooks of this configuration, by name."),
  },
  {
    name: `${PKG}.ValidatingWebhookConfiguration`,
    description: "Admission webhooks that accept or reject objects without changing them.",
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "ValidatingWebhookConfiguration" }],
  },
);
export type ValidatingWebhookConfiguration = Infer<typeof ValidatingWebhookConfigurationSchema>;

export const ValidatingWebhookConfigurationListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ValidatingWebhookConfigurationSchema).doc("The objects in this list."),
  },
  {
    name: `${PKG}.ValidatingWebhookConfigurationList`,
    description: "A list of ValidatingWebhookConfigurations.",
    required: ["items"],
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "ValidatingWebhookConfigurationList" }],
  },
);
export type ValidatingWebhookConfigurationList = Infer<typeof ValidatingWebhookConfigurationListSchema>;

export const MutatingWebhookConfigurationSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    webhooks: s.array(MutatingWebhookSchema, WEBHOOKS).doc("The webhooks of this configuration, by name."),
  },
  {
    name: `${PKG}.MutatingWebhookConfiguration`,
    description: "Admission webhooks that may change objects (JSON patches) as well as accept or reject them.",
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "MutatingWebhookConfiguration" }],
  },
);
export type MutatingWebhookConfiguration = Infer<typeof MutatingWebhookConfigurationSchema>;

export const MutatingWebhookConfigurationListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(MutatingWebhookConfigurationSchema).doc("The objects in this list."),
  },
  {
    name: `${PKG}.MutatingWebhookConfigurationList`,
    description: "A list of MutatingWebhookConfigurations.",
    required: ["items"],
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "MutatingWebhookConfigurationList" }],
  },
);
export type MutatingWebhookConfigurationList = Infer<typeof MutatingWebhookConfigurationListSchema>;
