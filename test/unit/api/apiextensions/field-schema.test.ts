/**
 * The merge structure of custom resources from their schema, as upstream's server-side
 * apply derives it from the CRD's OpenAPI (kube-openapi schemaconv): atomic lists by
 * default, set/map lists with keys, granular maps and structs unless atomic, untyped
 * nodes below x-kubernetes-preserve-unknown-fields, ObjectMeta at the root and in
 * embedded resources.
 */
import { describe, expect, test } from "bun:test";
import { fieldSchemaFromJsonSchema } from "../../../../src/api/apiextensions/field-schema.ts";
import type { JSONSchemaProps } from "../../../../src/api/apiextensions/types.ts";
import type { FieldSchema } from "../../../../src/api/meta/field-schema.ts";
import { fieldSchemaFor, fieldSchemaOf } from "../../../../src/api/schema/field-schema.ts";
import { ObjectMetaSchema } from "../../../../src/api/types/meta/object-meta.ts";

/** Walks "spec.list[].x" through a FieldSchema. */
function at(fs: FieldSchema, path: string): FieldSchema | undefined {
  let cur: FieldSchema | undefined = fs;
  for (const part of path.split(".")) {
    if (!cur) return undefined;
    const items = part.endsWith("[]");
    cur = cur.field(items ? part.slice(0, -2) : part);
    if (items) cur = cur?.items;
  }
  return cur;
}

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        replicas: { type: "integer" },
        port: { "x-kubernetes-int-or-string": true },
        args: { type: "array", items: { type: "string" } },
        finalizers: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
        ports: {
          type: "array",
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["port", "protocol"],
          items: { type: "object", properties: { port: { type: "integer" }, protocol: { type: "string" }, name: { type: "string" } } },
        },
        labels: { type: "object", additionalProperties: { type: "string" } },
        frozen: { type: "object", "x-kubernetes-map-type": "atomic", additionalProperties: { type: "string" } },
        selector: { type: "object", "x-kubernetes-map-type": "atomic", properties: { app: { type: "string" } } },
        freeform: { type: "object" },
        raw: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { known: { type: "object", properties: { a: { type: "string" } } } } },
        template: { type: "object", "x-kubernetes-embedded-resource": true, properties: { spec: { type: "object", properties: { x: { type: "string" } } } } },
      },
    },
    status: { type: "object", properties: { phase: { type: "string" } } },
  },
};
const fs = fieldSchemaFromJsonSchema(schema);

describe("fieldSchemaFromJsonSchema", () => {
  const cases: [string, string, Partial<FieldSchema> | undefined][] = [
    ["the root is a struct", "spec", { kind: "object" }],
    ["scalars", "spec.replicas", { kind: "scalar" }],
    ["int-or-string is a scalar", "spec.port", { kind: "scalar" }],
    ["lists without a list type are atomic", "spec.args", { kind: "array", listType: "atomic" }],
    ["set lists", "spec.finalizers", { kind: "array", listType: "set" }],
    ["map lists with their keys", "spec.ports", { kind: "array", listType: "map", listMapKeys: ["port", "protocol"] }],
    ["map list items are structs", "spec.ports[].name", { kind: "scalar" }],
    ["additionalProperties make granular maps", "spec.labels", { kind: "map" }],
    ["map values", "spec.labels.anykey", { kind: "scalar" }],
    ["atomic maps", "spec.frozen", { kind: "map", mapType: "atomic" }],
    ["atomic structs", "spec.selector", { kind: "object", mapType: "atomic" }],
    ["objects without fields are free-form maps", "spec.freeform", { kind: "map" }],
    ["preserve-unknown-fields keeps known fields", "spec.raw.known.a", { kind: "scalar" }],
    ["and allows unknown ones", "spec.raw.other", { kind: "any", preserveUnknownFields: true }],
    ["inherited below it", "spec.raw.known.other", { kind: "any", preserveUnknownFields: true }],
    ["unknown fields elsewhere are unknown", "spec.nope", undefined],
    ["root metadata is ObjectMeta", "metadata.ownerReferences", { kind: "array", listType: "map", listMapKeys: ["uid"] }],
    ["root apiVersion", "apiVersion", { kind: "scalar" }],
    ["embedded metadata is ObjectMeta", "spec.template.metadata.labels", { kind: "map" }],
    ["embedded kind", "spec.template.kind", { kind: "scalar" }],
    ["embedded fields", "spec.template.spec.x", { kind: "scalar" }],
  ];
  for (const [name, path, want] of cases) {
    test(name, () => {
      const got = at(fs, path);
      if (want === undefined) return expect(got).toBeUndefined();
      expect(got).toBeDefined();
      expect(got).toMatchObject(want);
    });
  }

  test("the raw node itself preserves unknown fields", () => {
    expect(at(fs, "spec.raw")).toMatchObject({ kind: "object", preserveUnknownFields: true });
    expect(at(fs, "spec")?.preserveUnknownFields).toBeUndefined();
  });

  test("metadata is ObjectMeta's FieldSchema", () => {
    expect(at(fs, "metadata")).toBe(fieldSchemaOf(ObjectMetaSchema));
    expect(at(fs, "metadata.finalizers")).toMatchObject(at(fieldSchemaFor("v1", "ConfigMap"), "metadata.finalizers")!);
  });

  test("cached per schema object, fields built once", () => {
    expect(fieldSchemaFromJsonSchema(schema)).toBe(fs);
    expect(fs.field("spec")).toBe(fs.field("spec")!);
    expect(fieldSchemaFromJsonSchema({ ...schema })).not.toBe(fs);
  });

  test("a schema that preserves everything", () => {
    const open = fieldSchemaFromJsonSchema({ type: "object", "x-kubernetes-preserve-unknown-fields": true });
    expect(open.field("spec")).toMatchObject({ kind: "any", preserveUnknownFields: true });
    expect(open.field("metadata")).toMatchObject({ kind: "object" });
  });
});
