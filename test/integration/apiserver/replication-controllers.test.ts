import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/** core/v1 ReplicationControllers over the API: catalog, defaults, validation, subresources, printing. */

let h: Harness;
const RCS = "/api/v1/namespaces/rc/replicationcontrollers";
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "rc" } });
});
afterAll(() => h.stop());

/** An RC with neither selector nor object labels: both default to the template's labels. */
function rc(name: string, labels: Record<string, string> = { app: name }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name },
    spec: { template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } }, ...extra },
  };
}

const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };

describe("discovery", () => {
  test("/api/v1 lists replicationcontrollers with shortName rc, category all, status and scale", async () => {
    const v1 = await h.call("GET", "/api/v1");
    const find = (name: string) => v1.body.resources.find((r: any) => r.name === name);
    expect(find("replicationcontrollers")).toMatchObject({
      singularName: "replicationcontroller",
      namespaced: true,
      kind: "ReplicationController",
      shortNames: ["rc"],
      categories: ["all"],
    });
    expect([...find("replicationcontrollers").verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    expect(find("replicationcontrollers/status")).toMatchObject({ kind: "ReplicationController", verbs: ["get", "patch", "update"] });
    expect(find("replicationcontrollers/scale")).toMatchObject({ group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] });
  });

  test("OpenAPI v3 for api/v1 carries the schema and the scale path", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["api/v1"].serverRelativeURL)).json()) as any;
    expect(doc.components.schemas["io.k8s.api.core.v1.ReplicationController"]).toBeDefined();
    expect(doc.components.schemas["io.k8s.api.core.v1.ReplicationControllerSpec"].properties.selector).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
    expect(doc.paths["/api/v1/namespaces/{namespace}/replicationcontrollers/{name}/scale"]).toBeDefined();
  });
});

describe("create, read, validate", () => {
  test("create defaults the selector, labels and replicas from the template; status is ignored", async () => {
    const r = await h.call("POST", RCS, { ...rc("web"), status: { replicas: 9 } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ apiVersion: "v1", kind: "ReplicationController", metadata: { name: "web", namespace: "rc", labels: { app: "web" }, generation: 1 } });
    expect(r.body.spec).toMatchObject({ replicas: 1, selector: { app: "web" }, template: { spec: { restartPolicy: "Always", dnsPolicy: "ClusterFirst" } } });
    expect(r.body.status?.replicas ?? 0).toBe(0);
  });

  test("get and list", async () => {
    const g = await h.call("GET", `${RCS}/web`);
    expect(g.status).toBe(200);
    expect(g.body.spec.selector).toEqual({ app: "web" });
    const l = await h.call("GET", RCS);
    expect(l.body).toMatchObject({ kind: "ReplicationControllerList", apiVersion: "v1" });
    expect(l.body.items.map((i: any) => i.metadata.name)).toEqual(["web"]);
  });

  test("a selector that does not match the template is 422 with upstream's message", async () => {
    const r = await h.call("POST", RCS, rc("bad", { app: "bad" }, { selector: { app: "other" } }));
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe("Invalid");
    expect(r.body.message).toBe(
      'ReplicationController "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"bad"}: `selector` does not match template `labels`',
    );
    expect(r.body.details).toMatchObject({ name: "bad", kind: "ReplicationController", causes: [{ reason: "FieldValueInvalid", field: "spec.template.metadata.labels" }] });
    expect((await h.call("GET", `${RCS}/bad`)).status).toBe(404);
  });

  test("a template without labels leaves the selector empty: 422 Required", async () => {
    const r = await h.call("POST", RCS, { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "nolabels" }, spec: { template: { spec: { containers: [{ name: "c", image: "x" }] } } } });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('ReplicationController "nolabels" is invalid: spec.selector: Required value');
  });

  test("field selector status.replicas is supported; others are rejected as upstream", async () => {
    const l = await h.call("GET", `${RCS}?fieldSelector=status.replicas=0`);
    expect(l.status).toBe(200);
    expect(l.body.items.map((i: any) => i.metadata.name)).toEqual(["web"]);
    const bad = await h.call("GET", `${RCS}?fieldSelector=spec.replicas=1`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("field label not supported: spec.replicas");
  });
});

