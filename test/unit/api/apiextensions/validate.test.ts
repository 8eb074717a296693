/**
 * Custom resource validation against upstream's texts: the cases of apiextensions-apiserver
 * pkg/apiserver/validation validation_test.go (Kubernetes 1.34, compared as sets as
 * upstream does), kube-openapi's messages for every keyword, the embedded resource checks
 * and the x-kubernetes-list-type uniqueness checks.
 */
import { describe, expect, test } from "bun:test";
import type { JSONSchemaProps } from "../../../../src/api/apiextensions/types.ts";
import { validateAgainstSchema, validateCustomResource } from "../../../../src/api/apiextensions/validate.ts";
import { errorString, formatInvalidMessage, toStatusCauses } from "../../../../src/api/validation/field-error.ts";

const errs = (schema: JSONSchemaProps, obj: unknown): string[] => validateCustomResource(obj, schema).map(errorString);
const field = (f: JSONSchemaProps): JSONSchemaProps => ({ type: "object", properties: { field: f } });
const sorted = (l: string[]) => [...l].sort();

describe("upstream's TestValidateCustomResource", () => {
  const cases: [string, JSONSchemaProps, unknown[], [unknown, string[]][]][] = [
    [
      "!nullable",
      field({ type: "object" }),
      [{}, { field: {} }],
      [
        [{ field: "foo" }, [`field: Invalid value: "string": field in body must be of type object: "string"`]],
        [{ field: 42 }, [`field: Invalid value: "integer": field in body must be of type object: "integer"`]],
        [{ field: true }, [`field: Invalid value: "boolean": field in body must be of type object: "boolean"`]],
        [{ field: 1.2 }, [`field: Invalid value: "number": field in body must be of type object: "number"`]],
        [{ field: [] }, [`field: Invalid value: "array": field in body must be of type object: "array"`]],
        [{ field: null }, [`field: Invalid value: "null": field in body must be of type object: "null"`]],
      ],
    ],
    ["nullable", field({ type: "object", nullable: true }), [{}, { field: {} }, { field: null }], [[{ field: "foo" }, [`field: Invalid value: "string": field in body must be of type object: "string"`]]]],
    ["nullable and no type", field({ nullable: true }), [{}, { field: {} }, { field: null }, { field: "foo" }, { field: 42 }, { field: true }, { field: 1.2 }, { field: [] }], []],
    [
      "x-kubernetes-int-or-string",
      field({ "x-kubernetes-int-or-string": true }),
      [{}, { field: 42 }, { field: "foo" }],
      [
        [{ field: null }, [`field: Invalid value: "null": field in body must be of type integer,string: "null"`]],
        [{ field: true }, [`field: Invalid value: "boolean": field in body must be of type integer,string: "boolean"`]],
        [{ field: 1.2 }, [`field: Invalid value: "number": field in body must be of type integer,string: "number"`]],
        [{ field: {} }, [`field: Invalid value: "object": field in body must be of type integer,string: "object"`]],
        [{ field: [] }, [`field: Invalid value: "array": field in body must be of type integer,string: "array"`]],
      ],
    ],
    [
      "nullable, x-kubernetes-int-or-string and user-provided anyOf",
      field({ nullable: true, "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] }),
      [{}, { field: null }, { field: 42 }, { field: "foo" }],
      [
        [
          { field: true },
          [
            `<nil>: Invalid value: "": "field" must validate at least one schema (anyOf)`,
            `field: Invalid value: "boolean": field in body must be of type integer,string: "boolean"`,
            `field: Invalid value: "boolean": field in body must be of type integer: "boolean"`,
          ],
        ],
        [
          { field: [] },
          [
            `<nil>: Invalid value: "": "field" must validate at least one schema (anyOf)`,
            `field: Invalid value: "array": field in body must be of type integer,string: "array"`,
            `field: Invalid value: "array": field in body must be of type integer: "array"`,
          ],
        ],
      ],
    ],
    [
      "nullable, x-kubernetes-int-or-string and user-provided allOf",
      field({ nullable: true, "x-kubernetes-int-or-string": true, allOf: [{ anyOf: [{ type: "integer" }, { type: "string" }] }] }),
      [{}, { field: null }, { field: 42 }, { field: "foo" }],
      [
        [
          { field: 1.2 },
          [
            `<nil>: Invalid value: "": "field" must validate all the schemas (allOf). None validated`,
            `<nil>: Invalid value: "": "field" must validate at least one schema (anyOf)`,
            `field: Invalid value: "number": field in body must be of type integer,string: "number"`,
            `field: Invalid value: "number": field in body must be of type integer: "number"`,
          ],
        ],
      ],
    ],
    [
      "required field",
      { type: "object", required: ["field"], properties: { field: { type: "object", required: ["nested"], properties: { nested: {} } } } },
      [],
      [
        [{ test: "a" }, [`field: Required value`]],
        [{ field: {} }, [`field.nested: Required value`]],
      ],
    ],
    [
      "enum",
      field({
        type: "object",
        required: ["nestedint", "nestedstring"],
        properties: { nestedint: { type: "integer", enum: [1, 2] }, nestedstring: { type: "string", enum: ["a", "b"] } },
      }),
      [],
      [
        [{ field: {} }, [`field.nestedint: Required value`, `field.nestedstring: Required value`]],
        [
          { field: { nestedint: "x", nestedstring: true } },
          [
            `field.nestedint: Invalid value: "string": field.nestedint in body must be of type integer: "string"`,
            `field.nestedint: Unsupported value: "x": supported values: "1", "2"`,
            `field.nestedstring: Invalid value: "boolean": field.nestedstring in body must be of type string: "boolean"`,
            `field.nestedstring: Unsupported value: true: supported values: "a", "b"`,
          ],
        ],
      ],
    ],
    [
      "maxProperties",
      { type: "object", properties: { fieldX: { type: "object", maxProperties: 2 } } },
      [],
      [[{ fieldX: { a: true, b: true, c: true } }, [`fieldX: Too many: 3: must have at most 2 items`]]],
    ],
    ["maxItems", { type: "object", properties: { fieldX: { type: "array", maxItems: 2 } } }, [], [[{ fieldX: ["a", "b", "c"] }, [`fieldX: Too many: 3: must have at most 2 items`]]]],
    ["maxLength", { type: "object", properties: { fieldX: { type: "string", maxLength: 2 } } }, [], [[{ fieldX: "abc" }, [`fieldX: Too long: may not be more than 2 bytes`]]]],
  ];
  for (const [name, schema, valid, invalid] of cases) {
    test(name, () => {
      for (const obj of valid) expect(errs(schema, obj)).toEqual([]);
      for (const [obj, want] of invalid) expect(sorted(errs(schema, obj))).toEqual(sorted(want));
    });
  }
});

describe("keywords", () => {
  const spec = (props: Record<string, JSONSchemaProps>): JSONSchemaProps => ({ type: "object", properties: { spec: { type: "object", properties: props } } });
  const cases: [string, JSONSchemaProps, unknown, string[]][] = [
    ["integer type", spec({ replicas: { type: "integer" } }), { replicas: "3" }, [`spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`]],
    ["whole numbers are integers", spec({ replicas: { type: "integer" } }), { replicas: 3 }, []],
    ["numbers accept integers", spec({ ratio: { type: "number" } }), { ratio: 3 }, []],
    ["int32 format with a fraction", spec({ n: { type: "integer", format: "int32" } }), { n: 1.5 }, [`spec.n: Invalid value: "double": spec.n in body must be of type int32: "double"`]],
    ["a supported string format on a number", spec({ t: { type: "string", format: "date-time" } }), { t: 5 }, [`spec.t: Invalid value: "int64": spec.t in body must be of type date-time: "int64"`]],
    ["an unsupported format is ignored", spec({ t: { type: "string", format: "bogus" } }), { t: "x" }, []],
    ["date-time", spec({ t: { type: "string", format: "date-time" } }), { t: "2024-13-01T00:00:00Z" }, [`spec.t: Invalid value: "2024-13-01T00:00:00Z": spec.t in body must be of type date-time: "2024-13-01T00:00:00Z"`]],
    ["date-time ok", spec({ t: { type: "string", format: "date-time" } }), { t: "2024-02-29T23:59:59.5+01:00" }, []],
    ["k8s-short-name is not enforced before compatibility version 1.34", spec({ n: { type: "string", format: "k8s-short-name" } }), { n: "A_" }, []],
    ["minimum", spec({ n: { type: "integer", minimum: 1 } }), { n: 0 }, [`spec.n: Invalid value: 0: spec.n in body should be greater than or equal to 1`]],
    ["exclusive minimum", spec({ n: { type: "number", minimum: 1.5, exclusiveMinimum: true } }), { n: 1.5 }, [`spec.n: Invalid value: 1.5: spec.n in body should be greater than 1.5`]],
    ["maximum of an integer is truncated", spec({ n: { type: "integer", maximum: 2.5 } }), { n: 3 }, [`spec.n: Invalid value: 3: spec.n in body should be less than or equal to 2`]],
    ["exclusive maximum", spec({ n: { type: "integer", maximum: 10, exclusiveMaximum: true } }), { n: 10 }, [`spec.n: Invalid value: 10: spec.n in body should be less than 10`]],
    ["float bounds print as Go does", spec({ n: { type: "number", maximum: 1e6 } }), { n: 1500000.5 }, [`spec.n: Invalid value: 1.5000005e+06: spec.n in body should be less than or equal to 1e+06`]],
    ["multipleOf", spec({ n: { type: "integer", multipleOf: 3 } }), { n: 10 }, [`spec.n: Invalid value: 10: spec.n in body should be a multiple of 3`]],
    ["multipleOf a fraction", spec({ n: { type: "number", multipleOf: 0.5 } }), { n: 1.25 }, [`spec.n: Invalid value: 1.25: spec.n in body should be a multiple of 0.5`]],
    ["multipleOf a fraction with an integer", spec({ n: { type: "number", multipleOf: 0.5 } }), { n: 2 }, [`spec.n: Invalid value: 0: factor MultipleOf declared for spec.n must be positive: 0`]],
    ["minLength", spec({ s: { type: "string", minLength: 2 } }), { s: "é" }, [`spec.s: Invalid value: "é": spec.s in body should be at least 2 chars long`]],
    ["maxLength counts characters", spec({ s: { type: "string", maxLength: 2 } }), { s: "éé" }, []],
    ["only the first string error", spec({ s: { type: "string", maxLength: 1, pattern: "^[a-z]+$" } }), { s: "AB" }, [`spec.s: Too long: may not be more than 1 byte`]],
    ["pattern", spec({ s: { type: "string", pattern: "^[a-z]+$" } }), { s: "A" }, [`spec.s: Invalid value: "A": spec.s in body should match '^[a-z]+$'`]],
    ["minItems", spec({ l: { type: "array", minItems: 2, items: { type: "string" } } }), { l: ["a"] }, [`spec.l: Invalid value: 1: spec.l in body should have at least 2 items`]],
    ["maxItems of one", spec({ l: { type: "array", maxItems: 1, items: { type: "string" } } }), { l: ["a", "b"] }, [`spec.l: Too many: 2: must have at most 1 item`]],
    ["items", spec({ l: { type: "array", items: { type: "string" } } }), { l: ["a", 1] }, [`spec.l[1]: Invalid value: "integer": spec.l[1] in body must be of type string: "integer"`]],
    ["uniqueItems", spec({ l: { type: "array", uniqueItems: true, items: { type: "object" } } }), { l: [{ a: 1 }, { a: 1 }] }, [`spec.l: Invalid value: "": spec.l in body shouldn't contain duplicates`]],
    ["minProperties", spec({ m: { type: "object", minProperties: 2 } }), { m: { a: 1 } }, [`spec.m: Invalid value: 1: spec.m in body should have at least 2 properties`]],
    ["map values", spec({ m: { type: "object", additionalProperties: { type: "string", maxLength: 1 } } }), { m: { k: "ab" } }, [`spec.m.k: Too long: may not be more than 1 byte`]],
    ["additionalProperties false", spec({ m: { type: "object", additionalProperties: false } }), { m: { k: 1 } }, [`spec.m: Invalid value: "k": spec.m.k in body is a forbidden property`]],
    ["enum of objects", spec({ o: { type: "object", enum: [{ a: 1 }] } }), { o: { a: 2 } }, [`spec.o: Unsupported value: {"a":2}: supported values: "{\\"a\\":1}"`]],
    ["enum rejects null", spec({ o: { type: "string", nullable: true, enum: ["a"] } }), { o: null }, [`spec.o: Unsupported value: null: supported values: "a"`]],
    ["enum converts integers to strings as Go does", spec({ o: { "x-kubernetes-int-or-string": true, enum: ["A"] } }), { o: 65 }, []],
    ["oneOf none", spec({ o: { type: "integer", oneOf: [{ minimum: 5 }, { maximum: 1 }] } }), { o: 3 }, [
      `<nil>: Invalid value: "": "spec.o" must validate one and only one schema (oneOf). Found none valid`,
      `spec.o: Invalid value: 3: spec.o in body should be greater than or equal to 5`,
    ]],
    ["oneOf two", spec({ o: { type: "integer", oneOf: [{ minimum: 1 }, { maximum: 5 }] } }), { o: 3 }, [`<nil>: Invalid value: "": "spec.o" must validate one and only one schema (oneOf). Found 2 valid alternatives`]],
    ["allOf one failing", spec({ o: { type: "integer", allOf: [{ minimum: 1 }, { maximum: 2 }] } }), { o: 3 }, [
      `spec.o: Invalid value: 3: spec.o in body should be less than or equal to 2`,
      `<nil>: Invalid value: "": "spec.o" must validate all the schemas (allOf)`,
    ]],
    ["not", spec({ o: { type: "string", not: { enum: ["x"] } } }), { o: "x" }, [`<nil>: Invalid value: "": "spec.o" must not validate the schema (not)`]],
    ["null in a list", spec({ l: { type: "array", items: { type: "string" } } }), { l: [null] }, [`spec.l[0]: Invalid value: "null": spec.l[0] in body must be of type string: "null"`]],
  ];
  for (const [name, schema, specValue, want] of cases) {
    test(name, () => expect(errs(schema, { spec: specValue })).toEqual(want));
  }

  test("anyOf reports the branch that passed the most checks", () => {
    const schema = spec({ o: { type: "object", anyOf: [{ required: ["a"] }, { properties: { b: { type: "string", minLength: 3 } }, required: ["b"] }] } });
    expect(errs(schema, { spec: { o: { b: "x" } } })).toEqual([
      `<nil>: Invalid value: "": "spec.o" must validate at least one schema (anyOf)`,
      `spec.o.b: Invalid value: "x": spec.o.b in body should be at least 3 chars long`,
    ]);
  });

  test("the whole message as the apiserver answers it", () => {
    const e = validateCustomResource({ spec: { replicas: "many" } }, spec({ replicas: { type: "integer" } }));
    expect(formatInvalidMessage({ group: "stable.example.com", kind: "CronTab" }, "my-crontab", e)).toBe(
      `CronTab.stable.example.com "my-crontab" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`,
    );
    expect(toStatusCauses(e)).toEqual([{ reason: "FieldValueTypeInvalid", message: `Invalid value: "string": spec.replicas in body must be of type integer: "string"`, field: "spec.replicas" }]);
  });

  test("the root: type errors name no field, metadata only as the schema restricts it", () => {
    expect(errs({ type: "object" }, "x")).toEqual([`<nil>: Invalid value: "string":  in body must be of type object: "string"`]);
    const schema: JSONSchemaProps = { type: "object", properties: { metadata: { type: "object", properties: { name: { type: "string", maxLength: 5 } } } } };
    expect(errs(schema, { metadata: { name: "toolong", labels: { a: "b" } } })).toEqual([`metadata.name: Too long: may not be more than 5 bytes`]);
  });

  test("status validated alone at its path", () => {
    const status: JSONSchemaProps = { type: "object", properties: { num: { type: "integer", maximum: 10 } } };
    expect(validateAgainstSchema({ num: 15 }, status, "status").map(errorString)).toEqual([`status.num: Invalid value: 15: num in body should be less than or equal to 10`]);
  });
});

describe("x-kubernetes-list-type", () => {
  const schema: JSONSchemaProps = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        properties: {
          set: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
          objects: { type: "array", "x-kubernetes-list-type": "set", items: { type: "object", "x-kubernetes-map-type": "atomic", "x-kubernetes-preserve-unknown-fields": true } },
          ports: {
            type: "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            items: { type: "object", properties: { name: { type: "string" }, port: { type: "integer" } } },
          },
          multi: {
            type: "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["port", "protocol"],
            items: { type: "object", properties: { port: { type: "integer" }, protocol: { type: "string" } } },
          },
          byName: { type: "object", additionalProperties: { type: "array", "x-kubernetes-list-type": "set", items: { type: "integer" } } },
        },
      },
    },
  };
  test("duplicates are reported once each, at their second appearance", () => {
    expect(errs(schema, { spec: { set: ["a", "b", "a", "a", "b"] } })).toEqual([`spec.set[2]: Duplicate value: "a"`, `spec.set[4]: Duplicate value: "b"`]);
  });
  test("compound set items compare by value", () => {
    expect(errs(schema, { spec: { objects: [{ a: 1, b: 2 }, { b: 2, a: 1 }] } })).toEqual([`spec.objects[1]: Duplicate value: {"a":1,"b":2}`]);
  });
  test("map lists compare keys; absent keys are equal to each other", () => {
    expect(errs(schema, { spec: { ports: [{ name: "a", port: 1 }, { name: "a", port: 2 }, { port: 3 }, { port: 4 }] } })).toEqual([
      `spec.ports[1]: Duplicate value: {"name":"a"}`,
      `spec.ports[3]: Duplicate value: {}`,
    ]);
    expect(errs(schema, { spec: { multi: [{ port: 80, protocol: "TCP" }, { port: 80, protocol: "UDP" }, { protocol: "UDP", port: 80 }] } })).toEqual([
      `spec.multi[2]: Duplicate value: {"port":80,"protocol":"UDP"}`,
    ]);
  });
  test("map list items must be objects", () => {
    expect(errs(schema, { spec: { ports: [{ name: "a" }, "b"] } })).toContain(`spec.ports[1]: Invalid value: "b": must be an object for an array of list-type map`);
  });
  test("inside maps the path uses [key]", () => {
    expect(errs(schema, { spec: { byName: { x: [1, 1] } } })).toEqual([`spec.byName[x][1]: Duplicate value: 1`]);
  });
});

