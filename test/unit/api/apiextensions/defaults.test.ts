/**
 * Structural defaulting of custom resources against upstream's defaulting tests
 * (apiextensions-apiserver pkg/apiserver/schema/defaulting algorithm_test.go, Kubernetes
 * 1.34), plus the removal of disallowed nulls that follows it.
 */
import { describe, expect, test } from "bun:test";
import { applySchemaDefaults } from "../../../../src/api/apiextensions/defaults.ts";
import type { JSONSchemaProps } from "../../../../src/api/apiextensions/types.ts";

const json = (s: string): unknown => JSON.parse(s);
const def = (v: unknown): JSONSchemaProps => ({ default: v });

describe("applySchemaDefaults", () => {
  const cases: [string, string, JSONSchemaProps, string][] = [
    ["scalar", "4", def("foo"), "4"],
    ["scalar array", "[1,2]", { items: def("foo") }, "[1,2]"],
    [
      "object array",
      `[{"a":1},{"b":1},{"c":1}]`,
      { items: { properties: { a: def("A"), b: def("B"), c: def("C") } } },
      `[{"a":1,"b":"B","c":"C"},{"a":"A","b":1,"c":"C"},{"a":"A","b":"B","c":1}]`,
    ],
    [
      "object array object",
      `{"array":[{"a":1},{"b":2}],"object":{"a":1},"additionalProperties":{"x":{"a":1},"y":{"b":2}}}`,
      {
        properties: {
          array: { items: { properties: { a: def("A"), b: def("B") } } },
          object: { properties: { a: def("N"), b: def("O") } },
          additionalProperties: { additionalProperties: { properties: { a: def("alpha"), b: def("beta") } } },
          foo: def("bar"),
        },
      },
      `{"array":[{"a":1,"b":"B"},{"a":"A","b":2}],"object":{"a":1,"b":"O"},"additionalProperties":{"x":{"a":1,"b":"beta"},"y":{"a":"alpha","b":2}},"foo":"bar"}`,
    ],
    [
      "empty and null",
      `[{},{"a":1},{"a":0},{"a":0.0},{"a":""},{"a":null},{"a":[]},{"a":{}}]`,
      { items: { properties: { a: def("A") } } },
      `[{"a":"A"},{"a":1},{"a":0},{"a":0.0},{"a":""},{"a":"A"},{"a":[]},{"a":{}}]`,
    ],
    ["null in nullable list", `[null]`, { nullable: true, items: { properties: { a: def("A") } } }, `[null]`],
    ["null in non-nullable list", `[null]`, { items: def("A") }, `["A"]`],
    ["null in nullable object", `{"a": null}`, { properties: { a: { nullable: true, default: "A" } } }, `{"a": null}`],
    ["null in non-nullable object", `{"a": null}`, { properties: { a: def("A") } }, `{"a": "A"}`],
    ["null in nullable object with additionalProperties", `{"a": null}`, { additionalProperties: { nullable: true, default: "A" } }, `{"a": null}`],
    ["null in non-nullable object with additionalProperties", `{"a": null}`, { additionalProperties: def("A") }, `{"a": "A"}`],
    ["null unknown field", `{"a": null}`, { additionalProperties: true }, `{"a": null}`],
  ];
  for (const [name, input, schema, want] of cases) {
    test(name, () => {
      expect(applySchemaDefaults(json(input), schema)).toEqual(json(want));
    });
  }

  test("defaults are deep copies", () => {
    const schema: JSONSchemaProps = { type: "object", properties: { a: { type: "object", default: { list: [1] } } } };
    const one = applySchemaDefaults({} as Record<string, any>, schema);
    const two = applySchemaDefaults({} as Record<string, any>, schema);
    one["a"].list.push(2);
    expect(two).toEqual({ a: { list: [1] } });
    expect((schema.properties!["a"]!.default as any).list).toEqual([1]);
  });

  test("a defaulted object is defaulted inside too", () => {
    const schema: JSONSchemaProps = {
      type: "object",
      properties: { spec: { type: "object", default: {}, properties: { replicas: { type: "integer", default: 1 }, mode: { type: "string" } } } },
    };
    expect(applySchemaDefaults({}, schema)).toEqual({ spec: { replicas: 1 } });
  });

  test("nulls without a default where null is not allowed are dropped afterwards", () => {
    const schema: JSONSchemaProps = {
      type: "object",
      properties: { spec: { type: "object", properties: { a: { type: "string" }, b: { type: "string", nullable: true }, c: { type: "string", default: "c" } } } },
    };
    expect(applySchemaDefaults<unknown>({ spec: { a: null, b: null, c: null } }, schema)).toEqual({ spec: { b: null, c: "c" } });
  });

  test("allOf/anyOf defaults are never applied (only the structural schema defaults)", () => {
    const schema: JSONSchemaProps = { type: "object", properties: { a: { type: "string" } }, allOf: [{ properties: { a: { default: "x" } } }] };
    expect(applySchemaDefaults({}, schema)).toEqual({});
  });
});