describe("generation, status and scale", () => {
  test("spec changes bump generation; label changes do not; the selector may change", async () => {
    const cur = (await h.call("GET", `${RCS}/web`)).body;
    const labelled = await h.call("PUT", `${RCS}/web`, { ...cur, metadata: { ...cur.metadata, labels: { app: "web", x: "y" } } });
    expect(labelled.status).toBe(200);
    expect(labelled.body.metadata.generation).toBe(1);
    const scaled = await h.call("PUT", `${RCS}/web`, { ...labelled.body, spec: { ...labelled.body.spec, replicas: 2 } });
    expect(scaled.body.metadata.generation).toBe(2);
    const t = scaled.body.spec.template;
    const reselected = await h.call("PUT", `${RCS}/web`, {
      ...scaled.body,
      spec: { ...scaled.body.spec, selector: { app: "web", tier: "fe" }, template: { ...t, metadata: { labels: { app: "web", tier: "fe" } } } },
    });
    expect(reselected.status).toBe(200);
    expect(reselected.body.metadata.generation).toBe(3);
  });

  test("/status changes only status; the main resource ignores status", async () => {
    const cur = (await h.call("GET", `${RCS}/web`)).body;
    const st = await h.call("PUT", `${RCS}/web/status`, {
      ...cur,
      spec: { ...cur.spec, replicas: 100 },
      status: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3 },
    });
    expect(st.status).toBe(200);
    expect(st.body.status).toMatchObject({ replicas: 2, readyReplicas: 1, observedGeneration: 3 });
    expect(st.body.spec.replicas).toBe(2);
    expect(st.body.metadata.generation).toBe(3);
    const main = await h.call("PUT", `${RCS}/web`, { ...st.body, status: { replicas: 0 } });
    expect(main.body.status.replicas).toBe(2);
    expect(main.body.metadata.generation).toBe(3);
  });

  test("an inconsistent status is 422", async () => {
    const cur = (await h.call("GET", `${RCS}/web`)).body;
    const r = await h.call("PUT", `${RCS}/web/status`, { ...cur, status: { replicas: 1, readyReplicas: 2, availableReplicas: 1 } });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('ReplicationController "web" is invalid: status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas');
  });

  test("the scale subresource reads and writes replicas; the selector map prints as a label selector", async () => {
    const s = await h.call("GET", `${RCS}/web/scale`);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name: "web", namespace: "rc" }, spec: { replicas: 2 }, status: { replicas: 2, selector: "app=web,tier=fe" } });
    const put = await h.call("PUT", `${RCS}/web/scale`, { ...s.body, spec: { replicas: 5 } });
    expect(put.status).toBe(200);
    expect(put.body.spec.replicas).toBe(5);
    const patched = await h.req(`${RCS}/web/scale`, { method: "PATCH", body: JSON.stringify({ spec: { replicas: 6 } }), headers: { "content-type": "application/merge-patch+json" } });
    expect(((await patched.json()) as any).spec.replicas).toBe(6);
    const after = (await h.call("GET", `${RCS}/web`)).body;
    expect(after.spec.replicas).toBe(6);
    expect(after.metadata.generation).toBe(5);
    const neg = await h.call("PUT", `${RCS}/web/scale`, { kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name: "web" }, spec: { replicas: -1 } });
    expect(neg.status).toBe(422);
    expect(neg.body.message).toBe('Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });
});

describe("patch and apply", () => {
  const patch = (path: string, type: string, body: unknown, query = "") =>
    h.req(path + query, { method: "PATCH", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": type } }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  test("server-side apply creates an RC and owns its selector", async () => {
    const r = await patch(`${RCS}/applied`, "application/apply-patch+yaml", { ...rc("applied"), spec: { ...(rc("applied").spec as object), selector: { app: "applied" }, replicas: 2 } }, "?fieldManager=alice");
    expect(r.status).toBe(201);
    expect(r.body.spec).toMatchObject({ replicas: 2, selector: { app: "applied" } });
    const owned = r.body.metadata.managedFields.find((m: any) => m.manager === "alice");
    expect(owned.fieldsV1["f:spec"]["f:selector"]).toBeDefined();
  });

  test("a strategic merge patch (kubectl's client-side apply) changes replicas and bumps generation", async () => {
    const r = await patch(`${RCS}/applied`, "application/strategic-merge-patch+json", { spec: { replicas: 3 } });
    expect(r.status).toBe(200);
    expect(r.body.spec.replicas).toBe(3);
    expect(r.body.metadata.generation).toBe(2);
  });
});

describe("Table", () => {
  test("upstream's columns, the wide ones at priority 1, the selector as labels", async () => {
    await h.call("POST", RCS, rc("second", { app: "second" }, { replicas: 0 }));
    const r = await h.call("GET", RCS, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    const cols = r.body.columnDefinitions.map((c: any) => [c.name, c.type, c.priority ?? 0]);
    expect(cols).toEqual([
      ["Name", "string", 0],
      ["Desired", "integer", 0],
      ["Current", "integer", 0],
      ["Ready", "integer", 0],
      ["Age", "string", 0],
      ["Containers", "string", 1],
      ["Images", "string", 1],
      ["Selector", "string", 1],
    ]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.cells[0], row.cells]));
    expect(rows["web"]).toEqual(["web", 6, 2, 1, expect.any(String), "c", "nginx:1.27", "app=web,tier=fe"]);
    expect(rows["second"]).toEqual(["second", 0, 0, 0, expect.any(String), "c", "nginx:1.27", "app=second"]);
  });
});