describe("embedded resources", () => {
  const schema: JSONSchemaProps = {
    type: "object",
    properties: { spec: { type: "object", properties: { template: { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true } } } },
  };
  test("apiVersion and kind are required", () => {
    expect(errs(schema, { spec: { template: {} } })).toEqual([`spec.template.apiVersion: Required value`, `spec.template.kind: Required value`]);
  });
  test("apiVersion, kind and metadata are checked", () => {
    expect(errs(schema, { spec: { template: { apiVersion: "a/b/c", kind: "Not_A_Kind", metadata: { name: "a/b", labels: { "bad key": "x" } } } } })).toEqual([
      `spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`,
      `spec.template.kind: Invalid value: "Not_A_Kind": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      `spec.template.metadata.name: Invalid value: "a/b": may not contain '/'`,
      `spec.template.metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ]);
  });
  test("wrongly typed metadata is reported as the decoder does", () => {
    expect(errs(schema, { spec: { template: { apiVersion: "v1", kind: "Pod", metadata: { name: 5 } } } })).toEqual([
      `spec.template.metadata: Invalid value: {"name":5}: json: cannot unmarshal number into Go struct field ObjectMeta.name of type string`,
    ]);
  });
  test("a valid embedded resource", () => {
    expect(errs(schema, { spec: { template: { apiVersion: "apps/v1", kind: "Deployment", metadata: { labels: { app: "x" } }, spec: {} } } })).toEqual([]);
  });  test("metadata fields named like Object.prototype members are unknown fields, not decode errors", () => {
    for (const k of ["constructor", "toString", "__proto__", "valueOf"]) {
      const obj = JSON.parse(`{"spec":{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","${k}":"x"}}}}`);
      expect(errs(schema, obj)).toEqual([]);
    }
  });
});

