import { describe, expect, test } from "bun:test";
import { RESOURCES, groupVersion } from "../../../../src/api/resources.ts";
import { resolveNode, type FieldMeta, type Schema } from "../../../../src/api/schema/dsl.ts";
import { schemaForKind } from "../../../../src/api/types/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import type { Pod } from "../../../../src/api/types/core/pod.ts";
import type { Deployment } from "../../../../src/api/types/apps/deployment.ts";

/** Follows a dotted path ("spec.containers[].ports") through object fields and array items. */
function at(schema: Schema, path: string): Schema {
  let cur = schema;
  for (const part of path.split(".")) {
    const isItems = part.endsWith("[]");
    const name = isItems ? part.slice(0, -2) : part;
    const node = resolveNode(cur);
    if (node.type !== "object") throw new Error(`${path}: ${name} is not below an object`);
    const next = node.properties[name];
    if (!next) throw new Error(`${path}: no field ${name}`);
    cur = next;
    if (isItems) {
      const arr = resolveNode(cur);
      if (arr.type !== "array") throw new Error(`${path}: ${name} is not an array`);
      cur = arr.items;
    }
  }
  return cur;
}

describe("every served kind has a schema", () => {
  for (const ri of RESOURCES) {
    test(`${groupVersion(ri)} ${ri.kind} and ${ri.listKind}`, () => {
      const kind = schemaForKind(groupVersion(ri), ri.kind);
      expect(kind).toBeDefined();
      const node = resolveNode(kind!);
      expect(node.type).toBe("object");
      if (node.type === "object") expect(Object.keys(node.properties)).toContain("metadata");
      if (ri.verbs.includes("list")) expect(schemaForKind(groupVersion(ri), ri.listKind)).toBeDefined();
    });
  }
  test("subresource and meta kinds", () => {
    for (const [av, k] of [
      ["v1", "Binding"],
      ["policy/v1", "Eviction"],
      ["autoscaling/v1", "Scale"],
      ["v1", "Status"],
      ["v1", "DeleteOptions"],
      ["meta.k8s.io/v1", "Table"],
      ["meta.k8s.io/v1", "PartialObjectMetadata"],
      ["v1", "APIResourceList"],
    ] as const) {
      expect(schemaForKind(av, k)).toBeDefined();
    }
    expect(schemaForKind("v1", "Nope")).toBeUndefined();
  });
});

// Upstream struct tags and OpenAPI extensions (k8s.io/api v0.34).
const patchCases: [string, string, FieldMeta][] = [
  ["v1/Pod", "metadata.finalizers", { listType: "set", patchStrategy: "merge" }],
  ["v1/Pod", "metadata.ownerReferences", { listType: "map", listMapKeys: ["uid"], patchStrategy: "merge", patchMergeKey: "uid" }],
  ["v1/Pod", "spec.containers", { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }],
  ["v1/Pod", "spec.initContainers", { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }],
  ["v1/Pod", "spec.containers[].ports", { listType: "map", listMapKeys: ["containerPort", "protocol"], patchStrategy: "merge", patchMergeKey: "containerPort" }],
  ["v1/Pod", "spec.containers[].env", { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }],
  ["v1/Pod", "spec.containers[].volumeMounts", { listType: "map", listMapKeys: ["mountPath"], patchStrategy: "merge", patchMergeKey: "mountPath" }],
  ["v1/Pod", "spec.containers[].command", { listType: "atomic" }],
  ["v1/Pod", "spec.volumes", { listType: "map", listMapKeys: ["name"], patchStrategy: "merge,retainKeys", patchMergeKey: "name" }],
  ["v1/Pod", "spec.tolerations", { listType: "atomic" }],
  ["v1/Pod", "spec.imagePullSecrets", { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }],
  ["v1/Pod", "status.conditions", { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }],
  ["v1/Pod", "status.podIPs", { listType: "map", listMapKeys: ["ip"], patchStrategy: "merge", patchMergeKey: "ip" }],
  ["v1/Node", "spec.taints", { listType: "atomic" }],
  ["v1/Node", "status.conditions", { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }],
  ["v1/Node", "status.addresses", { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }],
  ["v1/Service", "spec.ports", { listType: "map", listMapKeys: ["port", "protocol"], patchStrategy: "merge", patchMergeKey: "port" }],
  ["apps/v1/Deployment", "spec.strategy", { patchStrategy: "retainKeys" }],
  ["apps/v1/Deployment", "status.conditions", { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }],
  ["apps/v1/StatefulSet", "spec.volumeClaimTemplates", { listType: "atomic" }],
  ["policy/v1/PodDisruptionBudget", "status.conditions", { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }],
];

describe("patch metadata matches upstream", () => {
  for (const [kindPath, path, want] of patchCases) {
    test(`${kindPath} ${path}`, () => {
      const slash = kindPath.lastIndexOf("/");
      const kind = schemaForKind(kindPath.slice(0, slash), kindPath.slice(slash + 1))!;
      const { description: _d, ...meta } = at(kind, path).meta;
      expect(meta).toEqual(want);
    });
  }
  test("atomic structs carry mapType", () => {
    const pod = schemaForKind("v1", "Pod")!;
    const node = resolveNode(at(pod, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"));
    expect(node.type === "object" && node.mapType).toBe("atomic");
  });
});

describe("static types", () => {
  test("kinds are KubeObjects with typed fields", () => {
    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: { containers: [{ name: "c", image: "busybox", resources: { requests: { cpu: "100m" } } }], restartPolicy: "Never" },
    };
    const obj: KubeObject = pod;
    expect(obj.metadata.name).toBe("p");
    const d: Deployment = {
      metadata: { name: "d" },
      spec: { selector: { matchLabels: { a: "b" } }, template: { spec: { containers: [{ name: "c" }] } } },
    };
    expect(d.spec?.template.spec?.containers[0]?.name).toBe("c");
    // @ts-expect-error containers are required in a PodSpec
    const bad: Pod = { metadata: {}, spec: {} };
    // @ts-expect-error restartPolicy is an enum
    const bad2: Pod = { metadata: {}, spec: { containers: [], restartPolicy: "Sometimes" } };
    expect([bad, bad2].length).toBe(2);
    // fields are mutable: controllers build and update objects in place
    pod.status = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
    pod.metadata.labels = { a: "b" };
    pod.spec!.containers[0]!.image = "nginx";
    expect(pod.status.phase).toBe("Running");
  });
});
