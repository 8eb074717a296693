import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies (with their status
 * subresource) and ValidatingAdmissionPolicyBindings over the API: discovery and OpenAPI,
 * CRUD with upstream's defaults and generation, upstream's validation answers (422 with
 * field causes) and Table printing.
 *
 * The policies here only match a resource nothing in this test touches (widgets.example.com),
 * so their bindings never reject a request of the test.
 */

let h: Harness;
const GROUP = "admissionregistration.k8s.io";
const GV = `/apis/${GROUP}/v1`;
const VAP = `${GV}/validatingadmissionpolicies`;
const VAPB = `${GV}/validatingadmissionpolicybindings`;
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
const MERGE = { "content-type": "application/merge-patch+json" };
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const WIDGETS = { operations: ["CREATE", "UPDATE"], apiGroups: ["example.com"], apiVersions: ["v1"], resources: ["widgets"] };

function policy(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: `${GROUP}/v1`,
    kind: "ValidatingAdmissionPolicy",
    metadata: { name },
    spec: { matchConstraints: { resourceRules: [WIDGETS] }, validations: [{ expression: "object.spec.size <= 10", message: "too big" }], ...spec },
  };
}

function binding(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: `${GROUP}/v1`, kind: "ValidatingAdmissionPolicyBinding", metadata: { name }, spec: { policyName: "widgets", validationActions: ["Deny"], ...spec } };
}

describe("discovery and OpenAPI", () => {
  test(`${GV}: both kinds cluster-scoped, category api-extensions, no short names; the policies' status subresource`, async () => {
    const r = await h.call("GET", GV);
    expect(r.status).toBe(200);
    const names = r.body.resources.map((x: any) => x.name);
    expect(names).toContain("validatingadmissionpolicies");
    expect(names).toContain("validatingadmissionpolicies/status");
    expect(names).toContain("validatingadmissionpolicybindings");
    expect(names).not.toContain("validatingadmissionpolicybindings/status");
    for (const [name, kind] of [
      ["validatingadmissionpolicies", "ValidatingAdmissionPolicy"],
      ["validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding"],
    ]) {
      const res = r.body.resources.find((x: any) => x.name === name);
      expect(res).toMatchObject({ singularName: kind!.toLowerCase(), namespaced: false, kind, categories: ["api-extensions"] });
      expect(res.shortNames).toBeUndefined();
      expect([...res.verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    }
    const status = r.body.resources.find((x: any) => x.name === "validatingadmissionpolicies/status");
    expect(status).toMatchObject({ namespaced: false, kind: "ValidatingAdmissionPolicy" });
    expect([...status.verbs].sort()).toEqual(["get", "patch", "update"]);
  });

  test("OpenAPI v3: the schemas, map lists, the required fields", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths[`apis/${GROUP}/v1`].serverRelativeURL)).json()) as any;
    const schemas = doc.components.schemas;
    const P = "io.k8s.api.admissionregistration.v1";
    expect(schemas[`${P}.ValidatingAdmissionPolicy`]["x-kubernetes-group-version-kind"]).toEqual([{ group: GROUP, kind: "ValidatingAdmissionPolicy", version: "v1" }]);
    expect(schemas[`${P}.ValidatingAdmissionPolicyBinding`]["x-kubernetes-group-version-kind"]).toEqual([{ group: GROUP, kind: "ValidatingAdmissionPolicyBinding", version: "v1" }]);
    expect(schemas[`${P}.ValidatingAdmissionPolicySpec`].properties.variables).toMatchObject({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] });
    expect(schemas[`${P}.ValidatingAdmissionPolicyBindingSpec`].properties.validationActions["x-kubernetes-list-type"]).toBe("set");
    expect(schemas[`${P}.Validation`].required).toEqual(["expression"]);
    expect(schemas[`${P}.AuditAnnotation`].required).toEqual(["key", "valueExpression"]);
    expect(schemas[`${P}.MatchResources`]["x-kubernetes-map-type"]).toBe("atomic");
    expect(doc.paths[`${VAP}/{name}`]).toBeDefined();
    expect(doc.paths[`${VAP}/{name}/status`]).toBeDefined();
    expect(doc.paths[`${VAPB}/{name}`]).toBeDefined();
  });
});

