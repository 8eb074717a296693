import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configMap, deployment, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "crud" } });
});
afterAll(() => h.stop());

const CMS = "/api/v1/namespaces/crud/configmaps";

describe("many requests at once", () => {
  // the apiserver handles the requests of an event-loop turn together (transport/turn-batch.ts)
  test("each of 200 concurrent writes and reads over HTTPS gets its own answer", async () => {
    const names = Array.from({ length: 200 }, (_, i) => `many-${i}`);
    const made = await Promise.all(names.map((n) => h.call("POST", CMS, configMap(n, { n }))));
    expect(made.map((r) => [r.status, r.body.metadata?.name, r.body.data?.n])).toEqual(names.map((n) => [201, n, n]));
    const merge = { "content-type": "application/merge-patch+json" };
    const mixed = await Promise.all(names.map((n, i) => (i % 2 ? h.call("GET", `${CMS}/${n}`) : h.call("PATCH", `${CMS}/${n}`, { data: { n: `${n}!` } }, merge))));
    expect(mixed.map((r) => [r.status, r.body.data?.n])).toEqual(names.map((n, i) => [200, i % 2 ? n : `${n}!`]));
    const gone = await Promise.all(names.map((n) => h.call("DELETE", `${CMS}/${n}`)));
    expect(gone.map((r) => [r.status, r.body.details?.name])).toEqual(names.map((n) => [200, n]));
    const left = await h.call("GET", CMS);
    expect(left.body.items.filter((i: any) => i.metadata.name.startsWith("many-"))).toEqual([]);
  });
});

