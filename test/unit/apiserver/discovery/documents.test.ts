import { describe, expect, test } from "bun:test";
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions } from "../../../../src/apiserver/discovery/index.ts";

describe("/api and /apis", () => {
  test("APIVersions", () => {
    expect(apiVersions("10.0.0.1:6443")).toEqual({
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "10.0.0.1:6443" }],
    });
  });
  test("APIGroupList has every named group, apiregistration.k8s.io first (upstream priority 18000), then apps, no core group", () => {
    const list = apiGroupList();
    expect(list.kind).toBe("APIGroupList");
    expect(list.apiVersion).toBe("v1");
    const names = list.groups.map((g) => g.name);
    expect(names.slice(0, 2)).toEqual(["apiregistration.k8s.io", "apps"]);
    expect(names).not.toContain("");
    for (const g of ["batch", "policy", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "rbac.authorization.k8s.io", "authorization.k8s.io"]) {
      expect(names).toContain(g);
    }
    expect(apiGroup("apps")).toEqual({
      name: "apps",
      versions: [{ groupVersion: "apps/v1", version: "v1" }],
      preferredVersion: { groupVersion: "apps/v1", version: "v1" },
    });
    expect(apiGroup("nope")).toBeUndefined();
  });
});

describe("APIResourceList", () => {
  const core = apiResourceList("", "v1")!;
  const apps = apiResourceList("apps", "v1")!;
  const find = (list: typeof core, name: string) => list.resources.find((r) => r.name === name);

  test("group versions", () => {
    expect(core.groupVersion).toBe("v1");
    expect(core.kind).toBe("APIResourceList");
    expect(apps.groupVersion).toBe("apps/v1");
    expect(apiResourceList("apps", "v2")).toBeUndefined();
    expect(apiResourceList("nope", "v1")).toBeUndefined();
  });

  test("sorted by name", () => {
    const names = core.resources.map((r) => r.name);
    expect(names).toEqual([...names].sort());
  });

  const cases: [string, string, Record<string, unknown>][] = [
    [
      "v1",
      "pods",
      {
        name: "pods",
        singularName: "pod",
        namespaced: true,
        kind: "Pod",
        verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        shortNames: ["po"],
        categories: ["all"],
      },
    ],
    ["v1", "pods/status", { name: "pods/status", singularName: "", namespaced: true, kind: "Pod", verbs: ["get", "patch", "update"] }],
    ["v1", "pods/log", { name: "pods/log", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] }],
    ["v1", "pods/binding", { name: "pods/binding", singularName: "", namespaced: true, kind: "Binding", verbs: ["create"] }],
    ["v1", "pods/eviction", { name: "pods/eviction", singularName: "", namespaced: true, group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] }],
    ["v1", "pods/exec", { name: "pods/exec", singularName: "", namespaced: true, kind: "PodExecOptions", verbs: ["create", "get"] }],
    ["v1", "pods/attach", { name: "pods/attach", singularName: "", namespaced: true, kind: "PodAttachOptions", verbs: ["create", "get"] }],
    ["v1", "pods/portforward", { name: "pods/portforward", singularName: "", namespaced: true, kind: "PodPortForwardOptions", verbs: ["create", "get"] }],
    ["v1", "pods/ephemeralcontainers", { name: "pods/ephemeralcontainers", singularName: "", namespaced: true, kind: "Pod", verbs: ["get", "patch", "update"] }],
    ["v1", "nodes", { name: "nodes", singularName: "node", namespaced: false, kind: "Node", shortNames: ["no"] }],
    ["v1", "namespaces", { name: "namespaces", namespaced: false, verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], shortNames: ["ns"] }],
    ["v1", "services", { name: "services", shortNames: ["svc"], categories: ["all"] }],
    ["apps/v1", "deployments", { name: "deployments", singularName: "deployment", kind: "Deployment", shortNames: ["deploy"], categories: ["all"] }],
    [
      "apps/v1",
      "deployments/scale",
      { name: "deployments/scale", singularName: "", namespaced: true, group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] },
    ],
    ["apps/v1", "statefulsets/scale", { group: "autoscaling", version: "v1", kind: "Scale" }],
    ["apps/v1", "daemonsets/status", { kind: "DaemonSet", verbs: ["get", "patch", "update"] }],
  ];
  for (const [gv, name, want] of cases) {
    test(`${gv} ${name}`, () => {
      const list = gv === "v1" ? core : apps;
      expect(find(list, name)).toMatchObject(want);
    });
  }

  test("subresources carry no shortNames or categories", () => {
    for (const r of core.resources.filter((r) => r.name.includes("/"))) {
      expect(r.shortNames).toBeUndefined();
      expect(r.categories).toBeUndefined();
    }
  });

  test("selfsubjectaccessreviews is create-only and cluster-scoped", () => {
    expect(find(apiResourceList("authorization.k8s.io", "v1")!, "selfsubjectaccessreviews")).toMatchObject({ namespaced: false, verbs: ["create"] });
  });

  test("documents are computed once", () => {
    expect(apiResourceList("", "v1")).toBe(core);
    expect(apiGroupList()).toBe(apiGroupList());
  });
});

describe("aggregated discovery", () => {
  test("core group under /api", () => {
    const doc = aggregatedDiscovery("api");
    expect(doc.kind).toBe("APIGroupDiscoveryList");
    expect(doc.apiVersion).toBe("apidiscovery.k8s.io/v2");
    expect(doc.items).toHaveLength(1);
    const v1 = doc.items[0]!.versions[0]!;
    expect(v1.version).toBe("v1");
    expect(v1.freshness).toBe("Current");
    const pods = v1.resources.find((r) => r.resource === "pods")!;
    expect(pods).toMatchObject({ responseKind: { group: "", version: "v1", kind: "Pod" }, scope: "Namespaced", singularResource: "pod", shortNames: ["po"] });
    expect(pods.subresources?.find((s) => s.subresource === "eviction")).toEqual({
      subresource: "eviction",
      responseKind: { group: "policy", version: "v1", kind: "Eviction" },
      verbs: ["create"],
    });
    expect(v1.resources.find((r) => r.resource === "nodes")?.scope).toBe("Cluster");
  });
  test("named groups under /apis, every resource with a responseKind", () => {
    const doc = aggregatedDiscovery("apis");
    expect(doc.items.map((i) => i.metadata.name)).toEqual(apiGroupList().groups.map((g) => g.name));
    for (const g of doc.items) for (const v of g.versions) for (const r of v.resources) expect(r.responseKind.kind).not.toBe("");
    const apps = doc.items.find((i) => i.metadata.name === "apps")!.versions[0]!;
    expect(apps.resources.find((r) => r.resource === "deployments")?.subresources?.find((s) => s.subresource === "scale")?.responseKind).toEqual({
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
    });
  });
});
