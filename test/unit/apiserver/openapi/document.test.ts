import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { RESOURCES } from "../../../../src/api/resources.ts";
import {
  openapiV3Document,
  openapiV3DocumentBytes,
  openapiV3Index,
  openapiV3IndexBytes,
  openapiV3Paths,
} from "../../../../src/apiserver/openapi/index.ts";

type J = Record<string, any>;
const core = openapiV3Document("api/v1") as J;
const apps = openapiV3Document("apis/apps/v1") as J;
const schemas = (doc: J): J => doc.components.schemas;

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe("index", () => {
  test("lists every served group version with a hash URL", () => {
    const idx = openapiV3Index() as J;
    expect(Object.keys(idx.paths)).toEqual(openapiV3Paths());
    expect(Object.keys(idx.paths)).toContain("api/v1");
    expect(Object.keys(idx.paths)).toContain("apis/rbac.authorization.k8s.io/v1");
    const url: string = idx.paths["apis/apps/v1"].serverRelativeURL;
    expect(url).toBe(`/openapi/v3/apis/apps/v1?hash=${openapiV3DocumentBytes("apis/apps/v1")!.hash}`);
    expect(JSON.parse(new TextDecoder().decode(openapiV3IndexBytes()))).toEqual(idx);
  });
  test("bytes and hash match the document", () => {
    const s = openapiV3DocumentBytes("api/v1")!;
    expect(JSON.parse(new TextDecoder().decode(s.bytes))).toEqual(core);
    expect(s.hash).toBe(createHash("sha512").update(s.bytes).digest("hex").toUpperCase());
  });
  test("unknown group versions", () => {
    for (const p of ["apis/apps/v2", "apis/nope/v1", "api/v2", "garbage", ""]) expect(openapiV3Document(p)).toBeUndefined();
    expect(openapiV3Document("/api/v1")).toBe(core);
  });
  test("documents are built once", () => {
    expect(openapiV3Document("api/v1")).toBe(core);
  });
});

describe("components", () => {
  test("every $ref resolves in its own document", () => {
    for (const p of openapiV3Paths()) {
      const doc = openapiV3Document(p) as J;
      for (const r of refs(doc)) {
        expect(r.startsWith("#/components/schemas/")).toBe(true);
        expect(schemas(doc)[r.slice("#/components/schemas/".length)]).toBeDefined();
      }
    }
  });
  test("kinds carry x-kubernetes-group-version-kind", () => {
    expect(schemas(core)["io.k8s.api.core.v1.Pod"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "", kind: "Pod", version: "v1" }]);
    expect(schemas(apps)["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", kind: "Deployment", version: "v1" }]);
    expect(schemas(apps)["io.k8s.api.autoscaling.v1.Scale"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "autoscaling", kind: "Scale", version: "v1" }]);
    expect(schemas(core)["io.k8s.api.policy.v1.Eviction"]).toBeDefined();
    expect(schemas(core)["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].properties.labels).toMatchObject({
      type: "object",
      additionalProperties: { type: "string" },
    });
  });
  test("every served kind is a component of its document", () => {
    for (const ri of RESOURCES) {
      const doc = openapiV3Document(ri.group === "" ? `api/${ri.version}` : `apis/${ri.group}/${ri.version}`) as J;
      const found = Object.values(schemas(doc)).some((s: J) =>
        (s["x-kubernetes-group-version-kind"] ?? []).some((g: J) => g.group === ri.group && g.version === ri.version && g.kind === ri.kind),
      );
      expect(found).toBe(true);
    }
  });
  const fieldCases: [string, string, J][] = [
    [
      "io.k8s.api.core.v1.Container",
      "ports",
      {
        type: "array",
        items: { $ref: "#/components/schemas/io.k8s.api.core.v1.ContainerPort" },
        "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
        "x-kubernetes-list-type": "map",
        "x-kubernetes-patch-merge-key": "containerPort",
        "x-kubernetes-patch-strategy": "merge",
      },
    ],
    ["io.k8s.api.core.v1.Container", "resources", { allOf: [{ $ref: "#/components/schemas/io.k8s.api.core.v1.ResourceRequirements" }] }],
    ["io.k8s.api.core.v1.Container", "imagePullPolicy", { type: "string", enum: ["Always", "Never", "IfNotPresent"] }],
    ["io.k8s.api.core.v1.ContainerPort", "containerPort", { type: "integer", format: "int32" }],
    ["io.k8s.api.core.v1.ResourceRequirements", "limits", { type: "object", additionalProperties: { $ref: "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity" } }],
    ["io.k8s.api.core.v1.ServicePort", "targetPort", { allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString" }] }],
    ["io.k8s.api.core.v1.PodSpec", "volumes", { "x-kubernetes-patch-strategy": "merge,retainKeys", "x-kubernetes-patch-merge-key": "name" }],
    ["io.k8s.api.core.v1.Secret", "data", { type: "object", additionalProperties: { type: "string", format: "byte" } }],
  ];
  for (const [def, field, want] of fieldCases) {
    test(`${def}.${field}`, () => expect(schemas(core)[def].properties[field]).toMatchObject(want));
  }
  test("deployment strategy retains keys", () => {
    expect(schemas(apps)["io.k8s.api.apps.v1.DeploymentSpec"].properties.strategy).toMatchObject({
      allOf: [{ $ref: "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy" }],
      "x-kubernetes-patch-strategy": "retainKeys",
    });
  });
  test("required fields and atomic structs", () => {
    expect(schemas(core)["io.k8s.api.core.v1.PodSpec"].required).toEqual(["containers"]);
    expect(schemas(core)["io.k8s.api.core.v1.NodeSelector"]["x-kubernetes-map-type"]).toBe("atomic");
    expect(schemas(core)["io.k8s.apimachinery.pkg.api.resource.Quantity"].oneOf).toEqual([{ type: "string" }, { type: "number" }]);
  });
});

