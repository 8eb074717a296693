import { describe, expect, test } from "bun:test";
import { ANY_FIELD, type FieldSchema } from "../../../../src/api/meta/field-schema.ts";
import { fieldSchemaFor, hasFieldSchema } from "../../../../src/api/schema/field-schema.ts";

/** Walks "spec.containers[].env" through a FieldSchema. */
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

describe("fieldSchemaFor", () => {
  const pod = fieldSchemaFor("v1", "Pod");
  const cases: [string, string, Partial<FieldSchema> | undefined][] = [
    ["metadata is an object", "metadata", { kind: "object" }],
    ["labels are a map", "metadata.labels", { kind: "map" }],
    ["label values are scalars", "metadata.labels.anykey", { kind: "scalar" }],
    ["finalizers set", "metadata.finalizers", { kind: "array", listType: "set", patchStrategy: "merge" }],
    ["ownerReferences map by uid", "metadata.ownerReferences", { kind: "array", listType: "map", listMapKeys: ["uid"], patchMergeKey: "uid", patchStrategy: "merge" }],
    ["containers merge by name", "spec.containers", { kind: "array", listType: "map", listMapKeys: ["name"], patchMergeKey: "name", patchStrategy: "merge" }],
    ["ports keyed by containerPort and protocol", "spec.containers[].ports", { kind: "array", listMapKeys: ["containerPort", "protocol"], patchMergeKey: "containerPort" }],
    ["env", "spec.containers[].env", { kind: "array", patchMergeKey: "name" }],
    ["volumes retain keys", "spec.volumes", { kind: "array", patchStrategy: "merge,retainKeys", patchMergeKey: "name" }],
    ["volume source fields are inlined", "spec.volumes[].configMap.items", { kind: "array", listType: "atomic" }],
    ["tolerations atomic", "spec.tolerations", { kind: "array", listType: "atomic" }],
    ["node selector struct is atomic", "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution", { kind: "object", mapType: "atomic" }],
    ["quantities are scalars", "spec.containers[].resources.limits.cpu", { kind: "scalar" }],
    ["conditions by type", "status.conditions", { kind: "array", listMapKeys: ["type"], patchMergeKey: "type" }],
    ["unknown field", "spec.nope", undefined],
    ["unknown field below scalar", "spec.nodeName.x", undefined],
  ];
  for (const [name, path, want] of cases) {
    test(name, () => {
      const got = at(pod, path);
      if (want === undefined) return expect(got).toBeUndefined();
      expect(got).toBeDefined();
      expect(got).toMatchObject(want);
    });
  }
  test("deployment strategy retains keys", () => {
    expect(at(fieldSchemaFor("apps/v1", "Deployment"), "spec.strategy")).toMatchObject({ kind: "object", patchStrategy: "retainKeys" });
  });
  test("raw extensions preserve unknown fields", () => {
    const data = at(fieldSchemaFor("apps/v1", "ControllerRevision"), "data");
    expect(data).toMatchObject({ kind: "any", preserveUnknownFields: true });
    expect(data?.field("anything")).toMatchObject({ kind: "any" });
  });
  test("unknown kinds get ANY_FIELD", () => {
    expect(fieldSchemaFor("example.com/v1", "Widget")).toBe(ANY_FIELD);
    expect(hasFieldSchema("example.com/v1", "Widget")).toBe(false);
    expect(hasFieldSchema("v1", "Pod")).toBe(true);
  });
  test("adapters are cached", () => {
    expect(fieldSchemaFor("v1", "Pod")).toBe(pod);
    expect(pod.field("spec")).toBe(pod.field("spec")!);
  });
});
