/**
 * Pruning of custom resources against upstream's pruning tests (apiextensions-apiserver
 * pkg/apiserver/schema/pruning algorithm_test.go, Kubernetes 1.34) and the decoder's
 * metadata coercion: what is removed, what is kept, and the reported paths and order.
 */
import { describe, expect, test } from "bun:test";
import { pruneUnknownFields } from "../../../../src/api/apiextensions/prune.ts";
import type { JSONSchemaProps } from "../../../../src/api/apiextensions/types.ts";

const obj = (s: string): Record<string, unknown> => JSON.parse(s);
const OBJECT: JSONSchemaProps = { type: "object" };

describe("pruneUnknownFields", () => {
  test("unspecified fields are removed and reported", () => {
    const o = obj(`{"apiVersion":"a/v1","kind":"A","metadata":{"name":"x"},"spec":{"a":1,"b":2},"status":{"x":1}}`);
    const schema: JSONSchemaProps = { type: "object", properties: { spec: { type: "object", properties: { a: { type: "integer" } } } } };
    expect(pruneUnknownFields(o, schema)).toEqual(["spec.b", "status"]);
    expect(o).toEqual({ apiVersion: "a/v1", kind: "A", metadata: { name: "x" }, spec: { a: 1 } });
  });

  test("array items are pruned by the items schema, with indices in the path", () => {
    const o = obj(`{"array":[{"a":1},{"b":1},{"a":1,"b":2,"c":3}],"unspecified":{"a":1},"specified":{"a":1,"b":2,"c":3}}`);
    const ac: JSONSchemaProps = { type: "object", properties: { a: { type: "integer" }, c: { type: "integer" } } };
    const schema: JSONSchemaProps = { type: "object", properties: { array: { type: "array", items: ac }, specified: ac } };
    expect(pruneUnknownFields(o, schema)).toEqual(["array[1].b", "array[2].b", "specified.b", "unspecified"]);
    expect(o).toEqual(obj(`{"array":[{"a":1},{},{"a":1,"c":3}],"specified":{"a":1,"c":3}}`));
  });

  test("nested x-kubernetes-preserve-unknown-fields (upstream's case)", () => {
    const o = obj(`{
      "unspecified":"bar", "alpha": "abc", "beta": 42.5, "unspecifiedObject": {"unspecified": "bar"},
      "pruning": {"unspecified": "bar", "unspecifiedObject": {"unspecified": "bar"}, "pruning": {"unspecified": "bar"}, "apiVersion": "unknown", "preserving": {"unspecified": "bar"}},
      "preserving": {"unspecified": "bar", "unspecifiedObject": {"unspecified": "bar"}, "pruning": {"unspecified": "bar"}, "preserving": {"unspecified": "bar"}, "preservingUnknownType": [{"foo":true},{"bar":true}]},
      "preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields": {"foo": {"specified": {"unspecified":"bar"}, "unspecified": "bar"}},
      "preservingAdditionalPropertiesKeyPruneValues": {"foo": {"specified": {"unspecified":"bar"}, "unspecified": "bar"}}
    }`);
    const specifiedObject: JSONSchemaProps = { type: "object", properties: { specified: OBJECT } };
    const schema: JSONSchemaProps = {
      type: "object",
      "x-kubernetes-preserve-unknown-fields": true,
      properties: {
        alpha: { type: "string" },
        beta: { type: "number" },
        pruning: { type: "object", properties: { preserving: { type: "object", "x-kubernetes-preserve-unknown-fields": true }, pruning: OBJECT } },
        preserving: {
          type: "object",
          "x-kubernetes-preserve-unknown-fields": true,
          properties: {
            preserving: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
            preservingUnknownType: { "x-kubernetes-preserve-unknown-fields": true },
            pruning: OBJECT,
          },
        },
        preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields: { type: "object", "x-kubernetes-preserve-unknown-fields": true, additionalProperties: specifiedObject },
        preservingAdditionalPropertiesKeyPruneValues: { type: "object", additionalProperties: specifiedObject },
      },
    };
    expect(pruneUnknownFields(o, schema)).toEqual([
      "preserving.pruning.unspecified",
      "preservingAdditionalPropertiesKeyPruneValues.foo.specified.unspecified",
      "preservingAdditionalPropertiesKeyPruneValues.foo.unspecified",
      "preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields.foo.specified.unspecified",
      "preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields.foo.unspecified",
      "pruning.apiVersion",
      "pruning.pruning.unspecified",
      "pruning.unspecified",
      "pruning.unspecifiedObject",
    ]);
    expect(o).toEqual(
      obj(`{
      "unspecified":"bar", "alpha": "abc", "beta": 42.5, "unspecifiedObject": {"unspecified": "bar"},
      "pruning": {"pruning": {}, "preserving": {"unspecified": "bar"}},
      "preserving": {"unspecified": "bar", "unspecifiedObject": {"unspecified": "bar"}, "pruning": {}, "preserving": {"unspecified": "bar"}, "preservingUnknownType": [{"foo":true},{"bar":true}]},
      "preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields": {"foo": {"specified": {}}},
      "preservingAdditionalPropertiesKeyPruneValues": {"foo": {"specified": {}}}
    }`),
    );
  });

  test("additionalProperties with a schema prunes map values by it", () => {
    const o = obj(`{"a":1,"b":1,"c":{"a":1,"b":2,"c":{"a":1}}}`);
    const schema: JSONSchemaProps = { type: "object", properties: { a: { type: "integer" }, c: { type: "object", additionalProperties: { type: "integer" } } } };
    expect(pruneUnknownFields(o, schema)).toEqual(["b", "c.c.a"]);
    expect(o).toEqual(obj(`{"a":1,"c":{"a":1,"b":2,"c":{}}}`));
  });

  test("additionalProperties false or true keeps the keys but empties object values, as upstream", () => {
    for (const ap of [false, true]) {
      const o = obj(`{"c":{"a":1,"b":"x","c":{"a":1,"apiVersion":"unknown"}}}`);
      const schema: JSONSchemaProps = { type: "object", properties: { c: { type: "object", additionalProperties: ap } } };
      expect(pruneUnknownFields(o, schema)).toEqual(["c.c.a", "c.c.apiVersion"]);
      expect(o).toEqual(obj(`{"c":{"a":1,"b":"x","c":{}}}`));
    }
  });

  test("items below preserve-unknown-fields keep unknown fields (inherited), specified ones are pruned", () => {
    const o = obj(`{"list":[{"known":{"x":1},"other":1}]}`);
    const schema: JSONSchemaProps = {
      type: "object",
      properties: {
        list: { type: "array", "x-kubernetes-preserve-unknown-fields": true, items: { type: "object", properties: { known: { type: "object", properties: {} } } } },
      },
    };
    expect(pruneUnknownFields(o, schema)).toEqual(["list[0].known.x"]);
    expect(o).toEqual({ list: [{ known: {}, other: 1 }] });
  });

  test("root metadata is pruned to ObjectMeta's fields, reported first in decoder order", () => {
    const o = obj(`{"apiVersion":"a/v1","kind":"A","metadata":{"name":"x","zeta":1,"labels":{"a":"b"},"alpha":2,
      "ownerReferences":[{"apiVersion":"v1","kind":"K","name":"n","uid":"u","extra":true}],
      "managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}},"bogus":1}]},"zzz":1}`);
    expect(pruneUnknownFields(o, OBJECT)).toEqual([
      "metadata.alpha",
      "metadata.managedFields[0].bogus",
      "metadata.ownerReferences[0].extra",
      "metadata.zeta",
      "zzz",
    ]);
    expect(o["metadata"]).toEqual({
      name: "x",
      labels: { a: "b" },
      ownerReferences: [{ apiVersion: "v1", kind: "K", name: "n", uid: "u" }],
      managedFields: [{ manager: "m", fieldsV1: { "f:spec": {} } }],
    });
  });

  test("root apiVersion, kind and metadata are kept even when the schema specifies other properties only", () => {
    const o = obj(`{"apiVersion":"a/v1","kind":"A","metadata":{"name":"x"}}`);
    expect(pruneUnknownFields(o, { type: "object", properties: { spec: OBJECT } })).toEqual([]);
    expect(Object.keys(o)).toEqual(["apiVersion", "kind", "metadata"]);
  });

  test("embedded resources keep apiVersion, kind and metadata; their metadata is pruned and reported last", () => {
    const o = obj(`{
      "spec": {
        "template": {"apiVersion": "foo/v1", "kind": "Foo", "unspecified": "bar", "metadata": {"name": "i", "unspecified": "bar"}, "spec": {"unspecified": "bar"}},
        "byName": {"k": {"apiVersion": "foo/v1", "kind": "Foo", "metadata": {"other": 1}}},
        "preserving": {"apiVersion": "foo/v1", "kind": "Foo", "unspecified": "bar", "metadata": {"name": "i", "unspecified": "bar"}}
      }
    }`);
    const embedded: JSONSchemaProps = { type: "object", "x-kubernetes-embedded-resource": true, properties: { spec: OBJECT } };
    const schema: JSONSchemaProps = {
      type: "object",
      properties: {
        spec: {
          type: "object",
          properties: {
            template: embedded,
            byName: { type: "object", additionalProperties: embedded },
            preserving: { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true },
          },
        },
      },
    };
    expect(pruneUnknownFields(o, schema)).toEqual([
      "spec.template.spec.unspecified",
      "spec.template.unspecified",
      "spec.byName[k].metadata.other",
      "spec.preserving.metadata.unspecified",
      "spec.template.metadata.unspecified",
    ]);
    expect(o).toEqual(
      obj(`{
      "spec": {
        "template": {"apiVersion": "foo/v1", "kind": "Foo", "metadata": {"name": "i"}, "spec": {}},
        "byName": {"k": {"apiVersion": "foo/v1", "kind": "Foo", "metadata": {}}},
        "preserving": {"apiVersion": "foo/v1", "kind": "Foo", "unspecified": "bar", "metadata": {"name": "i"}}
      }
    }`),
    );
  });

  test("an object field with no schema for its contents loses all of them", () => {
    const o = obj(`{"spec":{"list":[{"a":1},2]}}`);
    const schema: JSONSchemaProps = { type: "object", properties: { spec: { type: "object", properties: { list: { type: "array" } } } } };
    expect(pruneUnknownFields(o, schema)).toEqual(["spec.list[0].a"]);
    expect(o).toEqual({ spec: { list: [{}, 2] } });
  });

  test("nulls of non-nullable fields without a default are dropped; others kept", () => {
    const o = obj(`{"spec":{"plain":null,"nullable":null,"defaulted":null,"map":{"k":null},"list":[null],"unknownNull":null}}`);
    const schema: JSONSchemaProps = {
      type: "object",
      properties: {
        spec: {
          type: "object",
          properties: {
            plain: { type: "string" },
            nullable: { type: "string", nullable: true },
            defaulted: { type: "string", default: "d" },
            map: { type: "object", additionalProperties: { type: "string" } },
            list: { type: "array", items: { type: "string" } },
          },
        },
      },
    };
    expect(pruneUnknownFields(o, schema)).toEqual(["spec.unknownNull"]);
    expect(o).toEqual({ spec: { nullable: null, defaulted: null, map: {}, list: [null] } });
  });

  test("a non-object is left alone", () => {
    expect(pruneUnknownFields("x", OBJECT)).toEqual([]);
    expect(pruneUnknownFields(null, OBJECT)).toEqual([]);
  });
});