describe("paths", () => {
  const pods = core.paths["/api/v1/namespaces/{namespace}/pods/{name}"];
  test("item operations", () => {
    expect(Object.keys(pods).sort()).toEqual(["delete", "get", "parameters", "patch", "put"]);
    expect(pods.get["x-kubernetes-group-version-kind"]).toEqual({ group: "", kind: "Pod", version: "v1" });
    expect(pods.get.operationId).toBe("readCoreV1NamespacedPod");
    expect(pods.parameters.map((p: J) => p.name)).toEqual(["name", "namespace", "pretty"]);
  });
  test("PATCH lists fieldValidation and accepts all patch types", () => {
    for (const [path, kind] of [
      ["/api/v1/namespaces/{namespace}/pods/{name}", "Pod"],
      ["/api/v1/nodes/{name}", "Node"],
      ["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "Scale"],
    ] as const) {
      const doc = path.startsWith("/apis/apps") ? apps : core;
      const patch = doc.paths[path].patch;
      expect(patch["x-kubernetes-group-version-kind"].kind).toBe(kind);
      expect(patch.parameters.find((p: J) => p.name === "fieldValidation")).toMatchObject({ in: "query" });
      expect(Object.keys(patch.requestBody.content).sort()).toEqual([
        "application/apply-patch+yaml",
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
      ]);
    }
  });
  test("collections, all-namespaces lists and subresources", () => {
    const coll = core.paths["/api/v1/namespaces/{namespace}/pods"];
    expect(Object.keys(coll).sort()).toEqual(["delete", "get", "parameters", "post"]);
    expect(coll.post.parameters.map((p: J) => p.name)).toEqual(["dryRun", "fieldManager", "fieldValidation"]);
    expect(coll.get.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/io.k8s.api.core.v1.PodList" });
    expect(core.paths["/api/v1/pods"].get.operationId).toBe("listCoreV1PodForAllNamespaces");
    expect(core.paths["/api/v1/namespaces/{namespace}/pods/{name}/eviction"].post["x-kubernetes-group-version-kind"]).toEqual({ group: "policy", kind: "Eviction", version: "v1" });
    expect(core.paths["/api/v1/namespaces/{namespace}/pods/{name}/binding"].post.requestBody.content["*/*"].schema).toEqual({
      $ref: "#/components/schemas/io.k8s.api.core.v1.Binding",
    });
    expect(core.paths["/api/v1/namespaces/{namespace}/pods/{name}/log"].get.parameters.map((p: J) => p.name)).toContain("follow");
    expect(core.paths["/api/v1/namespaces/{namespace}/pods/{name}/exec"].post["x-kubernetes-action"]).toBe("connect");
    expect(core.paths["/api/v1/nodes"].get).toBeDefined();
    expect(core.paths["/api/v1/namespaces"].delete).toBeUndefined(); // namespaces have no deletecollection
    expect(Object.keys(openapiV3Document("apis/authorization.k8s.io/v1")!.paths as J)).toContain("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
  });
});
