import { describe, expect, test } from "bun:test";
import { objectJson } from "../../../src/api/meta/object-json.ts";

const fieldsV1 = {
  "f:metadata": { "f:labels": { ".": {}, "f:app": {} }, "f:annotations": { "f:note\u2028": {} } },
  "f:spec": {
    "f:containers": {
      'k:{"name":"web"}': { ".": {}, "f:image": {}, "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {} } } },
      'k:{"name":"ünïcödé \\ slash"}': {},
    },
  },
};

function pod(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      namespace: "default",
      managedFields: [
        { manager: "kubectl", operation: "Update", apiVersion: "v1", time: "2026-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1 },
        { manager: "kubelet", operation: "Update", subresource: "status", fieldsV1: { "f:status": {} }, skipped: undefined },
      ],
      labels: { app: "web" },
      ...extra,
    },
    spec: { containers: [{ name: "web", image: "nginx" }] },
  };
}

describe("objectJson", () => {
  const cases: [string, unknown][] = [
    ["a pod with managedFields", pod()],
    ["no managedFields", { kind: "Pod", metadata: { name: "x" } }],
    ["empty managedFields", { metadata: { managedFields: [] } }],
    ["no metadata", { kind: "Status", code: 404 }],
    ["not an object", "text"],
    ["null", null],
    ["numbers, dates and holes in managedFields", {
      metadata: { managedFields: [{ n: Number.NaN, i: Number.POSITIVE_INFINITY, z: -0, f: 1.5e-7, d: new Date(0), a: [undefined, () => 1, 2], nul: null, t: true }] },
    }],
    ["lone surrogates and control characters in names", { metadata: { managedFields: [{ fieldsV1: { "k:\ud800": {}, "\u0001": { '"': {} } } }] } }],
    ["a null-prototype object in managedFields", { metadata: { managedFields: [Object.assign(Object.create(null), { manager: "m" })] } }],
    ["a class instance in managedFields (fallback)", { metadata: { managedFields: [new (class { manager = "m"; })()] } }],
    ["a boxed primitive (fallback)", { metadata: { managedFields: [{ s: new String("boxed") }] } }],
    ["annotations that look like a placeholder", pod({ annotations: { managedFields: "\u0000managedFields:0\u0000" } })],
    ["managedFields listed first", { metadata: { managedFields: [{ manager: "a" }], name: "n" } }],
    ["a top-level toJSON", { toJSON: () => ({ replaced: true }), metadata: { managedFields: [{ manager: "a" }] } }],
  ];
  for (const [name, value] of cases) {
    test(`equals JSON.stringify: ${name}`, () => {
      expect(objectJson(value)).toBe(JSON.stringify(value));
    });
  }

  test("leaves the object as it was", () => {
    const p = pod();
    const before = JSON.stringify(p);
    const mf = (p.metadata as { managedFields: unknown }).managedFields;
    objectJson(p);
    expect((p.metadata as { managedFields: unknown }).managedFields).toBe(mf);
    expect(JSON.stringify(p)).toBe(before);
    expect(Object.keys(p.metadata as object)).toEqual(["name", "namespace", "managedFields", "labels"]);
  });

  test("frozen metadata and a managedFields getter go to JSON.stringify", () => {
    const frozen = pod();
    Object.freeze(frozen.metadata);
    expect(objectJson(frozen)).toBe(JSON.stringify(frozen));
    const getter = { metadata: { get managedFields() { return [{ manager: "g" }]; } } };
    expect(objectJson(getter)).toBe(JSON.stringify(getter));
  });

  test("throws what JSON.stringify throws, and restores managedFields", () => {
    const cyclic: Record<string, unknown> = { manager: "c" };
    cyclic["self"] = cyclic;
    expect(() => objectJson({ metadata: { managedFields: [cyclic] } })).toThrow(TypeError);
    expect(() => objectJson({ metadata: { managedFields: [{ big: 1n }] } })).toThrow(TypeError);
    const p = pod({ weird: 1n });
    const mf = (p.metadata as { managedFields: unknown }).managedFields;
    expect(() => objectJson(p)).toThrow(TypeError);
    expect((p.metadata as { managedFields: unknown }).managedFields).toBe(mf);
  });
});
