/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition (cluster-scoped): a new resource served
 * under /apis/<group>/<version>, its names, versions, schemas and subresources.
 *
 * Declared from k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1 (types.go and
 * types_jsonschema.go) as of Kubernetes v1.34, with upstream's definition names and
 * list/map/patch metadata. JSONSchemaProps is recursive (through s.ref). Its union-typed
 * members (items: schema or list of schemas; additionalProperties and additionalItems:
 * schema or bool; dependencies' values: schema or list of names) and its free JSON
 * members (default, example, enum items) are s.any(): upstream decodes them with custom,
 * non-strict unmarshalers, so strict field validation looks no deeper there either.
 */
import { s, type Infer, type Schema } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

const PKG = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1";
const GROUP = "apiextensions.k8s.io";

export const ExternalDocumentationSchema = s.object(
  {
    description: s.string().doc("What the linked documentation is about."),
    url: s.string().doc("Where the documentation is."),
  },
  { name: `${PKG}.ExternalDocumentation`, description: "A link to documentation elsewhere." },
);
export type ExternalDocumentation = Infer<typeof ExternalDocumentationSchema>;

export const ValidationRuleSchema = s.object(
  {
    rule: s.string().doc("A CEL expression over `self` (and `oldSelf` for transition rules) that must evaluate to true."),
    message: s.string().doc("The message returned when the rule fails; a fixed string without line breaks."),
    messageExpression: s.string().doc("A CEL expression evaluating to the message returned when the rule fails; takes precedence over message."),
    reason: s.enum(["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"]).doc("The reason of the error returned when the rule fails; FieldValueInvalid when unset."),
    fieldPath: s.string().doc("The path, relative to the schema holding the rule, of the field reported when the rule fails (e.g. .spec.replicas)."),
    optionalOldSelf: s.boolean().doc("Also evaluate the transition rule on create and when the old value is absent, with oldSelf an optional."),
  },
  { name: `${PKG}.ValidationRule`, description: "One CEL validation rule of an x-kubernetes-validations list.", required: ["rule"] },
);
export type ValidationRule = Infer<typeof ValidationRuleSchema>;

/** An OpenAPI v3 schema as a CRD declares it (the JSON it is written as). */
export interface JSONSchemaProps {
  id?: string;
  $schema?: string;
  $ref?: string;
  description?: string;
  type?: string;
  format?: string;
  title?: string;
  default?: unknown;
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  enum?: unknown[];
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  /** A schema, or a list of schemas. */
  items?: unknown;
  allOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  properties?: Record<string, JSONSchemaProps>;
  /** A schema, or a bool. */
  additionalProperties?: unknown;
  patternProperties?: Record<string, JSONSchemaProps>;
  /** Each value a schema, or a list of property names. */
  dependencies?: Record<string, unknown>;
  /** A schema, or a bool. */
  additionalItems?: unknown;
  definitions?: Record<string, JSONSchemaProps>;
  externalDocs?: ExternalDocumentation;
  example?: unknown;
  nullable?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-map-type"?: string;
  "x-kubernetes-validations"?: ValidationRule[];
}

const JSON_SCHEMA_PROPS = `${PKG}.JSONSchemaProps`;
/** A use of JSONSchemaProps inside its own declaration. */
const schemaRef = (): Schema<JSONSchemaProps> => s.ref<JSONSchemaProps>(JSON_SCHEMA_PROPS, () => JSONSchemaPropsSchema);

export const JSONSchemaPropsSchema: Schema<JSONSchemaProps> = s.object(
  {
    id: s.string().doc("The schema's identifier."),
    $schema: s.string().doc("The URL of the JSON Schema dialect."),
    $ref: s.string().doc("A reference to another schema; not allowed in CRD schemas."),
    description: s.string().doc("What the value is, for people (kubectl explain shows it)."),
    type: s.string().doc("object, array, string, integer, number or boolean."),
    format: s.string().doc("A known format of the value, e.g. int32, date-time, byte, uuid, hostname, cidr."),
    title: s.string().doc("A short title."),
    default: s.any().doc("The value used when the field is absent; must validate against the schema."),
    maximum: s.number().doc("The largest allowed number."),
    exclusiveMaximum: s.boolean().doc("Whether maximum itself is excluded."),
    minimum: s.number().doc("The smallest allowed number."),
    exclusiveMinimum: s.boolean().doc("Whether minimum itself is excluded."),
    maxLength: s.int64().doc("The most characters a string may have."),
    minLength: s.int64().doc("The fewest characters a string may have."),
    pattern: s.string().doc("A regular expression strings must match."),
    maxItems: s.int64().doc("The most items a list may have."),
    minItems: s.int64().doc("The fewest items a list may have."),
    uniqueItems: s.boolean().doc("Whether list items must differ; not allowed in CRD schemas (use x-kubernetes-list-type set)."),
    multipleOf: s.number().doc("A number values must be a multiple of."),
    enum: s.array(s.any(), { listType: "atomic" }).doc("The values allowed."),
    maxProperties: s.int64().doc("The most fields an object may have."),
    minProperties: s.int64().doc("The fewest fields an object may have."),
    required: s.array(s.string(), { listType: "atomic" }).doc("Fields an object must have."),
    items: s.any().doc("The schema of a list's items (a schema, or a list of schemas)."),
    allOf: s.array(schemaRef(), { listType: "atomic" }).doc("Schemas the value must all match."),
    oneOf: s.array(schemaRef(), { listType: "atomic" }).doc("Schemas exactly one of which the value must match."),
    anyOf: s.array(schemaRef(), { listType: "atomic" }).doc("Schemas at least one of which the value must match."),
    not: schemaRef().doc("A schema the value must not match."),
    properties: s.map(schemaRef()).doc("The schemas of an object's fields, by name."),
    additionalProperties: s.any().doc("The schema of the values of a map-like object (a schema, or a bool)."),
    patternProperties: s.map(schemaRef()).doc("Schemas of fields whose names match a regular expression; not allowed in CRD schemas."),
    dependencies: s.map(s.any()).doc("Fields required or schemas applied when a field is present; not allowed in CRD schemas."),
    additionalItems: s.any().doc("The schema of items beyond those items lists (a schema, or a bool); not allowed in CRD schemas."),
    definitions: s.map(schemaRef()).doc("Named schemas for $ref; not allowed in CRD schemas."),
    externalDocs: ExternalDocumentationSchema.doc("A link to more documentation."),
    example: s.any().doc("An example value."),
    nullable: s.boolean().doc("Whether null is allowed (and kept) as the value."),
    "x-kubernetes-preserve-unknown-fields": s.boolean().doc("Keep fields the schema does not declare (true or unset; false is not allowed)."),
    "x-kubernetes-embedded-resource": s.boolean().doc("The value is an embedded object with apiVersion, kind and metadata, validated as such."),
    "x-kubernetes-int-or-string": s.boolean().doc("The value is an integer or a string."),
    "x-kubernetes-list-map-keys": s.array(s.string(), { listType: "atomic" }).doc("The key fields of the items of a list of type map."),
    "x-kubernetes-list-type": s.string().doc("atomic (the default), set or map: how a list merges."),
    "x-kubernetes-map-type": s.string().doc("granular (the default) or atomic: how an object merges."),
    "x-kubernetes-validations": s
      .array(ValidationRuleSchema, { listType: "map", listMapKeys: ["rule"], patchStrategy: "merge", patchMergeKey: "rule" })
      .doc("CEL rules the value must satisfy."),
  },
  { name: JSON_SCHEMA_PROPS, description: "An OpenAPI v3 schema (JSON Schema draft 4 subset) with the Kubernetes x-kubernetes-* extensions." },
);

export const CustomResourceValidationSchema = s.object(
  { openAPIV3Schema: JSONSchemaPropsSchema.doc("The OpenAPI v3 schema objects of this version are validated, pruned and defaulted with.") },
  { name: `${PKG}.CustomResourceValidation`, description: "The schema of a custom resource version." },
);
export type CustomResourceValidation = Infer<typeof CustomResourceValidationSchema>;

export const CustomResourceSubresourceStatusSchema = s.object(
  {},
  {
    name: `${PKG}.CustomResourceSubresourceStatus`,
    description: "Enables the /status subresource: the main resource's writes ignore status, /status writes change only status.",
  },
);

export const CustomResourceSubresourceScaleSchema = s.object(
  {
    specReplicasPath: s.string().doc("The JSON path (under .spec) of the desired replicas, e.g. .spec.replicas; no array notation."),
    statusReplicasPath: s.string().doc("The JSON path (under .status) of the observed replicas, e.g. .status.replicas; no array notation."),
    labelSelectorPath: s.string().doc("The JSON path (under .spec or .status) of the serialized label selector of the scaled pods, e.g. .status.selector."),
  },
  {
    name: `${PKG}.CustomResourceSubresourceScale`,
    description: "Enables the /scale subresource, reading and writing replicas at the given paths.",
    required: ["specReplicasPath", "statusReplicasPath"],
  },
);
export type CustomResourceSubresourceScale = Infer<typeof CustomResourceSubresourceScaleSchema>;

export const CustomResourceSubresourcesSchema = s.object(
  {
    status: CustomResourceSubresourceStatusSchema.doc("Enables the /status subresource."),
    scale: CustomResourceSubresourceScaleSchema.doc("Enables the /scale subresource."),
  },
  { name: `${PKG}.CustomResourceSubresources`, description: "The subresources a custom resource version serves." },
);
export type CustomResourceSubresources = Infer<typeof CustomResourceSubresourcesSchema>;

export const CustomResourceColumnDefinitionSchema = s.object(
  {
    name: s.string().doc("The column's header."),
    type: s.string().doc("integer, number, string, boolean or date: the OpenAPI type of the column."),
    format: s.string().doc("An optional OpenAPI format of the column (name marks the primary column)."),
    description: s.string().doc("What the column shows, for people."),
    priority: s.int32().doc("0 for columns always shown; higher for columns shown only with -o wide."),
    jsonPath: s.string().doc("A simple JSON path evaluated against each object for the column's value."),
  },
  { name: `${PKG}.CustomResourceColumnDefinition`, description: "An extra column of the table printed for a custom resource.", required: ["name", "type", "jsonPath"] },
);
export type CustomResourceColumnDefinition = Infer<typeof CustomResourceColumnDefinitionSchema>;

export const SelectableFieldSchema = s.object(
  { jsonPath: s.string().doc("A simple JSON path (no array notation) to a string, boolean or integer field usable in field selectors.") },
  { name: `${PKG}.SelectableField`, description: "A field of a custom resource that field selectors may use.", required: ["jsonPath"] },
);
export type SelectableField = Infer<typeof SelectableFieldSchema>;

export const CustomResourceDefinitionVersionSchema = s.object(
  {
    name: s.string().doc("The version name, e.g. v1 or v2beta1; served under /apis/<group>/<name>."),
    served: s.boolean().doc("Whether this version is served by the REST API."),
    storage: s.boolean().doc("Whether objects are persisted at this version; exactly one version has it."),
    deprecated: s.boolean().doc("Whether this version is deprecated; requests to it get a warning."),
    deprecationWarning: s.string().doc("Overrides the default warning returned for requests to a deprecated version."),
    schema: CustomResourceValidationSchema.doc("The schema of this version."),
    subresources: CustomResourceSubresourcesSchema.doc("The subresources this version serves."),
    additionalPrinterColumns: s.array(CustomResourceColumnDefinitionSchema, { listType: "atomic" }).doc("Extra table columns; without any, an Age column is shown."),
    selectableFields: s.array(SelectableFieldSchema, { listType: "atomic" }).doc("Fields usable in field selectors besides metadata.name and metadata.namespace."),
  },
  { name: `${PKG}.CustomResourceDefinitionVersion`, description: "One version of a custom resource.", required: ["name", "served", "storage"] },
);
export type CustomResourceDefinitionVersion = Infer<typeof CustomResourceDefinitionVersionSchema>;

export const CustomResourceDefinitionNamesSchema = s.object(
  {
    plural: s.string().doc("The lower-case plural resource name, used in URLs; must match the CRD's name (<plural>.<group>)."),
    singular: s.string().doc("The lower-case singular name; the lower-cased kind when unset."),
    shortNames: s.array(s.string(), { listType: "atomic" }).doc("Short lower-case names for kubectl, e.g. crd."),
    kind: s.string().doc("The CamelCase kind of the objects."),
    listKind: s.string().doc("The kind of lists of the objects; <kind>List when unset."),
    categories: s.array(s.string(), { listType: "atomic" }).doc("Groupings the resource belongs to, e.g. all (kubectl get all)."),
  },
  { name: `${PKG}.CustomResourceDefinitionNames`, description: "The names a custom resource is served under.", required: ["plural", "kind"] },
);
export type CustomResourceDefinitionNames = Infer<typeof CustomResourceDefinitionNamesSchema>;

export const ServiceReferenceSchema = s.object(
  {
    namespace: s.string().doc("The namespace of the service."),
    name: s.string().doc("The name of the service."),
    path: s.string().doc("The URL path requests are sent to."),
    port: s.int32().doc("The service port requests are sent to; 443 when unset."),
  },
  { name: `${PKG}.ServiceReference`, description: "A reference to a Service serving a webhook.", required: ["namespace", "name"] },
);
export type ServiceReference = Infer<typeof ServiceReferenceSchema>;

export const WebhookClientConfigSchema = s.object(
  {
    url: s.string().doc("The webhook's location as https://host[:port][/path]; exactly one of url and service is set."),
    service: ServiceReferenceSchema.doc("The Service serving the webhook; exactly one of url and service is set."),
    caBundle: s.bytes().doc("PEM-encoded CA certificates to verify the webhook's serving certificate; the system roots when unset."),
  },
  { name: `${PKG}.WebhookClientConfig`, description: "How to reach a webhook over TLS." },
);
export type WebhookClientConfig = Infer<typeof WebhookClientConfigSchema>;

export const WebhookConversionSchema = s.object(
  {
    clientConfig: WebhookClientConfigSchema.doc("How to call the conversion webhook; required with strategy Webhook."),
    conversionReviewVersions: s.array(s.string(), { listType: "atomic" }).doc("The ConversionReview versions the webhook accepts, in order of preference."),
  },
  { name: `${PKG}.WebhookConversion`, description: "The conversion webhook of a CRD.", required: ["conversionReviewVersions"] },
);
export type WebhookConversion = Infer<typeof WebhookConversionSchema>;

export const CustomResourceConversionSchema = s.object(
  {
    strategy: s.string().doc("None (only apiVersion changes) or Webhook (a webhook converts)."),
    webhook: WebhookConversionSchema.doc("The conversion webhook; required with strategy Webhook."),
  },
  { name: `${PKG}.CustomResourceConversion`, description: "How objects are converted between the versions of a custom resource.", required: ["strategy"] },
);
export type CustomResourceConversion = Infer<typeof CustomResourceConversionSchema>;

export const CustomResourceDefinitionSpecSchema = s.object(
  {
    group: s.string().doc("The API group of the custom resource (a domain with at least one dot); served under /apis/<group>."),
    names: CustomResourceDefinitionNamesSchema.doc("The resource and kind names of the custom resource."),
    scope: s.string().doc("Cluster or Namespaced."),
    versions: s.array(CustomResourceDefinitionVersionSchema, { listType: "atomic" }).doc("The versions of the custom resource; exactly one is the storage version."),
    conversion: CustomResourceConversionSchema.doc("How objects are converted between versions; strategy None when unset."),
    preserveUnknownFields: s.boolean().doc("Deprecated: keep fields the schemas do not declare; use x-kubernetes-preserve-unknown-fields in the schemas instead."),
  },
  { name: `${PKG}.CustomResourceDefinitionSpec`, description: "The resource a CRD defines.", required: ["group", "names", "scope", "versions"] },
);
export type CustomResourceDefinitionSpec = Infer<typeof CustomResourceDefinitionSpecSchema>;

export const CustomResourceDefinitionConditionSchema = s.object(
  {
    type: s.string().doc("Established, NamesAccepted, NonStructuralSchema, Terminating or KubernetesAPIApprovalPolicyConformant."),
    status: s.string().doc("True, False or Unknown."),
    lastTransitionTime: s.time().doc("When the status last changed."),
    reason: s.string().doc("A CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: `${PKG}.CustomResourceDefinitionCondition`, description: "One condition of a CRD.", required: ["type", "status"] },
);
export type CustomResourceDefinitionCondition = Infer<typeof CustomResourceDefinitionConditionSchema>;

export const CustomResourceDefinitionStatusSchema = s.object(
  {
    conditions: s.array(CustomResourceDefinitionConditionSchema, { listType: "map", listMapKeys: ["type"] }).doc("The CRD's current conditions."),
    acceptedNames: CustomResourceDefinitionNamesSchema.doc("The names actually served; they may differ from spec.names when those conflict with another resource's."),
    storedVersions: s.array(s.string(), { listType: "atomic" }).doc("Every version objects were ever persisted at; a version stays in spec.versions while it is listed here."),
  },
  { name: `${PKG}.CustomResourceDefinitionStatus`, description: "The observed state of a CRD." },
);
export type CustomResourceDefinitionStatus = Infer<typeof CustomResourceDefinitionStatusSchema>;

export const CustomResourceDefinitionSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: CustomResourceDefinitionSpecSchema.doc("The resource this CRD defines."),
    status: CustomResourceDefinitionStatusSchema.doc("The observed state of the CRD."),
  },
  {
    name: `${PKG}.CustomResourceDefinition`,
    description: "A resource served by the API server from a definition: its group, names, versions and schemas. Its name is <spec.names.plural>.<spec.group>.",
    required: ["spec"],
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "CustomResourceDefinition" }],
  },
);
export type CustomResourceDefinition = Infer<typeof CustomResourceDefinitionSchema>;

export const CustomResourceDefinitionListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(CustomResourceDefinitionSchema).doc("The objects in this list."),
  },
  {
    name: `${PKG}.CustomResourceDefinitionList`,
    description: "A list of CustomResourceDefinitions.",
    required: ["items"],
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "CustomResourceDefinitionList" }],
  },
);
export type CustomResourceDefinitionList = Infer<typeof CustomResourceDefinitionListSchema>;
