import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/**
 * storage.k8s.io/v1 StorageClasses over the API: discovery and OpenAPI, CRUD with upstream's
 * defaults, upstream's validation answers (422 with field causes), the immutable fields and
 * Table printing. No provisioner acts on them: they are stored and served, so charts that
 * ship a StorageClass install.
 */

let h: Harness;
const GV = "/apis/storage.k8s.io/v1";
const CLASSES = `${GV}/storageclasses`;
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
const MERGE = { "content-type": "application/merge-patch+json" };
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

function storageClass(name: string, fields: Record<string, unknown> = {}, annotations?: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name, ...(annotations ? { annotations } : {}) },
    provisioner: "ebs.csi.aws.com",
    ...fields,
  };
}

describe("discovery and OpenAPI", () => {
  test("/apis lists storage.k8s.io/v1", async () => {
    const apis = await h.call("GET", "/apis");
    expect(apis.body.groups.find((g: any) => g.name === "storage.k8s.io")).toEqual({
      name: "storage.k8s.io",
      versions: [{ groupVersion: "storage.k8s.io/v1", version: "v1" }],
      preferredVersion: { groupVersion: "storage.k8s.io/v1", version: "v1" },
    });
  });

  test("/apis/storage.k8s.io/v1: storageclasses (sc, cluster-scoped)", async () => {
    const r = await h.call("GET", GV);
    expect(r.status).toBe(200);
    expect(r.body.resources.map((x: any) => x.name)).toEqual(["storageclasses"]);
    const sc = r.body.resources[0];
    expect(sc).toMatchObject({ singularName: "storageclass", namespaced: false, kind: "StorageClass", shortNames: ["sc"] });
    expect([...sc.verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
  });

  test("OpenAPI v3 has the schema, provisioner required, atomic topology lists", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["apis/storage.k8s.io/v1"].serverRelativeURL)).json()) as any;
    const schemas = doc.components.schemas;
    const sc = schemas["io.k8s.api.storage.v1.StorageClass"];
    expect(sc["x-kubernetes-group-version-kind"]).toEqual([{ group: "storage.k8s.io", kind: "StorageClass", version: "v1" }]);
    expect(sc.required).toEqual(["provisioner"]);
    expect(sc.properties.allowedTopologies["x-kubernetes-list-type"]).toBe("atomic");
    expect(sc.properties.mountOptions["x-kubernetes-list-type"]).toBe("atomic");
    expect(schemas["io.k8s.api.core.v1.TopologySelectorTerm"]["x-kubernetes-map-type"]).toBe("atomic");
    expect(schemas["io.k8s.api.core.v1.TopologySelectorLabelRequirement"].required).toEqual(["key", "values"]);
    expect(doc.paths["/apis/storage.k8s.io/v1/storageclasses/{name}"]).toBeDefined();
  });
});

