/**
 * The checks of a CRD version's openAPIV3Schema (apiextensions-apiserver: structural
 * schema ValidateStructural and its completeness, ValidateDefaults, and the per-node
 * rules of pkg/apis/apiextensions/validation, Kubernetes 1.34), with upstream's paths
 * and texts below spec.versions[0].schema.openAPIV3Schema.
 */
import { describe, expect, test } from "bun:test";
import { validateStructuralSchema } from "../../../../src/api/apiextensions/structural.ts";
import type { JSONSchemaProps } from "../../../../src/api/apiextensions/types.ts";
import { errorString, Path } from "../../../../src/api/validation/field-error.ts";

const ROOT = "spec.versions[0].schema.openAPIV3Schema";
const at = () => Path.root("spec").child("versions").index(0).child("schema", "openAPIV3Schema");
const errs = (schema: JSONSchemaProps): string[] => validateStructuralSchema(schema, at()).map(errorString);
const root = (props: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => ({ type: "object", properties: props, ...extra });

describe("a valid schema", () => {
  test("has no errors", () => {
    const schema = root({
      spec: {
        type: "object",
        required: ["replicas"],
        properties: {
          replicas: { type: "integer", format: "int32", minimum: 0, default: 1 },
          port: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] },
          ports: {
            type: "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            items: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
          },
          labels: { type: "object", additionalProperties: { type: "string" } },
          raw: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
          template: { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true },
          mode: { type: "string", enum: ["a", "b"], allOf: [{ pattern: "^[a-z]$" }] },
        },
        "x-kubernetes-validations": [{ rule: "self.replicas >= 0", message: "no negative replicas" }],
      },
      metadata: { type: "object", properties: { name: { type: "string", maxLength: 20 } } },
      status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    });
    expect(errs(schema)).toEqual([]);
  });
  test("preserve-unknown-fields without a type", () => {
    expect(errs({ type: "object", "x-kubernetes-preserve-unknown-fields": true })).toEqual([]);
  });
});