describe("CRUD", () => {
  test("a ValidatingAdmissionPolicy: upstream's defaults, generation 1, bumped only by spec changes; status only through /status", async () => {
    const created = await h.call("POST", VAP, { ...policy("widgets"), status: { observedGeneration: 7 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: `${GROUP}/v1`, kind: "ValidatingAdmissionPolicy", metadata: { name: "widgets", generation: 1 } });
    expect(created.body.metadata.namespace).toBeUndefined();
    expect(created.body.spec).toEqual({
      matchConstraints: { resourceRules: [{ ...WIDGETS, scope: "*" }], matchPolicy: "Equivalent", namespaceSelector: {}, objectSelector: {} },
      validations: [{ expression: "object.spec.size <= 10", message: "too big" }],
      failurePolicy: "Fail",
    });
    expect(created.body.status?.observedGeneration).toBeUndefined();

    const list = await h.call("GET", VAP);
    expect(list.body).toMatchObject({ apiVersion: `${GROUP}/v1`, kind: "ValidatingAdmissionPolicyList" });
    expect(list.body.items.map((i: any) => i.metadata.name)).toContain("widgets");

    const labelled = await h.call("PATCH", `${VAP}/widgets`, { metadata: { labels: { team: "a" } } }, MERGE);
    expect(labelled.status).toBe(200);
    expect(labelled.body.metadata.generation).toBe(1);

    const changed = await h.call("PATCH", `${VAP}/widgets`, { spec: { failurePolicy: "Ignore" }, status: { observedGeneration: 9 } }, MERGE);
    expect(changed.status).toBe(200);
    expect(changed.body.spec.failurePolicy).toBe("Ignore");
    expect(changed.body.metadata.generation).toBe(2);
    expect(changed.body.status?.observedGeneration).toBeUndefined();

    const status = await h.call(
      "PATCH",
      `${VAP}/widgets/status`,
      { status: { observedGeneration: 2, typeChecking: { expressionWarnings: [] }, conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2025-01-01T00:00:00Z", reason: "Checked", message: "" }] } },
      MERGE,
    );
    expect(status.status).toBe(200);
    expect(status.body.status.observedGeneration).toBe(2);
    expect(status.body.metadata.generation).toBe(2);

    const badStatus = await h.call("PATCH", `${VAP}/widgets/status`, { status: { conditions: [{ type: "Ready", status: "Yes" }] } }, MERGE);
    expect(badStatus.status).toBe(422);
    expect(badStatus.body.details.causes.map((c: any) => c.field)).toEqual(["status.conditions[0].status", "status.conditions[0].lastTransitionTime", "status.conditions[0].reason"]);
  });

  test("a ValidatingAdmissionPolicyBinding: matchResources defaults, generation bumped by spec changes, delete", async () => {
    const created = await h.call("POST", VAPB, binding("widgets-binding", { matchResources: { namespaceSelector: { matchLabels: { env: "test" } } } }));
    expect(created.status).toBe(201);
    expect(created.body.metadata.generation).toBe(1);
    expect(created.body.spec).toEqual({
      policyName: "widgets",
      validationActions: ["Deny"],
      matchResources: { namespaceSelector: { matchLabels: { env: "test" } }, objectSelector: {}, matchPolicy: "Equivalent" },
    });
    const updated = await h.call("PATCH", `${VAPB}/widgets-binding`, { spec: { validationActions: ["Warn", "Audit"] } }, MERGE);
    expect(updated.status).toBe(200);
    expect(updated.body.metadata.generation).toBe(2);
    expect((await h.call("GET", VAPB)).body.kind).toBe("ValidatingAdmissionPolicyBindingList");
    expect((await h.call("DELETE", `${VAPB}/widgets-binding`)).status).toBe(200);
    expect((await h.call("GET", `${VAPB}/widgets-binding`)).status).toBe(404);
  });
});

describe("validation answers 422 with upstream's messages", () => {
  test("a policy without matchConstraints and validations", async () => {
    const r = await h.call("POST", VAP, { apiVersion: `${GROUP}/v1`, kind: "ValidatingAdmissionPolicy", metadata: { name: "empty" }, spec: {} });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ kind: "Status", reason: "Invalid", details: { name: "empty", group: GROUP, kind: "ValidatingAdmissionPolicy" } });
    expect(r.body.message).toBe(
      'ValidatingAdmissionPolicy.admissionregistration.k8s.io "empty" is invalid: [spec.matchConstraints: Required value, spec.validations: Required value: validations or auditAnnotations must contain at least one item, spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item]',
    );
  });

  test("a validation without an expression, a bad paramKind", async () => {
    const r = await h.call("POST", VAP, policy("bad", { paramKind: { apiVersion: "example.com/v1" }, validations: [{ expression: "  ", reason: "Teapot" }] }));
    expect(r.status).toBe(422);
    expect(r.body.details.causes).toEqual([
      { reason: "FieldValueRequired", message: "Required value", field: "spec.paramKind.kind" },
      { reason: "FieldValueRequired", message: "Required value: expression is not specified", field: "spec.validations[0].expression" },
      { reason: "FieldValueNotSupported", message: 'Unsupported value: "Teapot": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge"', field: "spec.validations[0].reason" },
    ]);
  });

  test("a binding with Deny and Warn, a paramRef with neither name nor selector", async () => {
    const r = await h.call("POST", VAPB, binding("bad-binding", { validationActions: ["Deny", "Warn"], paramRef: { namespace: "default" } }));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io "bad-binding" is invalid: [spec.paramRef: Required value: one of name or selector must be specified, spec.paramRef.parameterNotFoundAction: Required value, spec.validationActions: Invalid value: []admissionregistration.ValidationAction{"Deny", "Warn"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)]',
    );
  });

  test("a binding without validationActions or policyName; an update is checked too", async () => {
    const r = await h.call("POST", VAPB, binding("no-actions", { policyName: "", validationActions: [] }));
    expect(r.status).toBe(422);
    expect(r.body.details.causes).toEqual([
      { reason: "FieldValueRequired", message: "Required value", field: "spec.policyName" },
      { reason: "FieldValueRequired", message: "Required value: at least one validation action is required", field: "spec.validationActions" },
    ]);
    expect((await h.call("POST", VAPB, binding("fine"))).status).toBe(201);
    const p = await h.call("PATCH", `${VAPB}/fine`, { spec: { validationActions: ["Deny", "Deny"] } }, MERGE);
    expect(p.status).toBe(422);
    expect(p.body.message).toBe('ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io "fine" is invalid: spec.validationActions[1]: Duplicate value: "Deny"');
  });
});

