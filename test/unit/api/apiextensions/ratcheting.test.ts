/**
 * Validation ratcheting of custom resource updates (CRDValidationRatcheting, GA in 1.33):
 * a CRD made stricter does not refuse updates that leave an old, now invalid value alone,
 * while changed values, new values and creates are checked in full.
 */
import { describe, expect, test } from "bun:test";
import type { JSONSchemaProps } from "../../../../src/api/apiextensions/types.ts";
import { validateCustomResource } from "../../../../src/api/apiextensions/validate.ts";
import { errorString } from "../../../../src/api/validation/field-error.ts";

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      required: ["size"],
      properties: {
        size: { type: "integer", maximum: 10 },
        name: { type: "string", pattern: "^[a-z]+$" },
        labels: { type: "object", additionalProperties: { type: "string", maxLength: 3 } },
        ports: {
          type: "array",
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["name"],
          items: { type: "object", required: ["name"], properties: { name: { type: "string" }, port: { type: "integer", minimum: 1024 } } },
        },
        tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string", minLength: 2 } },
        args: { type: "array", items: { type: "string", minLength: 2 } },
        choice: { anyOf: [{ type: "integer", minimum: 5 }, { type: "string", minLength: 5 }] },
      },
    },
  },
};

const cr = (spec: unknown) => ({ apiVersion: "x.io/v1", kind: "K", metadata: { name: "n", resourceVersion: "7" }, spec });
const check = (spec: unknown, oldSpec?: unknown) => validateCustomResource(cr(spec), schema, oldSpec === undefined ? undefined : cr(oldSpec)).map(errorString);

describe("validation ratcheting", () => {
  test("an invalid value the update leaves alone is accepted; the same value on create is not", () => {
    const old = { size: 50, name: "Bad_Name" };
    expect(check({ ...old })).toEqual([
      "spec.size: Invalid value: 50: spec.size in body should be less than or equal to 10",
      `spec.name: Invalid value: "Bad_Name": spec.name in body should match '^[a-z]+$'`,
    ]);
    expect(check({ ...old, labels: { a: "ok" } }, old)).toEqual([]);
  });

  test("a changed value is checked, even when the old one was invalid too", () => {
    expect(check({ size: 60, name: "Bad_Name" }, { size: 50, name: "Bad_Name" })).toEqual(["spec.size: Invalid value: 60: spec.size in body should be less than or equal to 10"]);
  });

  test("map values correlate by key: an unchanged long value stays, a new one is refused", () => {
    const old = { size: 1, labels: { team: "platform" } };
    expect(check({ size: 1, labels: { team: "platform", env: "dev" } }, old)).toEqual([]);
    expect(check({ size: 1, labels: { team: "platform", owner: "someone" } }, old)).toEqual(["spec.labels.owner: Too long: may not be more than 3 bytes"]);
  });

  test("map-list items correlate by their keys wherever they moved; set items by value", () => {
    const old = { size: 1, ports: [{ name: "http", port: 80 }], tags: ["x"] };
    expect(check({ size: 1, ports: [{ name: "admin", port: 8080 }, { name: "http", port: 80 }], tags: ["ok", "x"] }, old)).toEqual([]);
    expect(check({ size: 1, ports: [{ name: "http", port: 81 }], tags: ["x", "y"] }, old).sort()).toEqual([
      "spec.ports[0].port: Invalid value: 81: spec.ports[0].port in body should be greater than or equal to 1024",
      `spec.tags[1]: Invalid value: "y": spec.tags[1] in body should be at least 2 chars long`,
    ]);
  });

  test("atomic lists ratchet only as a whole", () => {
    expect(check({ size: 1, args: ["a"] }, { size: 1, args: ["a"] })).toEqual([]);
    expect(check({ size: 1, args: ["a", "bb"] }, { size: 1, args: ["a"] })).toEqual([`spec.args[0]: Invalid value: "a": spec.args[0] in body should be at least 2 chars long`]);
  });

  test("required is checked where the object holding it changed", () => {
    expect(check({ name: "a" }, { name: "a" })).toEqual([]);
    expect(check({ name: "b" }, { name: "a" })).toEqual(["spec.size: Required value"]);
  });

  test("anyOf is ratcheted at its node when unchanged and checked in full when changed", () => {
    expect(check({ size: 1, choice: 1 }, { size: 1, choice: 1 })).toEqual([]);
    expect(check({ size: 1, choice: 2 }, { size: 1, choice: 1 }).length).toBeGreaterThan(0);
  });
});

describe("validation ratcheting of x-kubernetes-validations", () => {
  const celSchema: JSONSchemaProps = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        "x-kubernetes-validations": [{ rule: "self.min <= self.max", message: "min must not exceed max" }],
        properties: {
          min: { type: "integer" },
          max: { type: "integer" },
          servers: {
            type: "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["host"],
            items: {
              type: "object",
              "x-kubernetes-validations": [{ rule: "self.host.endsWith('.example.com')", message: "must be under example.com" }],
              properties: { host: { type: "string" }, weight: { type: "integer" } },
            },
          },
          mode: { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "mode is immutable" }] },
        },
      },
    },
  };
  const run = (spec: unknown, oldSpec?: unknown) => validateCustomResource(cr(spec), celSchema, oldSpec === undefined ? undefined : cr(oldSpec)).map(errorString);

  test("a rule is not run where the value is unchanged, and is where it changed", () => {
    const old = { min: 5, max: 1, servers: [{ host: "a.other.org", weight: 1 }] };
    expect(run(old)).toEqual(["spec: Invalid value: \"object\": min must not exceed max", "spec.servers[0]: Invalid value: \"object\": must be under example.com"]);
    // spec changed (a server added), so its rule runs; the old server item is unchanged and ratchets
    expect(run({ ...old, servers: [{ host: "b.example.com" }, { host: "a.other.org", weight: 1 }] }, old)).toEqual(["spec: Invalid value: \"object\": min must not exceed max"]);
    expect(run({ ...old, servers: [{ host: "a.other.org", weight: 2 }] }, old)).toEqual(["spec: Invalid value: \"object\": min must not exceed max", "spec.servers[0]: Invalid value: \"object\": must be under example.com"]);
  });

  test("transition rules always run on updates", () => {
    expect(run({ min: 1, max: 2, mode: "b" }, { min: 1, max: 2, mode: "a" })).toEqual(["spec.mode: Invalid value: \"b\": mode is immutable"]);
    expect(run({ min: 1, max: 2, mode: "a" }, { min: 1, max: 2, mode: "a" })).toEqual([]);
  });
});