describe("CRUD", () => {
  test("create fills upstream's defaults; get, list, update, delete", async () => {
    const created = await h.call("POST", CLASSES, storageClass("gp3", { parameters: { type: "gp3" }, mountOptions: ["debug"] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "gp3" },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3" },
      reclaimPolicy: "Delete",
      volumeBindingMode: "Immediate",
      mountOptions: ["debug"],
    });
    // cluster-scoped, and no generation (upstream's strategy keeps none)
    expect(created.body.metadata.namespace).toBeUndefined();
    expect(created.body.metadata.generation).toBeUndefined();

    expect((await h.call("GET", `${CLASSES}/gp3`)).body.provisioner).toBe("ebs.csi.aws.com");
    const list = await h.call("GET", CLASSES);
    expect(list.body).toMatchObject({ apiVersion: "storage.k8s.io/v1", kind: "StorageClassList" });
    expect(list.body.items.map((i: any) => i.metadata.name)).toContain("gp3");

    // mutable fields change
    const body = (await h.call("GET", `${CLASSES}/gp3`)).body;
    body.allowVolumeExpansion = true;
    body.mountOptions = ["debug", "noatime"];
    body.metadata.labels = { tier: "fast" };
    const updated = await h.call("PUT", `${CLASSES}/gp3`, body);
    expect(updated.status).toBe(200);
    expect(updated.body.allowVolumeExpansion).toBe(true);
    expect(updated.body.mountOptions).toEqual(["debug", "noatime"]);

    expect((await h.call("DELETE", `${CLASSES}/gp3`)).status).toBe(200);
    expect((await h.call("GET", `${CLASSES}/gp3`)).status).toBe(404);
  });

  test("explicit values are kept; topologies are stored as given", async () => {
    const topo = [{ matchLabelExpressions: [{ key: "topology.kubernetes.io/zone", values: ["us-east-1a", "us-east-1b"] }] }];
    const r = await h.call("POST", CLASSES, storageClass("retained", { reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer", allowedTopologies: topo }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer", allowedTopologies: topo });
  });
});

describe("validation answers 422 with upstream's messages", () => {
  const invalid = async (name: string, fields: Record<string, unknown>) => {
    const r = await h.call("POST", CLASSES, storageClass(name, fields));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ kind: "Status", reason: "Invalid", details: { name, group: "storage.k8s.io", kind: "StorageClass" } });
    return r.body;
  };

  test("the provisioner is required", async () => {
    const body = await invalid("no-prov", { provisioner: "" });
    expect(body.message).toBe('StorageClass.storage.k8s.io "no-prov" is invalid: provisioner: Required value');
    expect(body.details.causes).toEqual([{ reason: "FieldValueRequired", message: "Required value", field: "provisioner" }]);
  });

  test("the provisioner must be a qualified name (checked lower-cased)", async () => {
    const body = await invalid("bad-prov", { provisioner: "Example.COM/Bad Provisioner" });
    expect(body.details.causes).toEqual([
      {
        reason: "FieldValueInvalid",
        message:
          "Invalid value: \"example.com/bad provisioner\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        field: "provisioner",
      },
    ]);
    // upper case is fine: only the lower-cased name is checked
    expect((await h.call("POST", CLASSES, storageClass("upper-prov", { provisioner: "Example.COM/CSI" }))).status).toBe(201);
  });

  test("reclaimPolicy and volumeBindingMode", async () => {
    const body = await invalid("bad-modes", { reclaimPolicy: "Recycle", volumeBindingMode: "Later" });
    expect(body.message).toBe(
      'StorageClass.storage.k8s.io "bad-modes" is invalid: [reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain", volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"]',
    );
    expect(body.details.causes.map((c: any) => [c.reason, c.field])).toEqual([
      ["FieldValueNotSupported", "reclaimPolicy"],
      ["FieldValueNotSupported", "volumeBindingMode"],
    ]);
  });

  test("parameters: no empty key", async () => {
    const body = await invalid("empty-key", { parameters: { "": "x" } });
    expect(body.message).toBe('StorageClass.storage.k8s.io "empty-key" is invalid: parameters: Invalid value: "": field can not be empty.');
  });

  test("allowedTopologies: values required and distinct, keys label names, no duplicate terms", async () => {
    const zone = (values: string[], key = "topology.kubernetes.io/zone") => ({ key, values });
    const body = await invalid("bad-topo", {
      allowedTopologies: [
        { matchLabelExpressions: [zone(["a", "a"]), zone([], "bad key!")] },
        { matchLabelExpressions: [zone(["b"])] },
        { matchLabelExpressions: [zone(["b"])] },
      ],
    });
    expect(body.details.causes.map((c: any) => [c.reason, c.field])).toEqual([
      ["FieldValueDuplicate", "allowedTopologies[0].matchLabelExpressions[0].values[1]"],
      ["FieldValueRequired", "allowedTopologies[0].matchLabelExpressions[1].values"],
      ["FieldValueInvalid", "allowedTopologies[0].matchLabelExpressions[1].key"],
      ["FieldValueDuplicate", "allowedTopologies[2].matchLabelExpressions"],
    ]);
  });

  test("a name that is not a DNS subdomain", async () => {
    const r = await h.call("POST", CLASSES, storageClass("Fast_SSD"));
    expect(r.status).toBe(422);
    expect(r.body.details.causes.map((c: any) => c.field)).toEqual(["metadata.name"]);
  });
});

