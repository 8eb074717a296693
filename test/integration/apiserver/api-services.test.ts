import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/**
 * apiregistration.k8s.io/v1 APIServices over the API: discovery and OpenAPI, CRUD with
 * upstream's defaults (service port 443) and strategy (a create cannot set status, a Local
 * one is created Available, no generation), /status writes, upstream's validation answers
 * (422 with field causes) and Table printing.
 *
 * The apiserver keeps APIServices of its own (one per served group version) and updates the
 * availability of every APIService in the background; this test only looks at the ones it
 * creates (group widgets.example.com and the like), and only at what a response itself says
 * where that background work could change an object afterwards.
 */

let h: Harness;
const GV = "/apis/apiregistration.k8s.io/v1";
const API = `${GV}/apiservices`;
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
const MERGE = { "content-type": "application/merge-patch+json" };
const STRATEGIC = { "content-type": "application/strategic-merge-patch+json" };
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

function apiService(group: string, version: string, spec: Record<string, unknown> = {}, name = `${version}.${group}`): Record<string, unknown> {
  return { apiVersion: "apiregistration.k8s.io/v1", kind: "APIService", metadata: { name }, spec: { group, version, groupPriorityMinimum: 1000, versionPriority: 15, ...spec } };
}
const SERVICE = { namespace: "widgets", name: "widget-api" };
const local = (group: string, version = "v1") => apiService(group, version);
const remote = (group: string, version = "v1") => apiService(group, version, { service: SERVICE, insecureSkipTLSVerify: true });

describe("discovery and OpenAPI", () => {
  test("/apis lists apiregistration.k8s.io/v1", async () => {
    const apis = await h.call("GET", "/apis");
    expect(apis.body.groups.find((g: any) => g.name === "apiregistration.k8s.io")).toEqual({
      name: "apiregistration.k8s.io",
      versions: [{ groupVersion: "apiregistration.k8s.io/v1", version: "v1" }],
      preferredVersion: { groupVersion: "apiregistration.k8s.io/v1", version: "v1" },
    });
  });

  test("/apis/apiregistration.k8s.io/v1: apiservices, cluster-scoped, category api-extensions, no short names; the status subresource", async () => {
    const r = await h.call("GET", GV);
    expect(r.status).toBe(200);
    expect(r.body.resources.map((x: any) => x.name).sort()).toEqual(["apiservices", "apiservices/status"]);
    const res = r.body.resources.find((x: any) => x.name === "apiservices");
    expect(res).toMatchObject({ singularName: "apiservice", namespaced: false, kind: "APIService", categories: ["api-extensions"] });
    expect(res.shortNames).toBeUndefined();
    expect([...res.verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    const status = r.body.resources.find((x: any) => x.name === "apiservices/status");
    expect(status).toMatchObject({ namespaced: false, kind: "APIService" });
    expect([...status.verbs].sort()).toEqual(["get", "patch", "update"]);
  });

  test("OpenAPI v3: upstream's definition names, conditions a map list keyed by type, the required fields", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["apis/apiregistration.k8s.io/v1"].serverRelativeURL)).json()) as any;
    const schemas = doc.components.schemas;
    const P = "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1";
    expect(schemas[`${P}.APIService`]["x-kubernetes-group-version-kind"]).toEqual([{ group: "apiregistration.k8s.io", kind: "APIService", version: "v1" }]);
    expect(schemas[`${P}.APIServiceSpec`].required).toEqual(["groupPriorityMinimum", "versionPriority"]);
    expect(schemas[`${P}.APIServiceSpec`].properties.caBundle.format).toBe("byte");
    expect(schemas[`${P}.APIServiceCondition`].required).toEqual(["type", "status"]);
    expect(schemas[`${P}.APIServiceStatus`].properties.conditions).toMatchObject({
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["type"],
      "x-kubernetes-patch-merge-key": "type",
      "x-kubernetes-patch-strategy": "merge",
    });
    expect(schemas[`${P}.ServiceReference`].properties.port).toBeDefined();
    expect(doc.paths["/apis/apiregistration.k8s.io/v1/apiservices/{name}"]).toBeDefined();
    expect(doc.paths["/apis/apiregistration.k8s.io/v1/apiservices/{name}/status"]).toBeDefined();
  });
});