describe("x-kubernetes-validations", () => {
  const schema: JSONSchemaProps = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        properties: { byName: { type: "object", additionalProperties: { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "immutable" }] } } },
      },
    },
  };
  const cr = (byName: string) => JSON.parse(`{"apiVersion":"x.io/v1","kind":"K","metadata":{"name":"n"},"spec":{"byName":${byName}}}`);
  const update = (next: string, old: string) => validateCustomResource(cr(next), schema, cr(old)).map(errorString);

  test("transition rules hold between a map value and its old value", () => {
    expect(update(`{"a":"x"}`, `{"a":"x"}`)).toEqual([]);
    expect(update(`{"a":"y"}`, `{"a":"x"}`)).toEqual([`spec.byName[a]: Invalid value: "y": immutable`]);
  });

  test("a key the old object lacks has no old value, also one named like an Object.prototype member", () => {
    for (const k of ["a", "constructor", "toString", "__proto__", "valueOf"]) expect(update(`{"${k}":"x"}`, `{}`)).toEqual([]);
    expect(update(`{"constructor":"y"}`, `{"constructor":"x"}`)).toEqual([`spec.byName[constructor]: Invalid value: "y": immutable`]);
    expect(update(`{"__proto__":"y"}`, `{"__proto__":"x"}`)).toEqual([`spec.byName[__proto__]: Invalid value: "y": immutable`]);
  });
});
