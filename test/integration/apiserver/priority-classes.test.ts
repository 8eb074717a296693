import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { pod, startHarness, type Harness } from "./harness.ts";

/**
 * scheduling.k8s.io/v1 PriorityClasses over the API: discovery, the built-in system classes
 * the apiserver creates at start, CRUD with upstream's defaults, upstream's validation
 * answers, the immutable fields, Table printing, and the Priority admission plugin: pods
 * get their priority and preemption policy from the class they name (or the global
 * default), and only one class may be the global default.
 */

let h: Harness;
const GV = "/apis/scheduling.k8s.io/v1";
const CLASSES = `${GV}/priorityclasses`;
const PODS = "/api/v1/namespaces/prio/pods";
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
const MERGE = { "content-type": "application/merge-patch+json" };
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "prio" } });
});
afterAll(() => h.stop());

function priorityClass(name: string, value: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, ...fields };
}

describe("discovery and OpenAPI", () => {
  test("/apis/scheduling.k8s.io/v1: priorityclasses (pc, cluster-scoped)", async () => {
    const apis = await h.call("GET", "/apis");
    expect(apis.body.groups.map((g: any) => g.name)).toContain("scheduling.k8s.io");
    const r = await h.call("GET", GV);
    expect(r.status).toBe(200);
    expect(r.body.resources.map((x: any) => x.name)).toEqual(["priorityclasses"]);
    expect(r.body.resources[0]).toMatchObject({ singularName: "priorityclass", namespaced: false, kind: "PriorityClass", shortNames: ["pc"] });
  });

  test("OpenAPI v3 has the schema", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["apis/scheduling.k8s.io/v1"].serverRelativeURL)).json()) as any;
    const pc = doc.components.schemas["io.k8s.api.scheduling.v1.PriorityClass"];
    expect(pc["x-kubernetes-group-version-kind"]).toEqual([{ group: "scheduling.k8s.io", kind: "PriorityClass", version: "v1" }]);
    expect(pc.required).toEqual(["value"]);
    expect(pc.properties.value.format).toBe("int32");
  });
});

describe("the built-in system classes", () => {
  test("exist once the apiserver is up, defaulted as upstream's", async () => {
    const node = await h.call("GET", `${CLASSES}/system-node-critical`);
    expect(node.status).toBe(200);
    expect(node.body).toMatchObject({
      metadata: { name: "system-node-critical", generation: 1 },
      value: 2000001000,
      preemptionPolicy: "PreemptLowerPriority",
      description: "Used for system critical pods that must not be moved from their current node.",
    });
    expect(node.body.globalDefault ?? false).toBe(false);
    const cluster = await h.call("GET", `${CLASSES}/system-cluster-critical`);
    expect(cluster.body).toMatchObject({ value: 2000000000, preemptionPolicy: "PreemptLowerPriority" });
  });

  test("cannot be deleted", async () => {
    const r = await h.call("DELETE", `${CLASSES}/system-node-critical`);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ reason: "Forbidden", details: { name: "system-node-critical", group: "scheduling.k8s.io", kind: "priorityclasses" } });
    expect(r.body.message).toBe('priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted');
    expect((await h.call("GET", `${CLASSES}/system-node-critical`)).status).toBe(200);
  });

  test("a restart over the same store does not duplicate or change them", async () => {
    const before = (await h.call("GET", `${CLASSES}/system-cluster-critical`)).body;
    const again = await startHarness({}, { dataDir: h.dataDir, store: h.store });
    try {
      const after = (await again.call("GET", `${CLASSES}/system-cluster-critical`)).body;
      expect(after.metadata.uid).toBe(before.metadata.uid);
      expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    } finally {
      await again.stop();
    }
  });
});