describe("immutable fields", () => {
  test("provisioner, parameters, reclaimPolicy and volumeBindingMode cannot change", async () => {
    expect((await h.call("POST", CLASSES, storageClass("fixed", { parameters: { type: "gp3" } }))).status).toBe(201);
    const body = (await h.call("GET", `${CLASSES}/fixed`)).body;
    const changed = structuredClone(body);
    changed.provisioner = "pd.csi.storage.gke.io";
    changed.parameters = { type: "pd-ssd" };
    changed.reclaimPolicy = "Retain";
    changed.volumeBindingMode = "WaitForFirstConsumer";
    const r = await h.call("PUT", `${CLASSES}/fixed`, changed);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'StorageClass.storage.k8s.io "fixed" is invalid: [parameters: Forbidden: updates to parameters are forbidden., provisioner: Forbidden: updates to provisioner are forbidden., reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden., volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable]',
    );
    expect(r.body.details.causes).toEqual([
      { reason: "FieldValueForbidden", message: "Forbidden: updates to parameters are forbidden.", field: "parameters" },
      { reason: "FieldValueForbidden", message: "Forbidden: updates to provisioner are forbidden.", field: "provisioner" },
      { reason: "FieldValueForbidden", message: "Forbidden: updates to reclaimPolicy are forbidden.", field: "reclaimPolicy" },
      { reason: "FieldValueInvalid", message: 'Invalid value: "WaitForFirstConsumer": field is immutable', field: "volumeBindingMode" },
    ]);

    // a merge patch is refused the same way, and nothing changed
    const p = await h.call("PATCH", `${CLASSES}/fixed`, { parameters: { extra: "1" } }, MERGE);
    expect(p.status).toBe(422);
    expect(p.body.details.causes).toEqual([{ reason: "FieldValueForbidden", message: "Forbidden: updates to parameters are forbidden.", field: "parameters" }]);
    const after = (await h.call("GET", `${CLASSES}/fixed`)).body;
    expect(after).toMatchObject({ provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" }, reclaimPolicy: "Delete", volumeBindingMode: "Immediate" });

    // the default annotation may change
    const ok = await h.call("PATCH", `${CLASSES}/fixed`, { metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } }, MERGE);
    expect(ok.status).toBe(200);
  });
});

describe("Table output", () => {
  test("NAME (default marked), PROVISIONER, RECLAIMPOLICY, VOLUMEBINDINGMODE, ALLOWVOLUMEEXPANSION, AGE", async () => {
    await h.call("POST", CLASSES, storageClass("standard", {}, { "storageclass.kubernetes.io/is-default-class": "true" }));
    await h.call("POST", CLASSES, storageClass("beta-default", {}, { "storageclass.beta.kubernetes.io/is-default-class": "true" }));
    await h.call("POST", CLASSES, storageClass("not-default", { allowVolumeExpansion: true, reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer" }, { "storageclass.kubernetes.io/is-default-class": "True" }));
    const r = await h.call("GET", CLASSES, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    expect(r.body.columnDefinitions.map((c: any) => [c.name, c.priority])).toEqual([
      ["Name", 0],
      ["Provisioner", 0],
      ["ReclaimPolicy", 0],
      ["VolumeBindingMode", 0],
      ["AllowVolumeExpansion", 0],
      ["Age", 0],
    ]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.object.metadata.name, row.cells.slice(0, 5)]));
    expect(rows["standard"]).toEqual(["standard (default)", "ebs.csi.aws.com", "Delete", "Immediate", false]);
    expect(rows["beta-default"]).toEqual(["beta-default (default)", "ebs.csi.aws.com", "Delete", "Immediate", false]);
    // only exactly "true" marks the default
    expect(rows["not-default"]).toEqual(["not-default", "ebs.csi.aws.com", "Retain", "WaitForFirstConsumer", true]);

    const one = await h.call("GET", `${CLASSES}/standard`, undefined, TABLE);
    expect(one.body.rows).toHaveLength(1);
    expect(one.body.rows[0].cells[0]).toBe("standard (default)");
  });
});
