import { describe, expect, test } from "bun:test";
import { compareKubeVersions, ResourceCatalog } from "../../../src/api/resource-catalog.ts";
import { ALL_VERBS, RESOURCES, type ResourceInfo } from "../../../src/api/resources.ts";

function widget(version: string): ResourceInfo {
  return { group: "example.com", version, kind: "Widget", listKind: "WidgetList", plural: "widgets", singular: "widget", namespaced: true, verbs: ALL_VERBS };
}

describe("compareKubeVersions", () => {
  test("orders as upstream's kube-aware sort: GA, beta, alpha, higher first, then other names", () => {
    const vs = ["v1alpha1", "foo", "v1beta1", "v2", "v1", "v11alpha2", "v2beta1", "v1beta2", "bar"];
    expect(vs.sort(compareKubeVersions)).toEqual(["v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v11alpha2", "v1alpha1", "bar", "foo"]);
  });
});

describe("ResourceCatalog", () => {
  test("starts with the built-in resources", () => {
    const c = new ResourceCatalog();
    expect(c.all()).toEqual(RESOURCES);
    expect(c.resourceFor("apps", "v1", "deployments")?.kind).toBe("Deployment");
    expect(c.isBuiltinGroup("apps")).toBe(true);
    expect(c.isBuiltinGroup("example.com")).toBe(false);
  });

  test("custom resources come and go by owner, with a new generation and listeners called", () => {
    const c = new ResourceCatalog();
    const gen = c.generation;
    let calls = 0;
    c.onChange(() => calls++);
    c.setCustom("widgets.example.com", [widget("v1alpha1"), widget("v1")]);
    expect(c.generation).toBeGreaterThan(gen);
    expect(calls).toBe(1);
    expect(c.resourceFor("example.com", "v1", "widgets")?.kind).toBe("Widget");
    expect(c.resourceForKind("example.com/v1alpha1", "Widget")?.version).toBe("v1alpha1");
    expect(c.servedGroups().find((g) => g.group === "example.com")?.versions).toEqual(["v1", "v1alpha1"]);
    expect(c.customResources().map((r) => r.version).sort()).toEqual(["v1", "v1alpha1"]);
    c.setCustom("widgets.example.com", []);
    expect(c.resourceFor("example.com", "v1", "widgets")).toBeUndefined();
    expect(c.servedGroups().some((g) => g.group === "example.com")).toBe(false);
    expect(calls).toBe(2);
    c.setCustom("other", []);
    expect(calls).toBe(2);
  });
});