describe("CRUD", () => {
  test("a Local APIService is created Available (reason Local); no generation; the list and delete", async () => {
    const created = await h.call("POST", API, local("widgets.example.com"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "apiregistration.k8s.io/v1", kind: "APIService", metadata: { name: "v1.widgets.example.com" } });
    expect(created.body.metadata.namespace).toBeUndefined();
    expect(created.body.metadata.generation).toBeUndefined();
    expect(created.body.spec).toEqual({ group: "widgets.example.com", version: "v1", groupPriorityMinimum: 1000, versionPriority: 15 });
    expect(created.body.status.conditions).toEqual([
      { type: "Available", status: "True", lastTransitionTime: created.body.metadata.creationTimestamp, reason: "Local", message: "Local APIServices are always available" },
    ]);

    const list = await h.call("GET", API);
    expect(list.body).toMatchObject({ apiVersion: "apiregistration.k8s.io/v1", kind: "APIServiceList" });
    expect(list.body.items.map((i: any) => i.metadata.name)).toContain("v1.widgets.example.com");

    // a spec change keeps no generation
    const patched = await h.call("PATCH", `${API}/v1.widgets.example.com`, { spec: { versionPriority: 20 } }, MERGE);
    expect(patched.status).toBe(200);
    expect(patched.body.spec.versionPriority).toBe(20);
    expect(patched.body.metadata.generation).toBeUndefined();

    expect((await h.call("DELETE", `${API}/v1.widgets.example.com`)).status).toBe(200);
    expect((await h.call("GET", `${API}/v1.widgets.example.com`)).status).toBe(404);
  });

  test("one naming a Service: port 443 by default, a status in the body is dropped", async () => {
    const body = { ...remote("gadgets.example.com"), status: { conditions: [{ type: "Available", status: "True", reason: "Claimed" }] } };
    const created = await h.call("POST", API, body);
    expect(created.status).toBe(201);
    expect(created.body.spec).toEqual({
      service: { namespace: "widgets", name: "widget-api", port: 443 },
      group: "gadgets.example.com",
      version: "v1",
      insecureSkipTLSVerify: true,
      groupPriorityMinimum: 1000,
      versionPriority: 15,
    });
    expect(created.body.status?.conditions ?? []).toEqual([]);
  });

  test("only the legacy core group (v1.) may have an empty group", async () => {
    const r = await h.call("POST", API, { ...apiService("", "v2"), metadata: { name: "v2." } });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('APIService.apiregistration.k8s.io "v2." is invalid: spec.group: Required value: only v1 may have an empty group and it better be legacy kube');
  });
});

describe("status", () => {
  test("/status writes status only; an update of the main resource keeps status", async () => {
    expect((await h.call("POST", API, local("status.example.com"))).status).toBe(201);

    // a strategic merge patch merges conditions by type (the patch's new ones first, as
    // upstream orders them); the spec in the patch is ignored
    const p = await h.call("PATCH", `${API}/v1.status.example.com/status`, { spec: { versionPriority: 999 }, status: { conditions: [{ type: "Checked", status: "False", reason: "Testing" }] } }, STRATEGIC);
    expect(p.status).toBe(200);
    expect(p.body.spec.versionPriority).toBe(15);
    expect(p.body.status.conditions.map((c: any) => c.type)).toEqual(["Checked", "Available"]);
    expect(p.body.status.conditions[0]).toEqual({ type: "Checked", status: "False", reason: "Testing" });

    // the main resource: the status in the body is ignored
    const cur = (await h.call("GET", `${API}/v1.status.example.com`)).body;
    const put = await h.call("PUT", `${API}/v1.status.example.com`, { ...cur, metadata: { name: cur.metadata.name }, spec: { ...cur.spec, versionPriority: 30 }, status: { conditions: [{ type: "Bogus", status: "True" }] } });
    expect(put.status).toBe(200);
    expect(put.body.spec.versionPriority).toBe(30);
    expect(put.body.status.conditions.map((c: any) => c.type)).not.toContain("Bogus");
  });

  test("a condition status other than True, False or Unknown answers 422", async () => {
    expect((await h.call("POST", API, local("badstatus.example.com"))).status).toBe(201);
    const cur = (await h.call("GET", `${API}/v1.badstatus.example.com`)).body;
    const r = await h.call("PUT", `${API}/v1.badstatus.example.com/status`, { ...cur, metadata: { name: cur.metadata.name }, status: { conditions: [{ type: "Available", status: "Maybe" }] } });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('APIService.apiregistration.k8s.io "v1.badstatus.example.com" is invalid: status.conditions[0].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"');
    expect(r.body.details.causes).toEqual([{ reason: "FieldValueNotSupported", message: 'Unsupported value: "Maybe": supported values: "True", "False", "Unknown"', field: "status.conditions[0].status" }]);
  });
});