describe("CRUD", () => {
  test("create (preemptionPolicy defaulted, generation 1), get, list, update, delete", async () => {
    const created = await h.call("POST", CLASSES, priorityClass("batch", 1000, { description: "batch jobs" }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "batch", generation: 1 }, value: 1000, preemptionPolicy: "PreemptLowerPriority" });
    expect(created.body.metadata.namespace).toBeUndefined();

    const list = await h.call("GET", CLASSES);
    expect(list.body.kind).toBe("PriorityClassList");
    expect(list.body.items.map((i: any) => i.metadata.name).sort()).toEqual(["batch", "system-cluster-critical", "system-node-critical"]);

    // description may change; generation stays as upstream's strategy leaves it
    const body = (await h.call("GET", `${CLASSES}/batch`)).body;
    body.description = "nightly batch jobs";
    const updated = await h.call("PUT", `${CLASSES}/batch`, body);
    expect(updated.status).toBe(200);
    expect(updated.body.description).toBe("nightly batch jobs");
    expect(updated.body.metadata.generation).toBe(1);

    expect((await h.call("DELETE", `${CLASSES}/batch`)).status).toBe(200);
    expect((await h.call("GET", `${CLASSES}/batch`)).status).toBe(404);
  });

  test("a class sent without a value gets 0", async () => {
    const r = await h.call("POST", CLASSES, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "zero" } });
    expect(r.status).toBe(201);
    expect(r.body.value).toBe(0);
  });
});

describe("validation answers 422 with upstream's messages", () => {
  test("user values are capped at 1000000000", async () => {
    expect((await h.call("POST", CLASSES, priorityClass("highest", 1_000_000_000))).status).toBe(201);
    const r = await h.call("POST", CLASSES, priorityClass("too-high", 1_000_000_001));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('PriorityClass.scheduling.k8s.io "too-high" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
    expect(r.body.details.causes).toEqual([{ reason: "FieldValueForbidden", message: "Forbidden: maximum allowed value of a user defined priority is 1000000000", field: "value" }]);
  });

  test("the system- prefix is reserved", async () => {
    const unknown = await h.call("POST", CLASSES, priorityClass("system-mine", 10));
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toBe(
      "PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    );
    expect(unknown.body.details.causes.map((c: any) => c.field)).toEqual(["metadata.name"]);
    // a built-in name with its exact value is valid (and exists already)
    expect((await h.call("POST", CLASSES, priorityClass("system-node-critical", 2000001000))).status).toBe(409);
    const wrong = await h.call("POST", CLASSES, priorityClass("system-node-critical", 5));
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.causes[0].message).toBe(
      "Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
    );
  });

  test("preemptionPolicy must be PreemptLowerPriority or Never", async () => {
    const r = await h.call("POST", CLASSES, priorityClass("sometimes", 1, { preemptionPolicy: "Sometimes" }));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('PriorityClass.scheduling.k8s.io "sometimes" is invalid: preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"');
  });

  test("value and preemptionPolicy are immutable", async () => {
    expect((await h.call("POST", CLASSES, priorityClass("fixed", 100))).status).toBe(201);
    const body = (await h.call("GET", `${CLASSES}/fixed`)).body;
    body.value = 200;
    body.preemptionPolicy = "Never";
    const r = await h.call("PUT", `${CLASSES}/fixed`, body);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'PriorityClass.scheduling.k8s.io "fixed" is invalid: [value: Forbidden: may not be changed in an update., preemptionPolicy: Invalid value: "Never": field is immutable]',
    );
    const p = await h.call("PATCH", `${CLASSES}/fixed`, { value: 300 }, MERGE);
    expect(p.status).toBe(422);
    expect(p.body.details.causes).toEqual([{ reason: "FieldValueForbidden", message: "Forbidden: may not be changed in an update.", field: "value" }]);
    expect((await h.call("GET", `${CLASSES}/fixed`)).body).toMatchObject({ value: 100, preemptionPolicy: "PreemptLowerPriority" });
  });
});