describe("create", () => {
  test("answers 201 with server-set metadata", async () => {
    const r = await h.call("POST", CMS, configMap("a", { k: "v" }));
    expect(r.status).toBe(201);
    expect(r.headers.get("content-type")).toBe("application/json");
    const m = r.body.metadata;
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
    expect(m.namespace).toBe("crud");
    expect(m.managedFields?.[0]).toMatchObject({ operation: "Update", fieldsType: "FieldsV1" });
  });

  test("an object with no fields a manager owns has no managedFields (not an empty list)", async () => {
    const r = await h.call("POST", CMS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bare" } });
    expect(r.status).toBe(201);
    expect(Object.hasOwn(r.body.metadata, "managedFields")).toBe(false);
    const applied = await h.call("PATCH", `${CMS}/bare-applied?fieldManager=tester`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bare-applied" } }, { "content-type": "application/apply-patch+yaml" });
    expect(applied.status).toBe(201);
    expect(Object.hasOwn(applied.body.metadata, "managedFields")).toBe(false);
  });

  test("a namespace is always labelled kubernetes.io/metadata.name with its name, as upstream", async () => {
    const made = await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { generateName: "lbl-", labels: { team: "a", "kubernetes.io/metadata.name": "wrong" } } });
    expect(made.status).toBe(201);
    const name = made.body.metadata.name as string;
    expect(made.body.metadata.labels).toEqual({ team: "a", "kubernetes.io/metadata.name": name });
    const put = await h.call("PUT", `/api/v1/namespaces/${name}`, { ...made.body, metadata: { ...made.body.metadata, labels: { team: "b" } } });
    expect(put.status).toBe(200);
    expect(put.body.metadata.labels).toEqual({ team: "b", "kubernetes.io/metadata.name": name });
    const patched = await h.req(`/api/v1/namespaces/${name}`, { method: "PATCH", headers: { "content-type": "application/merge-patch+json" }, body: JSON.stringify({ metadata: { labels: { "kubernetes.io/metadata.name": null } } }) });
    expect(((await patched.json()) as any).metadata.labels["kubernetes.io/metadata.name"]).toBe(name);
  });

  test("a second create is 409 AlreadyExists with upstream's message", async () => {
    const r = await h.call("POST", CMS, configMap("a"));
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ reason: "AlreadyExists", message: 'configmaps "a" already exists', details: { name: "a", kind: "configmaps" } });
  });

  test("generateName appends five random characters", async () => {
    const r = await h.call("POST", CMS, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } });
    expect(r.status).toBe(201);
    expect(r.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test("a body naming another namespace is 400", async () => {
    const r = await h.call("POST", CMS, { ...configMap("b"), metadata: { name: "b", namespace: "other" } });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe("the namespace of the provided object does not match the namespace sent on the request");
  });

  test("a missing name is 422 Invalid with a cause", async () => {
    const r = await h.call("POST", CMS, { apiVersion: "v1", kind: "ConfigMap", metadata: {} });
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe("Invalid");
    expect(r.body.details.causes[0]).toMatchObject({ field: "metadata.name" });
  });

  test("invalid names are rejected with upstream's message", async () => {
    const r = await h.call("POST", CMS, configMap("Bad_Name"));
    expect(r.status).toBe(422);
    expect(r.body.message).toStartWith('ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"');
  });

  test("creates in a namespace that does not exist are 404", async () => {
    const r = await h.call("POST", "/api/v1/namespaces/nowhere/configmaps", configMap("x"));
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('namespaces "nowhere" not found');
  });

  test("dryRun=All validates without persisting", async () => {
    const r = await h.call("POST", `${CMS}?dryRun=All`, configMap("dry"));
    expect(r.status).toBe(201);
    const g = await h.call("GET", `${CMS}/dry`);
    expect(g.status).toBe(404);
  });

  test("a dry-run update answers the would-be object at the current version, storing nothing", async () => {
    const cur = (await h.call("POST", CMS, configMap("dryup", { a: "1" }))).body;
    const r = await h.call("PUT", `${CMS}/dryup?dryRun=All`, { ...cur, data: { a: "2" } });
    expect(r.status).toBe(200);
    expect(r.body.data.a).toBe("2");
    expect(r.body.metadata.resourceVersion).toBe(cur.metadata.resourceVersion);
    expect((await h.call("GET", `${CMS}/dryup`)).body.data.a).toBe("1");
  });

  test("malformed JSON is 400; unknown media types are 415", async () => {
    const r = await h.call("POST", CMS, "{not json");
    expect(r.status).toBe(400);
    const t = await h.req(CMS, { method: "POST", body: "x", headers: { "content-type": "text/plain" } });
    expect(t.status).toBe(415);
    expect(t.headers.get("content-type")).toBe("application/json");
  });

  test("bodies over 3 MiB are 413", async () => {
    const big = configMap("big", { x: "a".repeat(3 * 1024 * 1024 + 10) });
    const r = await h.call("POST", CMS, big);
    expect(r.status).toBe(413);
    expect(r.body.reason).toBe("RequestEntityTooLarge");
  });

  test("documents nested deeper than 10,000 levels are 400 for every body type, and nothing is stored", async () => {
    const deep = (d: number) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":{"x":${"[".repeat(d)}${"]".repeat(d)}}}`;
    const tooDeep = deep(10_001);
    const bodies: [string, string, string][] = [
      ["POST", CMS, "application/json"],
      ["POST", CMS, "application/yaml"],
      ["PUT", `${CMS}/deep`, "application/json"],
      ["PATCH", `${CMS}/deep?fieldManager=t`, "application/apply-patch+yaml"],
    ];
    for (const [method, path, type] of bodies) {
      const r = await h.call(method, path, tooDeep, { "content-type": type });
      expect(r.status).toBe(400);
      expect(r.body.message).toEndWith("exceeded max depth");
    }
    const flowYaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: ${"[".repeat(10_001)}${"]".repeat(10_001)}}\n`;
    expect((await h.call("POST", CMS, flowYaml, { "content-type": "application/yaml" })).status).toBe(400);
    expect((await h.call("POST", CMS, configMap("deep", { a: "1" }))).status).toBe(201);
    for (const type of ["application/merge-patch+json", "application/strategic-merge-patch+json"]) {
      const r = await h.call("PATCH", `${CMS}/deep`, `{"data":{"x":${"[".repeat(10_001)}${"]".repeat(10_001)}}}`, { "content-type": type });
      expect(r.status).toBe(400);
      expect(r.body.message).toBe("error decoding patch: exceeded max depth");
    }
    // within the limit the document is decoded and refused for its type, not for its depth
    const typed = await h.call("POST", CMS, deep(9_000), { "content-type": "application/json" });
    expect(typed.status).toBe(400);
    expect(typed.body.message).not.toContain("depth");
    expect((await h.call("GET", `${CMS}/deep`)).body.data).toEqual({ a: "1" });
  });

  test("YAML bodies are accepted", async () => {
    const r = await h.call("POST", CMS, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: b\n", { "content-type": "application/yaml" });
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({ a: "b" });
  });
});

describe("field validation", () => {
  test("Strict rejects unknown fields with upstream's message", async () => {
    const r = await h.call("POST", `${CMS}?fieldValidation=Strict`, { ...configMap("strict"), spec: { foo: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"');
  });

  test("Warn stores the object without the field and says so in a Warning header", async () => {
    const r = await h.call("POST", `${CMS}?fieldValidation=Warn`, { ...configMap("warn"), bogus: true });
    expect(r.status).toBe(201);
    expect(r.headers.get("warning")).toBe('299 - "unknown field \\"bogus\\""');
    expect(r.body.bogus).toBeUndefined();
  });

  test("wrong JSON types are 400 regardless of fieldValidation", async () => {
    const d = deployment("typed");
    (d.spec as Record<string, unknown>).replicas = "three";
    const r = await h.call("POST", "/apis/apps/v1/namespaces/crud/deployments?fieldValidation=Ignore", d);
    expect(r.status).toBe(400);
    expect(r.body.message).toContain("cannot unmarshal string");
  });
});

describe("read, update, delete", () => {
  test("get and 404 with upstream's message", async () => {
    expect((await h.call("GET", `${CMS}/a`)).body.data).toEqual({ k: "v" });
    const r = await h.call("GET", `${CMS}/missing`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ kind: "Status", reason: "NotFound", message: 'configmaps "missing" not found', code: 404 });
  });

  test("grouped resources name their group in messages", async () => {
    const r = await h.call("GET", "/apis/apps/v1/namespaces/crud/deployments/web");
    expect(r.body.message).toBe('deployments.apps "web" not found');
    expect(r.body.details.group).toBe("apps");
  });

  test("update with a stale resourceVersion is 409 Conflict", async () => {
    const cur = (await h.call("GET", `${CMS}/a`)).body;
    const ok = await h.call("PUT", `${CMS}/a`, { ...cur, data: { k: "v2" } });
    expect(ok.status).toBe(200);
    expect(Number(ok.body.metadata.resourceVersion)).toBeGreaterThan(Number(cur.metadata.resourceVersion));
    const stale = await h.call("PUT", `${CMS}/a`, { ...cur, data: { k: "v3" } });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe('Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again');
  });

  test("an update without resourceVersion is unconditional; a no-op keeps the version", async () => {
    const r1 = await h.call("PUT", `${CMS}/a`, configMap("a", { k: "v4" }));
    expect(r1.status).toBe(200);
    const r2 = await h.call("PUT", `${CMS}/a`, configMap("a", { k: "v4" }));
    expect(r2.body.metadata.resourceVersion).toBe(r1.body.metadata.resourceVersion);
  });

  test("a URL/body name mismatch is 400", async () => {
    const r = await h.call("PUT", `${CMS}/a`, configMap("zzz"));
    expect(r.status).toBe(400);
    expect(r.body.message).toBe("the name of the object (zzz) does not match the name on the URL (a)");
  });

  test("PUT of a missing object is 404 unless the kind allows create on update", async () => {
    expect((await h.call("PUT", `${CMS}/nope`, configMap("nope"))).status).toBe(404);
    const lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "l1" }, spec: { holderIdentity: "me" } };
    const r = await h.call("PUT", "/apis/coordination.k8s.io/v1/namespaces/crud/leases/l1", lease);
    expect(r.status).toBe(201);
  });

  test("delete answers a success Status; then 404", async () => {
    const r = await h.call("DELETE", `${CMS}/a`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: "Status", status: "Success", details: { name: "a", kind: "configmaps" } });
    expect((await h.call("DELETE", `${CMS}/a`)).status).toBe(404);
  });

  test("delete preconditions that do not hold are 409", async () => {
    await h.call("POST", CMS, configMap("pre"));
    const r = await h.call("DELETE", `${CMS}/pre`, { preconditions: { uid: "not-the-uid" } });
    expect(r.status).toBe(409);
    expect(r.body.message).toStartWith('Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: not-the-uid');
  });

  test("deletecollection removes what the selector picks", async () => {
    for (const n of ["dc1", "dc2", "dc3"]) await h.call("POST", CMS, configMap(n, {}, { batch: n === "dc3" ? "keep" : "drop" }));
    const r = await h.call("DELETE", `${CMS}?labelSelector=batch%3Ddrop`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: any) => i.metadata.name).sort()).toEqual(["dc1", "dc2"]);
    // a typed list, as LIST answers it: kind and apiVersion once, on the list
    expect(r.body.kind).toBe("ConfigMapList");
    expect(r.body.apiVersion).toBe("v1");
    for (const item of r.body.items) {
      expect(item.kind).toBeUndefined();
      expect(item.apiVersion).toBeUndefined();
      expect(item.metadata.uid).toBeDefined();
    }
    const left = await h.call("GET", `${CMS}?labelSelector=batch`);
    expect(left.body.items.map((i: any) => i.metadata.name)).toEqual(["dc3"]);
  });

  test("unknown paths are 404 Status; unsupported verbs 405", async () => {
    const r = await h.call("GET", "/api/v1/namespaces/crud/widgets");
    expect(r.status).toBe(404);
    expect(r.body.message).toBe("the server could not find the requested resource");
    const v = await h.call("GET", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
    expect(v.status).toBe(405);
  });
});
