/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition defaults and validation against
 * upstream's messages and field paths (apiextensions-apiserver, Kubernetes 1.34), through
 * applyDefaults and validateObject as the apiserver calls them, plus strict field checks of
 * CRD bodies against the declared schema.
 */
import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { checkObject } from "../../../../src/api/schema/check.ts";
import { createCa } from "../../../../src/apiserver/pki/certs.ts";
import { goJSONSchemaProps } from "../../../../src/api/validation/apiextensions.ts";
import { errorString, validateObject } from "../../../../src/api/validation/index.ts";

const CRD = resourceFor("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;

type Json = Record<string, any>;
const SCHEMA: Json = { type: "object", properties: { spec: { type: "object", properties: { replicas: { type: "integer" }, color: { type: "string" } } } } };

/** A valid CRD (foos.example.com, one version v1 with a schema); `spec` fields replace the defaults. */
function crd(spec: Json = {}, meta: Json = {}, status?: Json): KubeObject {
  const o: Json = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "foos.example.com", ...meta },
    spec: { group: "example.com", names: { plural: "foos", kind: "Foo" }, scope: "Namespaced", versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: SCHEMA } }], ...spec },
  };
  if (status) o["status"] = status;
  return o as KubeObject;
}
const version = (name: string, extra: Json = {}): Json => ({ name, served: true, storage: false, schema: { openAPIV3Schema: SCHEMA }, ...extra });

const defaulted = (o: KubeObject, old?: KubeObject) => {
  applyDefaults(CRD, o, old);
  return o;
};
const errs = (o: KubeObject) => validateObject(CRD, defaulted(o)).map(errorString);
const updateErrs = (o: KubeObject, old: KubeObject) => validateObject(CRD, defaulted(o, old), defaulted(old)).map(errorString);
const statusErrs = (o: KubeObject, old: KubeObject) => validateObject(CRD, o, old, { subresource: "status" }).map(errorString);
const established = { storedVersions: ["v1"], conditions: [{ type: "Established", status: "True" }] };

/** %#v of a version as upstream prints it inside spec.versions bad values (per-version fields moved up). */
const goVersion = (name: string, served: boolean, storage: boolean) =>
  `apiextensions.CustomResourceDefinitionVersion{Name:"${name}", Served:${served}, Storage:${storage}, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}`;

describe("defaults (SetObjectDefaults_CustomResourceDefinition)", () => {
  test("singular, listKind, conversion None, storedVersions from the storage version", () => {
    const o = defaulted(crd({ versions: [version("v1beta1"), version("v1", { storage: true })] })) as Json;
    expect(o["spec"].names).toEqual({ plural: "foos", kind: "Foo", singular: "foo", listKind: "FooList" });
    expect(o["spec"].conversion).toEqual({ strategy: "None" });
    expect(o["status"]).toEqual({ storedVersions: ["v1"] });
  });

  test("set values stay; storedVersions is only filled when empty", () => {
    const o = defaulted(crd({ names: { plural: "foos", kind: "Foo", singular: "one", listKind: "Foos" }, conversion: { strategy: "Webhook" } }, {}, { storedVersions: ["v0"] })) as Json;
    expect(o["spec"].names).toMatchObject({ singular: "one", listKind: "Foos" });
    expect(o["spec"].conversion).toEqual({ strategy: "Webhook" });
    expect(o["status"].storedVersions).toEqual(["v0"]);
  });

  test("webhook service port 443", () => {
    const o = defaulted(crd({ conversion: { strategy: "Webhook", webhook: { clientConfig: { service: { namespace: "ns", name: "conv" } }, conversionReviewVersions: ["v1"] } } })) as Json;
    expect(o["spec"].conversion.webhook.clientConfig.service).toEqual({ namespace: "ns", name: "conv", port: 443 });
  });

  test("no kind: no singular or listKind; no storage version: no storedVersions", () => {
    const o = defaulted(crd({ names: { plural: "foos" }, versions: [version("v1")] })) as Json;
    expect(o["spec"].names).toEqual({ plural: "foos" });
    expect(o["status"]).toBeUndefined();
  });
});

