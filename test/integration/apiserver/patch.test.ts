import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configMap, deployment, pod, startHarness, type Harness } from "./harness.ts";

let h: Harness;
const DEPLOYS = "/apis/apps/v1/namespaces/p/deployments";
const CMS = "/api/v1/namespaces/p/configmaps";
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "p" } });
  await h.call("POST", DEPLOYS, deployment("web", 1));
  await h.call("POST", CMS, configMap("c", { a: "1" }));
});
afterAll(() => h.stop());

async function patch(path: string, type: string, body: unknown, query = "") {
  const res = await h.req(path + query, { method: "PATCH", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": type } });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

describe("patch", () => {
  test("strategic merge patch merges containers by name", async () => {
    const r = await patch(`${DEPLOYS}/web`, "application/strategic-merge-patch+json", { spec: { template: { spec: { containers: [{ name: "side", image: "busybox" }] } } } });
    expect(r.status).toBe(200);
    expect(r.body.spec.template.spec.containers.map((c: any) => c.name)).toEqual(["side", "c"]);
    expect(r.body.metadata.generation).toBe(2);
  });

  test("a patch or update that leaves a map or list empty stores none, as upstream", async () => {
    await h.call("POST", CMS, configMap("emptied", { a: "1" }, { only: "label" }));
    const merge = await patch(`${CMS}/emptied`, "application/merge-patch+json", { metadata: { labels: { only: null }, annotations: {} }, data: { a: null } });
    expect(merge.status).toBe(200);
    expect(merge.body.metadata.labels).toBeUndefined();
    expect(merge.body.metadata.annotations).toBeUndefined();
    expect(merge.body.data).toBeUndefined();
    const json = await patch(`${CMS}/emptied`, "application/json-patch+json", [{ op: "add", path: "/metadata/finalizers", value: [] }]);
    expect(json.status).toBe(200);
    expect(json.body.metadata.finalizers).toBeUndefined();
    const put = await h.call("PUT", `${CMS}/emptied`, { ...json.body, metadata: { ...json.body.metadata, ownerReferences: [], labels: {} }, binaryData: {} });
    expect(put.status).toBe(200);
    // every field its managers owned is gone, so no manager is left: managedFields is omitted (upstream encodes nil)
    expect(Object.keys(put.body.metadata).sort()).toEqual(["creationTimestamp", "name", "namespace", "resourceVersion", "uid"]);
    expect(put.body.binaryData).toBeUndefined();
    expect((await h.call("GET", `${CMS}/emptied`)).body).toEqual(put.body);
  });

  test("merge patch replaces lists and deletes with null", async () => {
    const r = await patch(`${CMS}/c`, "application/merge-patch+json", { data: { a: null, b: "2" } });
    expect(r.body.data).toEqual({ b: "2" });
  });

  test("JSON patch; a failing test operation is 422", async () => {
    const r = await patch(`${CMS}/c`, "application/json-patch+json", [{ op: "add", path: "/data/c", value: "3" }]);
    expect(r.body.data).toEqual({ b: "2", c: "3" });
    const bad = await patch(`${CMS}/c`, "application/json-patch+json", [{ op: "test", path: "/data/c", value: "nope" }]);
    expect(bad.status).toBe(422);
  });

  test("a patch naming a stale resourceVersion is 409", async () => {
    const r = await patch(`${CMS}/c`, "application/merge-patch+json", { metadata: { resourceVersion: "1" }, data: { z: "z" } });
    expect(r.status).toBe(409);
  });

  test("patches of missing objects are 404; unknown patch types 415", async () => {
    expect((await patch(`${CMS}/missing`, "application/merge-patch+json", { data: {} })).status).toBe(404);
    const r = await patch(`${CMS}/c`, "application/xml", "<x/>");
    expect(r.status).toBe(415);
    expect(r.body.message).toStartWith("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
  });

  test("strict field validation applies to the patched object", async () => {
    const r = await patch(`${CMS}/c`, "application/merge-patch+json", { bogus: 1 }, "?fieldValidation=Strict");
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('strict decoding error: unknown field "bogus"');
  });

  test("patching /status changes only status", async () => {
    const r = await patch(`${DEPLOYS}/web/status`, "application/merge-patch+json", { spec: { replicas: 9 }, status: { replicas: 1 } });
    expect(r.body.spec.replicas).toBe(1);
    expect(r.body.status.replicas).toBe(1);
  });
});

describe("managedFields of a create", () => {
  test("record the manager's fields as sent and defaulted, not what admission added", async () => {
    // a default ServiceAccount, so the ServiceAccount plugin adds its token volume and mounts
    await h.call("POST", "/api/v1/namespaces/p/serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
    const created = await h.call("POST", "/api/v1/namespaces/p/pods?fieldManager=kubectl-run", pod("mf", { restartPolicy: "Never" }));
    expect(created.status).toBe(201);
    const spec = created.body.spec;
    // admission did its work: a token volume and its mount, default tolerations, a priority
    expect(spec.volumes[0].name).toStartWith("kube-api-access-");
    expect(spec.containers[0].volumeMounts[0].mountPath).toBe("/var/run/secrets/kubernetes.io/serviceaccount");
    expect(spec.tolerations.map((t: any) => t.key)).toEqual(["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]);
    expect(spec.priority).toBe(0);
    expect(spec.serviceAccountName).toBe("default");
    // none of it is the manager's (upstream's field manager runs before mutating admission)
    const [entry, ...more] = created.body.metadata.managedFields;
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ manager: "kubectl-run", operation: "Update" });
    const fields = entry.fieldsV1["f:spec"];
    expect(Object.keys(fields).sort()).toEqual(["f:containers", "f:dnsPolicy", "f:enableServiceLinks", "f:restartPolicy", "f:schedulerName", "f:securityContext", "f:terminationGracePeriodSeconds"]);
    expect(Object.keys(fields["f:containers"]['k:{"name":"c"}']).sort()).toEqual([".", "f:image", "f:imagePullPolicy", "f:name", "f:terminationMessagePath", "f:terminationMessagePolicy"]);
  });
});

describe("managedFields of writes that fail validation", () => {
  test("a list item without its key is Invalid, as upstream, not an internal error", async () => {
    const created = await h.call("POST", "/api/v1/namespaces/p/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "nameless" }, spec: { containers: [{ image: "busybox" }] } });
    expect(created.status).toBe(422);
    expect(created.body).toMatchObject({ kind: "Status", reason: "Invalid", code: 422 });
    expect(created.body.details.causes).toContainEqual({ reason: "FieldValueRequired", message: "Required value", field: "spec.containers[0].name" });
    const dep = await h.call("GET", `${DEPLOYS}/web`);
    const spec = dep.body.spec.template.spec;
    const updated = await h.call("PUT", `${DEPLOYS}/web`, { ...dep.body, spec: { ...dep.body.spec, template: { ...dep.body.spec.template, spec: { ...spec, containers: [{ image: "busybox" }] } } } });
    expect(updated.status).toBe(422);
    expect(updated.body.details.causes).toContainEqual({ reason: "FieldValueRequired", message: "Required value", field: "spec.template.spec.containers[0].name" });
    // nothing stored changed
    expect((await h.call("GET", `${DEPLOYS}/web`)).body.metadata.resourceVersion).toBe(dep.body.metadata.resourceVersion);
  });
});

describe("server-side apply", () => {
  const applied = (replicas: number, image = "nginx") => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "ssa" },
    spec: { replicas, selector: { matchLabels: { app: "ssa" } }, template: { metadata: { labels: { app: "ssa" } }, spec: { containers: [{ name: "c", image }] } } },
  });

  test("creates a missing object with 201 and records ownership", async () => {
    const r = await patch(`${DEPLOYS}/ssa`, "application/apply-patch+yaml", applied(2), "?fieldManager=alice");
    expect(r.status).toBe(201);
    const entry = r.body.metadata.managedFields.find((m: any) => m.manager === "alice");
    expect(entry).toMatchObject({ operation: "Apply", apiVersion: "apps/v1", fieldsType: "FieldsV1" });
    expect(entry.fieldsV1["f:spec"]["f:replicas"]).toEqual({});
  });

  test("YAML bodies are accepted", async () => {
    const yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ssa\n  template:\n    metadata:\n      labels:\n        app: ssa\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    const r = await patch(`${DEPLOYS}/ssa`, "application/apply-patch+yaml", yaml, "?fieldManager=alice");
    expect(r.status).toBe(200);
  });

  test("another manager changing an owned field conflicts unless forced", async () => {
    const r = await patch(`${DEPLOYS}/ssa`, "application/apply-patch+yaml", applied(5), "?fieldManager=bob");
    expect(r.status).toBe(409);
    expect(r.body.reason).toBe("Conflict");
    expect(r.body.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    expect(r.body.details.causes[0]).toMatchObject({ reason: "FieldManagerConflict", field: ".spec.replicas" });
    const forced = await patch(`${DEPLOYS}/ssa`, "application/apply-patch+yaml", applied(5), "?fieldManager=bob&force=true");
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
  });

  test("fieldManager is required", async () => {
    const r = await patch(`${DEPLOYS}/ssa`, "application/apply-patch+yaml", applied(5));
    expect(r.status).toBe(400);
  });

  test("unknown fields under Strict are 400 naming the field", async () => {
    const body = { ...applied(5), spec: { ...applied(5).spec, bogus: true } };
    const r = await patch(`${DEPLOYS}/ssa`, "application/apply-patch+yaml", body, "?fieldManager=bob&fieldValidation=Strict");
    expect(r.status).toBe(400);
    expect(r.body.message).toContain(".spec.bogus: field not declared in schema");
  });

  test("dryRun apply does not persist", async () => {
    const r = await patch(`${DEPLOYS}/dry`, "application/apply-patch+yaml", { ...applied(1), metadata: { name: "dry" } }, "?fieldManager=x&dryRun=All");
    expect(r.status).toBe(201);
    expect((await h.call("GET", `${DEPLOYS}/dry`)).status).toBe(404);
  });
});