describe("structurality", () => {
  test("types are required, with the level in the message, errors sorted", () => {
    expect(errs({ properties: { spec: { properties: { a: {} } }, list: { type: "array", items: {} } } })).toEqual([
      `${ROOT}.properties[list].items.type: Required value: must not be empty for specified array items`,
      `${ROOT}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`,
      `${ROOT}.properties[spec].type: Required value: must not be empty for specified object fields`,
      `${ROOT}.type: Required value: must not be empty at the root`,
    ]);
  });
  test("arrays need items; the root is an object without additionalProperties", () => {
    expect(errs({ type: "array" })).toEqual([`${ROOT}.items: Required value: must be specified`, `${ROOT}.type: Invalid value: "array": must be object at the root`]);
    expect(errs({ type: "object", additionalProperties: { type: "string" } })).toEqual([`${ROOT}.additionalProperties: Forbidden: must not be used at the root`]);
  });
  test("value validations may not carry structure", () => {
    const schema = root({
      a: { type: "string", anyOf: [{ type: "string", description: "d", nullable: true, "x-kubernetes-list-type": "atomic" }], not: { default: "x", title: "t" } },
    });
    expect(errs(schema)).toEqual([
      `${ROOT}.properties[a].anyOf[0].description: Forbidden: must be empty to be structural`,
      `${ROOT}.properties[a].anyOf[0].nullable: Forbidden: must be false to be structural`,
      `${ROOT}.properties[a].anyOf[0].type: Forbidden: must be empty to be structural`,
      `${ROOT}.properties[a].anyOf[0].x-kubernetes-list-type: Forbidden: must be undefined to be structural`,
      `${ROOT}.properties[a].not.default: Forbidden: must be undefined to be structural`,
      `${ROOT}.properties[a].not.title: Forbidden: must be empty to be structural`,
      // the per-node rules look into anyOf too
      `${ROOT}.properties[a].anyOf[0].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified`,
    ]);
  });
  test("the int-or-string patterns may name types", () => {
    const ios: JSONSchemaProps[] = [{ type: "integer" }, { type: "string" }];
    expect(errs(root({ a: { "x-kubernetes-int-or-string": true, allOf: [{ anyOf: ios }, { anyOf: [{ minimum: 1 }, { pattern: "x" }] }] } }))).toEqual([]);
    expect(errs(root({ a: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer", minimum: 1 }, { type: "string" }] } }))).toEqual([
      `${ROOT}.properties[a].anyOf[0].type: Forbidden: must be empty to be structural`,
      `${ROOT}.properties[a].anyOf[1].type: Forbidden: must be empty to be structural`,
    ]);
  });
  test("the root's value validations only on specified fields (completeness)", () => {
    const schema = root(
      { a: { type: "object", properties: { foo: { type: "string" } } } },
      { allOf: [{ properties: { notfoo: { minLength: 2 } } }, { properties: { a: { properties: { bar: { minLength: 1 } } } } }], anyOf: [{ items: { minLength: 1 } }] },
    );
    expect(errs(schema)).toEqual([
      `${ROOT}.items: Required value: because it is defined in ${ROOT}.anyOf[0].items`,
      `${ROOT}.properties[a].properties[bar]: Required value: because it is defined in ${ROOT}.allOf[1].properties[a].properties[bar]`,
      `${ROOT}.properties[notfoo]: Required value: because it is defined in ${ROOT}.allOf[0].properties[notfoo]`,
    ]);
    // upstream checks completeness from the root's junctors only
    expect(errs(root({ a: { type: "object", allOf: [{ properties: { x: { minLength: 1 } } }] } }))).toEqual([]);
  });
  test("root metadata may only restrict name and generateName", () => {
    expect(errs(root({ metadata: { type: "object", properties: { name: { type: "string" }, generateName: { type: "string" } } } }))).toEqual([]);
    expect(errs(root({ metadata: { type: "object", properties: { labels: { type: "object" } } } }))).toEqual([
      `${ROOT}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]);
    expect(errs(root({ metadata: { type: "object", description: "d" } }))).toHaveLength(1);
    expect(errs(root({ metadata: { type: "string" } }))).toEqual([`${ROOT}.properties[metadata].type: Invalid value: "string": must be object`]);
    expect(errs(root({ kind: { type: "integer" } }))).toEqual([`${ROOT}.properties[kind].type: Invalid value: "integer": must be string`]);
  });
  test("embedded resources", () => {
    expect(errs(root({ e: { "x-kubernetes-embedded-resource": true } }))).toEqual([
      `${ROOT}.properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
      `${ROOT}.properties[e].type: Required value: must be object if x-kubernetes-embedded-resource is true`,
    ]);
    expect(errs(root({ e: { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true, additionalProperties: true } }))).toEqual([
      `${ROOT}.properties[e].additionalProperties: Forbidden: must not be used if x-kubernetes-embedded-resource is set`,
    ]);
  });
  test("int-or-string excludes preserve-unknown-fields", () => {
    expect(errs(root({ a: { "x-kubernetes-int-or-string": true, "x-kubernetes-preserve-unknown-fields": true } }))).toEqual([
      `${ROOT}.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`,
    ]);
  });
  test("patterns must compile", () => {
    expect(errs(root({ a: { type: "string", pattern: "(?=x)" } }))).toEqual([
      `${ROOT}.properties[a].pattern: Invalid value: "(?=x)": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: \`(?=\``,
    ]);
  });
});

describe("defaults", () => {
  test("a default must validate against its schema", () => {
    expect(errs(root({ spec: { type: "object", properties: { replicas: { type: "integer", maximum: 5, default: 10 }, name: { type: "string", default: 3 } } } }))).toEqual([
      `${ROOT}.properties[spec].properties[replicas].default: Invalid value: 10:  in body should be less than or equal to 5`,
      `${ROOT}.properties[spec].properties[name].default: Invalid value: "integer":  in body must be of type string: "integer"`,
    ]);
  });
  test("nested errors are named relative to the default", () => {
    expect(errs(root({ spec: { type: "object", default: { a: "x" }, properties: { a: { type: "integer" } } } }))).toEqual([
      `${ROOT}.properties[spec].default.a: Invalid value: "string": a in body must be of type integer: "string"`,
    ]);
  });
  test("defaults must be pruned", () => {
    expect(errs(root({ spec: { type: "object", default: { a: 1, b: 2 }, properties: { a: { type: "integer" } } } }))).toEqual([
      `${ROOT}.properties[spec].default: Invalid value: {"a":1,"b":2}: must not have unknown fields`,
    ]);
  });
  test("embedded resources in defaults are checked", () => {
    const e: JSONSchemaProps = { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true };
    expect(errs(root({ e: { ...e, default: { metadata: { name: "x" } } } }))).toEqual([
      `${ROOT}.properties[e].default.apiVersion: Required value`,
      `${ROOT}.properties[e].default.kind: Required value`,
    ]);
    expect(errs(root({ e: { ...e, default: { apiVersion: 1, kind: "K" } } }))).toEqual([`${ROOT}.properties[e].default.apiVersion: Invalid value: 1: must be a string`]);
  });
  test("no defaults in the root's metadata, and not in map values of embedded metadata", () => {
    expect(errs(root({ metadata: { type: "object", properties: { name: { type: "string", default: "x" } } } }))).toEqual([
      `${ROOT}.properties[metadata].properties[name].default: Forbidden: must not be set in top-level metadata`,
    ]);
    const emb = root({
      e: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        properties: { metadata: { type: "object", properties: { labels: { type: "object", additionalProperties: { type: "string", default: "x" } } } } },
      },
    });
    expect(errs(emb)).toEqual([
      `${ROOT}.properties[e].properties[metadata].properties[labels].additionalProperties.default: Forbidden: must not be set inside additionalProperties applying to object metadata`,
    ]);
  });
  test("defaults are validated as ToKubeOpenAPI gives the schema: int-or-string sets no type there", () => {
    expect(errs(root({ a: { "x-kubernetes-int-or-string": true, default: true } }))).toEqual([]);
    expect(errs(root({ a: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }], default: true } }))).toEqual([
      `${ROOT}.properties[a].default: Invalid value: "": "" must validate at least one schema (anyOf)`,
      `${ROOT}.properties[a].default: Invalid value: "boolean":  in body must be of type integer: "boolean"`,
    ]);
  });
  test("defaults are not checked while the schema is not structural", () => {
    expect(errs(root({ a: { default: "x" } }))).toEqual([`${ROOT}.properties[a].type: Required value: must not be empty for specified object fields`]);
  });
});