describe("pods take their priority from PriorityClasses", () => {
  test("a pod naming a user class gets its value and preemption policy", async () => {
    expect((await h.call("POST", CLASSES, priorityClass("high", 1_000_000, { preemptionPolicy: "Never" }))).status).toBe(201);
    const r = await h.call("POST", PODS, pod("high-pod", { priorityClassName: "high" }));
    expect(r.status).toBe(201);
    expect(r.body.spec).toMatchObject({ priorityClassName: "high", priority: 1_000_000, preemptionPolicy: "Never" });
  });

  test("a pod naming a system class gets its value", async () => {
    const r = await h.call("POST", PODS, pod("node-pod", { priorityClassName: "system-node-critical" }));
    expect(r.status).toBe(201);
    expect(r.body.spec).toMatchObject({ priority: 2000001000, preemptionPolicy: "PreemptLowerPriority" });
  });

  test("an unknown class is refused with upstream's message", async () => {
    const r = await h.call("POST", PODS, pod("lost-pod", { priorityClassName: "nope" }));
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ kind: "Status", reason: "Forbidden", details: { name: "lost-pod", kind: "pods" } });
    expect(r.body.message).toBe('pods "lost-pod" is forbidden: no PriorityClass with name nope was found');
  });

  test("a priority or preemption policy that differs from the class's is refused", async () => {
    const wrongValue = await h.call("POST", PODS, pod("wrong-value", { priorityClassName: "high", priority: 5 }));
    expect(wrongValue.status).toBe(403);
    expect(wrongValue.body.message).toBe(
      'pods "wrong-value" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000000 from the given PriorityClass name',
    );
    const wrongPolicy = await h.call("POST", PODS, pod("wrong-policy", { priorityClassName: "high", preemptionPolicy: "PreemptLowerPriority" }));
    expect(wrongPolicy.status).toBe(403);
    expect(wrongPolicy.body.message).toBe(
      'pods "wrong-policy" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name',
    );
    // the same values are accepted
    expect((await h.call("POST", PODS, pod("same-values", { priorityClassName: "high", priority: 1_000_000, preemptionPolicy: "Never" }))).status).toBe(201);
  });

  test("without a global default, a pod naming no class gets 0", async () => {
    const r = await h.call("POST", PODS, pod("plain-pod"));
    expect(r.status).toBe(201);
    expect(r.body.spec.priority).toBe(0);
    expect(r.body.spec.preemptionPolicy).toBe("PreemptLowerPriority");
    expect(r.body.spec.priorityClassName).toBeUndefined();
  });

  test("an update that leaves out priority keeps it", async () => {
    const got = (await h.call("GET", `${PODS}/high-pod`)).body;
    delete got.spec.priority;
    delete got.spec.preemptionPolicy;
    got.metadata.labels = { touched: "yes" };
    const r = await h.call("PUT", `${PODS}/high-pod`, got);
    expect(r.status).toBe(200);
    expect(r.body.spec).toMatchObject({ priority: 1_000_000, preemptionPolicy: "Never" });
  });
});

describe("the global default", () => {
  test("only one class may be the global default", async () => {
    expect((await h.call("POST", CLASSES, priorityClass("default-low", 10, { globalDefault: true, preemptionPolicy: "Never" }))).status).toBe(201);
    const second = await h.call("POST", CLASSES, priorityClass("default-other", 20, { globalDefault: true }));
    expect(second.status).toBe(403);
    expect(second.body.message).toBe('priorityclasses.scheduling.k8s.io "default-other" is forbidden: PriorityClass default-low is already marked as default. Only one default can exist');

    // marking another existing class as default is refused too
    const mark = await h.call("PATCH", `${CLASSES}/highest`, { globalDefault: true }, MERGE);
    expect(mark.status).toBe(403);
    expect(mark.body.message).toBe('priorityclasses.scheduling.k8s.io "highest" is forbidden: PriorityClass default-low is already marked as default. Only one default can exist');

    // the default itself may be updated
    const self = await h.call("PATCH", `${CLASSES}/default-low`, { description: "the default" }, MERGE);
    expect(self.status).toBe(200);
    expect(self.body.globalDefault).toBe(true);
  });

  test("a pod naming no class gets the default's name, value and preemption policy", async () => {
    const r = await h.call("POST", PODS, pod("defaulted-pod"));
    expect(r.status).toBe(201);
    expect(r.body.spec).toMatchObject({ priorityClassName: "default-low", priority: 10, preemptionPolicy: "Never" });
  });

  test("once the default is deleted, another class may become it", async () => {
    expect((await h.call("DELETE", `${CLASSES}/default-low`)).status).toBe(200);
    expect((await h.call("POST", CLASSES, priorityClass("default-other", 20, { globalDefault: true }))).status).toBe(201);
  });
});

describe("Table output", () => {
  test("NAME, VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY", async () => {
    const r = await h.call("GET", CLASSES, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    expect(r.body.columnDefinitions.map((c: any) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Value", "integer", 0],
      ["Global-Default", "boolean", 0],
      ["Age", "string", 0],
      ["PreemptionPolicy", "string", 0],
    ]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.cells[0], [row.cells[1], row.cells[2], row.cells[4]]]));
    expect(rows["system-node-critical"]).toEqual([2000001000, false, "PreemptLowerPriority"]);
    expect(rows["system-cluster-critical"]).toEqual([2000000000, false, "PreemptLowerPriority"]);
    expect(rows["high"]).toEqual([1000000, false, "Never"]);
    expect(rows["default-other"]).toEqual([20, true, "PreemptLowerPriority"]);
  });
});