describe("Table output", () => {
  test("policies: NAME, VALIDATIONS, PARAMKIND, AGE", async () => {
    await h.call("POST", VAP, policy("with-params", { paramKind: { apiVersion: "v1", kind: "ConfigMap" }, validations: [{ expression: "true" }, { expression: "true" }] }));
    const r = await h.call("GET", VAP, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    expect(r.body.columnDefinitions.map((c: any) => [c.name, c.type])).toEqual([
      ["Name", "string"],
      ["Validations", "integer"],
      ["ParamKind", "string"],
      ["Age", "string"],
    ]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.object.metadata.name, row.cells.slice(0, 3)]));
    expect(rows["widgets"]).toEqual(["widgets", 1, "<unset>"]);
    expect(rows["with-params"]).toEqual(["with-params", 2, "v1/ConfigMap"]);
  });

  test("bindings: NAME, POLICYNAME, PARAMREF, AGE", async () => {
    await h.call("POST", VAPB, binding("with-param", { policyName: "with-params", paramRef: { name: "limits", namespace: "default", parameterNotFoundAction: "Deny" } }));
    const r = await h.call("GET", VAPB, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "PolicyName", "ParamRef", "Age"]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.object.metadata.name, row.cells.slice(0, 3)]));
    expect(rows["with-param"]).toEqual(["with-param", "with-params", "default/limits"]);
    expect(rows["fine"]).toEqual(["fine", "widgets", "<unset>"]);
  });
});