describe("schema rules", () => {
  test("unsupported keywords are forbidden", () => {
    const s = root({ a: { type: "string", $ref: "#/x", id: "i", patternProperties: { x: {} }, definitions: { d: { type: "string" } }, dependencies: { x: ["y"] }, additionalItems: false } });
    expect(errs(s)).toEqual([
      `${ROOT}.properties[a].id: Forbidden: id is not supported`,
      `${ROOT}.properties[a].additionalItems: Forbidden: additionalItems is not supported`,
      `${ROOT}.properties[a].patternProperties: Forbidden: patternProperties is not supported`,
      `${ROOT}.properties[a].definitions: Forbidden: definitions is not supported`,
      `${ROOT}.properties[a].dependencies: Forbidden: dependencies is not supported`,
      `${ROOT}.properties[a].$ref: Forbidden: $ref is not supported`,
    ]);
  });
  test("$schema is refused by the structural conversion alone", () => {
    expect(errs(root({ a: { type: "string", $schema: "http://json-schema.org/draft-04/schema#" } }))).toEqual([
      `${ROOT}: Invalid value: "": OpenAPIV3Schema 'schema' is not supported`,
    ]);
  });
  test("types, uniqueItems, preserve false", () => {
    expect(errs({ type: "object", properties: { a: { type: "float" }, l: { type: "array", uniqueItems: true, items: { type: "string" } }, p: { type: "object", "x-kubernetes-preserve-unknown-fields": false } } })).toEqual([
      `${ROOT}.properties[a].type: Unsupported value: "float": supported values: "array", "boolean", "integer", "number", "object", "string"`,
      `${ROOT}.properties[l].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      `${ROOT}.properties[p].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
    ]);
  });
  test("properties and additionalProperties are exclusive", () => {
    expect(errs(root({ a: { type: "object", properties: { x: { type: "string" } }, additionalProperties: { type: "string" } } }))).toEqual([
      `${ROOT}.properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
    ]);
  });
  test("list and map types", () => {
    const s = root({
      m: { type: "string", "x-kubernetes-map-type": "weird" },
      l: { type: "object", "x-kubernetes-list-type": "map" },
      k: { type: "array", "x-kubernetes-list-map-keys": ["a"], items: { type: "string" } },
      set: { type: "array", "x-kubernetes-list-type": "set", items: { type: "object", properties: { a: { type: "string" } } } },
    });
    expect(errs(s)).toEqual([
      `${ROOT}.properties[m].type: Invalid value: "string": must be object if x-kubernetes-map-type is specified`,
      `${ROOT}.properties[m].x-kubernetes-map-type: Unsupported value: "weird": supported values: "atomic", "granular"`,
      `${ROOT}.properties[l].type: Invalid value: "object": must be array if x-kubernetes-list-type is specified`,
      `${ROOT}.properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
      `${ROOT}.properties[l].items: Required value: must have a schema if x-kubernetes-list-type is map`,
      `${ROOT}.properties[k].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`,
      `${ROOT}.properties[set].items.x-kubernetes-map-type: Invalid value: null: must be atomic as item of a list with x-kubernetes-list-type=set`,
    ]);
  });
  test("map list keys", () => {
    const s = root({
      l: {
        type: "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name", "obj", "missing", "name"],
        items: { type: "object", properties: { name: { type: "string", nullable: true }, obj: { type: "object", default: {} } } },
      },
    });
    expect(errs(s)).toEqual([
      `${ROOT}.properties[l].items.properties[obj].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
      `${ROOT}.properties[l].x-kubernetes-list-map-keys: Invalid value: ["name","obj","missing","name"]: entries must all be names of item properties`,
      `${ROOT}.properties[l].x-kubernetes-list-map-keys: Invalid value: ["name","obj","missing","name"]: must not contain duplicate entries`,
      `${ROOT}.properties[l].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `${ROOT}.properties[l].items.properties[name].nullable: Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable`,
      `${ROOT}.properties[l].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `${ROOT}.properties[l].items.properties[name].nullable: Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable`,
    ]);
  });
  test("validation rules' shape (CEL itself is not compiled)", () => {
    const s = root({
      a: {
        type: "string",
        "x-kubernetes-validations": [
          { rule: " " },
          { rule: "self.size() > 1", message: "line\nbreak" },
          { rule: "a ||\nb" },
          { rule: "true", reason: "Nope", messageExpression: "  ", fieldPath: " " },
        ],
      },
    });
    expect(errs(s)).toEqual([
      `${ROOT}.properties[a].x-kubernetes-validations[0].rule: Required value: rule is not specified`,
      `${ROOT}.properties[a].x-kubernetes-validations[1].message: Invalid value: "line\\nbreak": must not contain line breaks`,
      `${ROOT}.properties[a].x-kubernetes-validations[2].message: Required value: message must be specified if rule contains line breaks`,
      `${ROOT}.properties[a].x-kubernetes-validations[3].messageExpression: Required value: messageExpression must be non-empty if specified`,
      `${ROOT}.properties[a].x-kubernetes-validations[3].reason: Unsupported value: "Nope": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
      `${ROOT}.properties[a].x-kubernetes-validations[3].fieldPath: Invalid value: " ": must be non-empty if specified`,
    ]);
  });
});