describe("ValidateCustomResourceDefinition", () => {
  test("a valid CRD", () => {
    expect(errs(crd())).toEqual([]);
    expect(errs(crd({ scope: "Cluster", versions: [version("v1"), version("v2", { storage: true, deprecated: true, deprecationWarning: "use v3" })] }))).toEqual([]);
  });

  test("the name is <plural>.<group>", () => {
    expect(errs(crd({}, { name: "bars.example.com" }))).toEqual(['metadata.name: Invalid value: "bars.example.com": must be spec.names.plural+"."+spec.group']);
  });

  test("group: required, a DNS subdomain, with a dot", () => {
    expect(errs(crd({ group: "example" }, { name: "foos.example" }))).toEqual(['spec.group: Invalid value: "example": should be a domain with at least one dot']);
    expect(errs(crd({ group: "Example.com" }, { name: "foos.Example.com" }))[1]).toBe(
      "spec.group: Invalid value: \"Example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
    expect(errs(crd({ group: "" }, { name: "foos." }))).toContain("spec.group: Required value");
  });

  test("scope: Cluster or Namespaced", () => {
    expect(errs(crd({ scope: "Global" }))).toEqual(['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']);
    expect(errs(crd({ scope: "" }))).toEqual(["spec.scope: Required value"]);
  });

  test("every version needs a schema", () => {
    expect(errs(crd({ versions: [{ name: "v1", served: true, storage: true }] }))).toEqual(["spec.versions[0].schema.openAPIV3Schema: Required value"]);
  });

  test("exactly one storage version; unique names (the versions printed as Go does)", () => {
    expect(errs(crd({ versions: [version("v1")] }))).toEqual([
      `spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{${goVersion("v1", true, false)}}: must have exactly one version marked as storage version`,
      "status.storedVersions: Invalid value: []string(nil): must have at least one stored version",
    ]);
    const twice = errs(crd({ versions: [version("v1", { storage: true }), version("v1", { storage: true })] }));
    const list = `[]apiextensions.CustomResourceDefinitionVersion{${goVersion("v1", true, true)}, ${goVersion("v1", true, true)}}`;
    expect(twice).toEqual([
      `spec.versions: Invalid value: ${list}: must contain unique version names`,
      `spec.versions: Invalid value: ${list}: must have exactly one version marked as storage version`,
      // the second v1 finds its name already taken off the stored list, as upstream's map
      'status.storedVersions: Invalid value: []string{"v1"}: must have the storage version v1',
    ]);
    expect(errs(crd({ versions: [] }))[0]).toBe("spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{}: must have exactly one version marked as storage version");
  });

  test("version names are DNS-1035 labels (the first is reported as spec.version too)", () => {
    const msg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    expect(errs(crd({ versions: [version("1", { storage: true })] }))).toEqual([`spec.versions[0].name: Invalid value: "1": ${msg}`, `spec.version: Invalid value: "1": ${msg}`]);
  });

  test("names", () => {
    expect(errs(crd({ names: { plural: "foos" } }))).toEqual(["spec.names.singular: Required value", "spec.names.kind: Required value", "spec.names.listKind: Required value"]);
    expect(errs(crd({ names: { plural: "foos", kind: "Foo", listKind: "Foo" } }))).toEqual(['spec.names.listKind: Invalid value: "Foo": kind and listKind may not be the same']);
    // the defaulted singular (foo_bar) and listKind (Foo_BarList) are reported as well
    const mixed = errs(crd({ names: { plural: "foos", kind: "Foo_Bar" } }));
    expect(mixed.map((e) => e.slice(0, e.indexOf(":")))).toEqual(["spec.names.singular", "spec.names.kind", "spec.names.listKind"]);
    expect(mixed[1]).toStartWith('spec.names.kind: Invalid value: "Foo_Bar": may have mixed case, but should otherwise match: a DNS-1035 label');
    const bad = errs(crd({ names: { plural: "foos", kind: "Foo", shortNames: ["f", "F1"], categories: ["all", "my_cat"] } }));
    expect(bad.map((e) => e.slice(0, e.indexOf(":")))).toEqual(["spec.names.shortNames[1]", "spec.names.categories[1]"]);
  });

  test("printer columns: identical columns are reported at spec.additionalPrinterColumns, as upstream's internal version", () => {
    const columns = [{ name: "", type: "text", format: "uuid", jsonPath: "spec.x" }, { name: "Color", type: "string", jsonPath: "" }];
    expect(errs(crd({ versions: [version("v1", { storage: true, additionalPrinterColumns: columns })] }))).toEqual([
      "spec.additionalPrinterColumns[0].name: Required value",
      'spec.additionalPrinterColumns[0].type: Invalid value: "text": must be one of boolean,date,integer,number,string',
      'spec.additionalPrinterColumns[0].format: Invalid value: "uuid": must be one of byte,date,date-time,double,float,int32,int64,password',
      'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.x": must be a simple json path starting with .',
      "spec.additionalPrinterColumns[1].JSONPath: Required value",
    ]);
    // different per version: reported under each version
    const v2 = version("v2", { additionalPrinterColumns: [{ name: "N", jsonPath: ".spec.color" }] });
    expect(errs(crd({ versions: [version("v1", { storage: true }), v2] }))).toEqual(["spec.versions[1].additionalPrinterColumns[0].type: Required value: must be one of boolean,date,integer,number,string"]);
  });

  test("scale subresource paths", () => {
    const scale = (s: Json) => errs(crd({ versions: [version("v1", { storage: true, subresources: { scale: s } })] }));
    expect(scale({ specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.selector" })).toEqual([]);
    expect(scale({ specReplicasPath: ".status.replicas", statusReplicasPath: "status.replicas", labelSelectorPath: ".metadata.labels" })).toEqual([
      'spec.subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.subresources.scale.statusReplicasPath: Invalid value: "status.replicas": must be a simple json path starting with .',
      'spec.subresources.scale.labelSelectorPath: Invalid value: ".metadata.labels": should be a json path under either .spec or .status',
    ]);
    expect(scale({ specReplicasPath: "", statusReplicasPath: "" })).toEqual(["spec.subresources.scale.specReplicasPath: Required value", "spec.subresources.scale.statusReplicasPath: Required value"]);
  });

  test("with the status subresource, the root schema is an object with a few fields only", () => {
    const withStatus = (schema: Json) => errs(crd({ versions: [version("v1", { storage: true, schema: { openAPIV3Schema: schema }, subresources: { status: {} } })] }));
    expect(withStatus(SCHEMA)).toEqual([]);
    // the structural schema rules add their own findings about the same root
    expect(withStatus({ type: "array" })).toEqual([
      'spec.validation.openAPIV3Schema.type: Invalid value: "array": only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
      "spec.validation.openAPIV3Schema.items: Required value: must be specified",
      'spec.validation.openAPIV3Schema.type: Invalid value: "array": must be object at the root',
    ]);
    const anyOf = { type: "object", anyOf: [{ required: ["spec"] }] };
    expect(withStatus(anyOf)).toEqual([
      `spec.validation.openAPIV3Schema: Invalid value: ${goJSONSchemaProps(anyOf)}: only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled`,
    ]);
    expect(goJSONSchemaProps(anyOf)).toContain(
      'Type:"object", Nullable:false, Format:""',
    );
    expect(goJSONSchemaProps(anyOf)).toContain("AnyOf:[]apiextensions.JSONSchemaProps{apiextensions.JSONSchemaProps{ID:\"\"");
  });

  test("nullable cannot be true at the root", () => {
    expect(errs(crd({ versions: [version("v1", { storage: true, schema: { openAPIV3Schema: { ...SCHEMA, nullable: true } } })] }))).toEqual([
      "spec.validation.openAPIV3Schema.nullable: Forbidden: nullable cannot be true at the root",
    ]);
  });

  test("deprecationWarning", () => {
    expect(errs(crd({ versions: [version("v1", { storage: true, deprecationWarning: "old" })] }))).toEqual(['spec.versions[0].deprecationWarning: Invalid value: "old": can only be set for deprecated versions']);
    expect(errs(crd({ versions: [version("v1", { storage: true, deprecated: true, deprecationWarning: "a\tb" })] }))).toEqual([
      'spec.versions[0].deprecationWarning: Invalid value: "a\\tb": must only contain printable UTF-8 characters; non-printable character found at index 1',
    ]);
  });

  test("selectable fields: declared string, boolean or integer fields, not in metadata, no duplicates", () => {
    const sel = (fields: Json[]) => errs(crd({ versions: [version("v1", { storage: true, selectableFields: fields })] }));
    expect(sel([{ jsonPath: ".spec.color" }, { jsonPath: ".spec.replicas" }])).toEqual([]);
    expect(sel([{ jsonPath: ".spec.size" }, { jsonPath: ".spec" }, { jsonPath: ".spec.color" }, { jsonPath: ".spec.color" }, { jsonPath: "" }])).toEqual([
      'spec.selectableFields[0].jsonPath: Invalid value: ".spec.size": is an invalid path: does not refer to a valid field',
      'spec.selectableFields[1].jsonPath: Invalid value: ".spec": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
      'spec.selectableFields[3].jsonPath: Duplicate value: ".spec.color"',
      "spec.selectableFields[4].jsonPath: Required value",
    ]);
  });

  test("conversion", () => {
    expect(errs(crd({ conversion: { strategy: "Magic" } }))).toEqual(['spec.conversion.strategy: Unsupported value: "Magic": supported values: "None", "Webhook"']);
    expect(errs(crd({ conversion: { strategy: "Webhook" } }))).toEqual([
      "spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook",
      "spec.conversion.conversionReviewVersions: Required value",
    ]);
    const hook = (clientConfig: Json, conversionReviewVersions = ["v1"]) => errs(crd({ conversion: { strategy: "Webhook", webhook: { clientConfig, conversionReviewVersions } } }));
    expect(hook({ url: "https://conv.example.com/convert" })).toEqual([]);
    expect(hook({ url: "http://u:p@conv?x=1#f" })).toEqual([
      'spec.conversion.webhookClientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]',
      'spec.conversion.webhookClientConfig.url: Invalid value: "u:p": user information is not permitted in the URL',
      'spec.conversion.webhookClientConfig.url: Invalid value: "f": fragments are not permitted in the URL',
      'spec.conversion.webhookClientConfig.url: Invalid value: "x=1": query parameters are not permitted in the URL',
    ]);
    expect(hook({ service: { namespace: "ns", name: "conv", path: "/Convert" } }, ["v2"])).toEqual([
      'spec.conversion.webhookClientConfig.service.path: Invalid value: "/Convert": segment[0]: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      'spec.conversion.conversionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1',
    ]);
    expect(hook({ url: "https://x", service: { namespace: "ns", name: "conv" } })).toEqual(["spec.conversion.webhookClientConfig: Required value: exactly one of url or service is required"]);
    expect(errs(crd({ conversion: { strategy: "None", webhook: { clientConfig: { url: "https://x" }, conversionReviewVersions: ["v1"] } } }))).toEqual([
      "spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook",
      "spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook",
    ]);
  });

  test("preserveUnknownFields cannot be set to true", () => {
    expect(errs(crd({ preserveUnknownFields: true }))).toEqual(["spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"]);
  });

  test("k8s.io and kubernetes.io groups need the api-approved.kubernetes.io annotation", () => {
    const k8s = (annotations?: Json) => errs(crd({ group: "widgets.k8s.io" }, { name: "foos.widgets.k8s.io", ...(annotations ? { annotations } : {}) }));
    expect(k8s()).toEqual([
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    expect(k8s({ "api-approved.kubernetes.io": "https://github.com/kubernetes/kubernetes/pull/1" })).toEqual([]);
    expect(k8s({ "api-approved.kubernetes.io": "unapproved, experimental" })).toEqual([]);
    expect(k8s({ "api-approved.kubernetes.io": "yes" })).toEqual([
      'metadata.annotations[api-approved.kubernetes.io]: Invalid value: "yes": protected groups must have approval annotation "api-approved.kubernetes.io" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
  });
});

describe("ValidateCustomResourceDefinitionUpdate", () => {
  test("group and names.plural never change; scope and kind only while not Established", () => {
    const old = crd({}, {}, { storedVersions: ["v1"] });
    expect(updateErrs(crd({ group: "other.com", names: { plural: "bars", kind: "Bar" }, scope: "Cluster" }, {}, { storedVersions: ["v1"] }), old)).toEqual(['spec.group: Invalid value: "other.com": field is immutable', 'spec.names.plural: Invalid value: "bars": field is immutable']);
    const est = crd({}, {}, established);
    expect(updateErrs(crd({ names: { plural: "foos", kind: "Bar" }, scope: "Cluster" }, {}, established), est)).toEqual([
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Bar": field is immutable',
    ]);
  });

  test("stored versions stay in spec.versions; the storage version is stored", () => {
    const old = crd({ versions: [version("v1beta1", { storage: true }), version("v1")] }, {}, { storedVersions: ["v1beta1"] });
    expect(updateErrs(crd({}, {}, { storedVersions: ["v1beta1"] }), old)).toEqual([
      'status.storedVersions: Invalid value: []string{"v1beta1"}: must have the storage version v1',
      "status.storedVersions[0]: Invalid value: \"v1beta1\": missing from spec.versions; v1beta1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1beta1 and removes v1beta1 from status.storedVersions",
    ]);
  });

  test("a conversion webhook's caBundle must hold a certificate once the CRD is Established (unless the stored one was already bad)", async () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const withCA = (caBundle: string, status: Json) =>
      crd({ conversion: { strategy: "Webhook", webhook: { clientConfig: { url: "https://conv.example.com", caBundle }, conversionReviewVersions: ["v1"] } } }, {}, status);
    const good = b64((await createCa("conv-ca")).certPem);
    const bad = b64("oops");
    expect(updateErrs(withCA(good, established), withCA(good, established))).toEqual([]);
    expect(updateErrs(withCA(bad, established), withCA(good, established))).toEqual([
      "spec.conversion.webhookClientConfig.caBundle: Invalid value: []byte{0x6f, 0x6f, 0x70, 0x73}: unable to load root certificates: unable to parse bytes as PEM block",
    ]);
    // not Established yet, or already bad: allowed
    expect(updateErrs(withCA(bad, { storedVersions: ["v1"] }), withCA(good, { storedVersions: ["v1"] }))).toEqual([]);
    expect(updateErrs(withCA(bad, established), withCA(b64("bad too"), established))).toEqual([]);
    expect(errs(withCA(bad, {}))).toEqual([]);
  });

  test("schemas may stay missing when the old CRD had none, for served versions with pruning off only", () => {
    const noSchema = { versions: [{ name: "v1", served: true, storage: true }] };
    const old = crd(noSchema, {}, { storedVersions: ["v1"] });
    expect(updateErrs(crd(noSchema, {}, { storedVersions: ["v1"] }), old)).toEqual(["spec.versions[0].schema.openAPIV3Schema: Required value: because otherwise all fields are pruned"]);
  });
});

describe("ValidateUpdateCustomResourceDefinitionStatus", () => {
  test("acceptedNames formats only; storedVersions is not checked there", () => {
    const old = defaulted(crd({}, {}, { storedVersions: ["v1"] }));
    const status = (s: Json) => ({ ...(old as Json), status: s }) as unknown as KubeObject;
    expect(statusErrs(status({ acceptedNames: { plural: "foos", kind: "Foo" }, storedVersions: [] }), old)).toEqual([]);
    expect(statusErrs(status({ acceptedNames: { plural: "Foos", kind: "Foo", listKind: "Foo" } }), old)).toEqual([
      "status.acceptedNames.plural: Invalid value: \"Foos\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      'status.acceptedNames.listKind: Invalid value: "Foo": kind and listKind may not be the same',
    ]);
  });
});

describe("strict field checks of CRD bodies", () => {
  const check = (o: unknown) => checkObject("apiextensions.k8s.io/v1", "CustomResourceDefinition", o);

  test("JSONSchemaProps fields, x-kubernetes-* extensions included, at any depth", () => {
    const schema = {
      type: "object",
      "x-kubernetes-preserve-unknown-fields": true,
      properties: {
        spec: {
          type: "object",
          required: ["a"],
          default: { a: 1 },
          "x-kubernetes-validations": [{ rule: "self.a > 0", message: "positive", reason: "FieldValueInvalid" }],
          properties: { a: { type: "integer", enum: [1, 2, null], example: 1 }, l: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" } },
          additionalProperties: false,
        },
      },
    };
    expect(check(crd({ versions: [version("v1", { storage: true, schema: { openAPIV3Schema: schema } })] }))).toEqual({ unknownFields: [], typeErrors: [] });
  });

  test("unknown fields are reported where upstream's strict decoding reports them", () => {
    const schema = { type: "object", properties: { spec: { type: "object", requried: ["a"], properties: { a: { type: "integer", "x-kubernetes-int-or-strin": true } } } } };
    const body = crd({ names: { plural: "foos", kind: "Foo", short: ["f"] }, versions: [version("v1", { storage: true, schema: { openAPIV3Schema: schema }, subresources: { status: {}, sacle: {} } })] });
    expect(check(body).unknownFields).toEqual([
      "spec.names.short",
      "spec.versions[0].schema.openAPIV3Schema.properties.spec.requried",
      "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.a.x-kubernetes-int-or-strin",
      "spec.versions[0].subresources.sacle",
    ]);
  });
});
