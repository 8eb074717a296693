import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "../../helpers/api-cluster.ts";
import { create, rows, startCtlHarness, type CtlHarness } from "./harness.ts";

/**
 * `kubun ctl` with kinds the server learnt from a CustomResourceDefinition: type names,
 * short names and categories come from the server's discovery, so get (the CRD's printer
 * columns), describe, apply -f and delete work on custom resources as on built-in kinds.
 */

let h: CtlHarness;
const WIDGETS = "/apis/example.com/v1/namespaces/ctl-cr/widgets";

beforeAll(async () => {
  h = await startCtlHarness();
  await create(h, "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ctl-cr" } });
  await create(h, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"], categories: ["all"] },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" }, color: { type: "string" } } } } } },
          additionalPrinterColumns: [
            { name: "Size", type: "integer", jsonPath: ".spec.size" },
            { name: "Color", type: "string", jsonPath: ".spec.color", priority: 1 },
          ],
        },
      ],
    },
  });
  await eventually("widgets are served", async () => (await h.api.call("GET", WIDGETS)).status === 200);
  await create(h, WIDGETS, { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "small" }, spec: { size: 1, color: "red" } });
});
afterAll(() => h.stop());

describe("custom resources", () => {
  test("get by plural, singular, kind, short name and TYPE.group, with the CRD's columns", async () => {
    for (const type of ["widgets", "widget", "Widget", "wd", "widgets.example.com", "widgets.v1.example.com"]) {
      const r = await h.ctl(["get", type, "-n", "ctl-cr"]);
      expect({ type, code: r.code, stderr: r.stderr }).toEqual({ type, code: 0, stderr: "" });
      // a CRD naming its columns gets those alone (no Age unless it names one), as upstream
      expect(rows(r.stdout)).toEqual([
        ["NAME", "SIZE"],
        ["small", "1"],
      ]);
    }
    const wide = await h.ctl(["get", "wd/small", "-n", "ctl-cr", "-o", "wide"]);
    expect(rows(wide.stdout)[0]).toEqual(["NAME", "SIZE", "COLOR"]);
    const yaml = await h.ctl(["get", "widget", "small", "-n", "ctl-cr", "-o", "jsonpath={.spec.color}"]);
    expect(yaml.stdout).toBe("red");
  });

  test("api-resources lists them with their short names and categories", async () => {
    const r = await h.ctl(["api-resources", "--api-group=example.com", "-o", "wide"]);
    expect(rows(r.stdout)).toEqual([
      ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES"],
      ["widgets", "wd", "example.com/v1", "true", "Widget", "[delete deletecollection get list patch create update watch]", "all"],
    ]);
  });

  test("get all includes custom resources in the all category", async () => {
    const r = await h.ctl(["get", "all", "-n", "ctl-cr"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("widget.example.com/small");
  });

  test("apply -f creates and configures a custom resource; describe shows it; delete removes it", async () => {
    const manifest = h.file("widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: big\nspec:\n  size: 9\n");
    const applied = await h.ctl(["apply", "-f", manifest, "-n", "ctl-cr"]);
    expect({ code: applied.code, out: applied.stdout, err: applied.stderr }).toEqual({ code: 0, out: "widget.example.com/big created\n", err: "" });
    const again = await h.ctl(["apply", "-f", h.file("widget2.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: big\nspec:\n  size: 10\n"), "-n", "ctl-cr"]);
    expect(again.stdout).toBe("widget.example.com/big configured\n");
    expect((await h.api.call("GET", `${WIDGETS}/big`)).body.spec.size).toBe(10);

    const described = await h.ctl(["describe", "widget", "big", "-n", "ctl-cr"]);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/^Name:\s+big$/m);
    expect(described.stdout).toMatch(/^Kind:\s+Widget$/m);

    const deleted = await h.ctl(["delete", "-f", manifest, "-n", "ctl-cr"]);
    expect(deleted.stdout).toBe('widget.example.com "big" deleted\n');
    expect((await h.api.call("GET", `${WIDGETS}/big`)).status).toBe(404);
  });

  test("names the server does not serve keep kubectl's error (a usage error, exit 2, as for built-in names)", async () => {
    const r = await h.ctl(["get", "gadgets"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: the server doesn\'t have a resource type "gadgets"\n');
  });
});