describe("validation answers 422 with upstream's messages", () => {
  test("a name that is not version.group, a zero group priority", async () => {
    const r = await h.call("POST", API, apiService("widgets.example.com", "v1beta1", { groupPriorityMinimum: 0 }, "widgets"));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ kind: "Status", reason: "Invalid", details: { name: "widgets", group: "apiregistration.k8s.io", kind: "APIService" } });
    expect(r.body.message).toBe(
      'APIService.apiregistration.k8s.io "widgets" is invalid: [metadata.name: Invalid value: "widgets": must be `spec.version+"."+spec.group`: "v1beta1.widgets.example.com", spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000]',
    );
    expect(r.body.details.causes).toEqual([
      { reason: "FieldValueInvalid", message: 'Invalid value: "widgets": must be `spec.version+"."+spec.group`: "v1beta1.widgets.example.com"', field: "metadata.name" },
      { reason: "FieldValueInvalid", message: "Invalid value: 0: must be positive and less than 20000", field: "spec.groupPriorityMinimum" },
    ]);
  });

  test("a Local one with insecureSkipTLSVerify; a service without a namespace", async () => {
    const a = await h.call("POST", API, apiService("tls.example.com", "v1", { insecureSkipTLSVerify: true }));
    expect(a.status).toBe(422);
    expect(a.body.details.causes).toEqual([{ reason: "FieldValueInvalid", message: "Invalid value: true: local APIServices may not have insecureSkipTLSVerify", field: "spec.insecureSkipTLSVerify" }]);
    const b = await h.call("POST", API, apiService("svc.example.com", "v1", { service: { name: "x", port: 70000 } }));
    expect(b.status).toBe(422);
    expect(b.body.details.causes.map((c: any) => [c.reason, c.field])).toEqual([
      ["FieldValueRequired", "spec.service.namespace"],
      ["FieldValueInvalid", "spec.service.port"],
    ]);
  });

  test("an update that changes the version breaks the name", async () => {
    expect((await h.call("POST", API, local("rename.example.com"))).status).toBe(201);
    const r = await h.call("PATCH", `${API}/v1.rename.example.com`, { spec: { version: "v2" } }, MERGE);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('APIService.apiregistration.k8s.io "v1.rename.example.com" is invalid: metadata.name: Invalid value: "v1.rename.example.com": must be `spec.version+"."+spec.group`: "v2.rename.example.com"');
  });
});

describe("Table output", () => {
  test("NAME, SERVICE, AVAILABLE, AGE", async () => {
    expect((await h.call("POST", API, local("table.example.com"))).status).toBe(201);
    expect((await h.call("POST", API, remote("table.example.com", "v2"))).status).toBe(201);
    const r = await h.call("GET", API, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    expect(r.body.columnDefinitions.map((c: any) => [c.name, c.type])).toEqual([
      ["Name", "string"],
      ["Service", "string"],
      ["Available", "string"],
      ["Age", "string"],
    ]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.object.metadata.name, row.cells.slice(0, 3)]));
    expect(rows["v1.table.example.com"]).toEqual(["v1.table.example.com", "Local", "True"]);
    // the availability of one naming a Service is set in the background: not yet, or not found
    expect(rows["v2.table.example.com"].slice(0, 2)).toEqual(["v2.table.example.com", "widgets/widget-api"]);
    expect(rows["v2.table.example.com"][2]).toMatch(/^(Unknown|False \(\w+\))$/);

    const one = await h.call("GET", `${API}/v1.table.example.com`, undefined, TABLE);
    expect(one.body.rows).toHaveLength(1);
    expect(one.body.rows[0].cells.slice(0, 3)).toEqual(["v1.table.example.com", "Local", "True"]);
  });
});
