import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/index.ts";
import { acceptNames } from "../../../../src/apiserver/customresources/names.ts";

function crd(name: string, names: Record<string, unknown>, status: Record<string, unknown> = {}, group = "example.com"): KubeObject {
  return { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name }, spec: { group, scope: "Namespaced", names, versions: [] }, status };
}

const widgets = crd("widgets.example.com", { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList", shortNames: ["wd"] });

describe("acceptNames", () => {
  test("a CRD alone in its group gets all its names, NoConflicts and Established", () => {
    const r = acceptNames(widgets, [widgets]);
    expect(r.acceptedNames).toEqual({ plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList", shortNames: ["wd"] });
    expect(r.namesAccepted).toEqual({ type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" });
    expect(r.established).toEqual({ type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" });
  });

  test("names another CRD of the group accepted conflict; other groups do not matter", () => {
    const holder = crd("gizmos.example.com", { plural: "gizmos", kind: "Gizmo" }, { acceptedNames: { plural: "gizmos", kind: "Gizmo", shortNames: ["wd"] } });
    const elsewhere = crd("widgets.other.io", { plural: "widgets", kind: "Widget" }, { acceptedNames: { plural: "widgets", kind: "Widget" } }, "other.io");
    const r = acceptNames(widgets, [widgets, holder, elsewhere]);
    expect(r.namesAccepted).toMatchObject({ status: "False", reason: "ShortNamesConflict", message: '"wd" is already in use' });
    expect(r.acceptedNames.plural).toBe("widgets");
    expect(r.acceptedNames.shortNames).toBeUndefined();
    expect(r.established).toMatchObject({ status: "False", reason: "NotAccepted" });
  });

  test("a name the CRD already holds stays accepted, and Established stays True once set", () => {
    const held = crd("widgets.example.com", { plural: "widgets", kind: "Widget" }, {
      acceptedNames: { plural: "widgets", kind: "Widget" },
      conditions: [{ type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" }],
    });
    const rival = crd("things.example.com", { plural: "things", kind: "Widget" }, { acceptedNames: { plural: "things", kind: "Widget" } });
    const r = acceptNames(held, [held, rival]);
    expect(r.namesAccepted.status).toBe("True");
    expect(r.established.status).toBe("True");
    const r2 = acceptNames(rival, [held, rival]);
    expect(r2.namesAccepted).toMatchObject({ status: "True" });
  });

  test("the first conflict found names the reason; accepted names keep what did not conflict", () => {
    const other = crd("gadgets.example.com", { plural: "gadgets", kind: "Gadget" }, { acceptedNames: { plural: "gadgets", singular: "widget", kind: "Widget" } });
    const r = acceptNames(widgets, [widgets, other]);
    expect(r.namesAccepted).toMatchObject({ status: "False", reason: "SingularConflict", message: '"widget" is already in use' });
    expect(r.acceptedNames.plural).toBe("widgets");
    expect(r.acceptedNames.kind).toBe(""); // nothing accepted yet: Kind has no omitempty upstream
    expect(r.acceptedNames.singular).toBeUndefined();
  });
});
