import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/**
 * admissionregistration.k8s.io/v1 ValidatingWebhookConfigurations and
 * MutatingWebhookConfigurations over the API: discovery and OpenAPI, CRUD with upstream's
 * defaults and generation, strategic merge of webhooks by name, upstream's validation
 * answers (422 with field causes) and Table printing.
 *
 * The webhooks here only name resources nothing in this test touches (widgets.example.com),
 * so the webhook admission plugins never call them.
 */

let h: Harness;
const GV = "/apis/admissionregistration.k8s.io/v1";
const VWC = `${GV}/validatingwebhookconfigurations`;
const MWC = `${GV}/mutatingwebhookconfigurations`;
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
const MERGE = { "content-type": "application/merge-patch+json" };
const STRATEGIC = { "content-type": "application/strategic-merge-patch+json" };
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const WIDGETS = [{ operations: ["CREATE"], apiGroups: ["example.com"], apiVersions: ["v1"], resources: ["widgets"] }];

function webhook(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    clientConfig: { service: { namespace: "webhooks", name: "checker", path: "/check" } },
    rules: WIDGETS,
    sideEffects: "None",
    admissionReviewVersions: ["v1"],
    ...fields,
  };
}

function configuration(kind: "ValidatingWebhookConfiguration" | "MutatingWebhookConfiguration", name: string, webhooks: unknown[]): Record<string, unknown> {
  return { apiVersion: "admissionregistration.k8s.io/v1", kind, metadata: { name }, webhooks };
}
const validating = (name: string, webhooks: unknown[]) => configuration("ValidatingWebhookConfiguration", name, webhooks);
const mutating = (name: string, webhooks: unknown[]) => configuration("MutatingWebhookConfiguration", name, webhooks);

describe("discovery and OpenAPI", () => {
  test("/apis lists admissionregistration.k8s.io/v1", async () => {
    const apis = await h.call("GET", "/apis");
    expect(apis.body.groups.find((g: any) => g.name === "admissionregistration.k8s.io")).toEqual({
      name: "admissionregistration.k8s.io",
      versions: [{ groupVersion: "admissionregistration.k8s.io/v1", version: "v1" }],
      preferredVersion: { groupVersion: "admissionregistration.k8s.io/v1", version: "v1" },
    });
  });

  test("/apis/admissionregistration.k8s.io/v1: both kinds, cluster-scoped, category api-extensions, no short names", async () => {
    const r = await h.call("GET", GV);
    expect(r.status).toBe(200);
    const names = r.body.resources.map((x: any) => x.name);
    expect(names).toContain("mutatingwebhookconfigurations");
    expect(names).toContain("validatingwebhookconfigurations");
    for (const [name, kind] of [
      ["validatingwebhookconfigurations", "ValidatingWebhookConfiguration"],
      ["mutatingwebhookconfigurations", "MutatingWebhookConfiguration"],
    ]) {
      const res = r.body.resources.find((x: any) => x.name === name);
      expect(res).toMatchObject({ singularName: kind!.toLowerCase(), namespaced: false, kind, categories: ["api-extensions"] });
      expect(res.shortNames).toBeUndefined();
      expect([...res.verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    }
  });

  test("OpenAPI v3: the schemas, webhooks a map list keyed by name, the required webhook fields", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["apis/admissionregistration.k8s.io/v1"].serverRelativeURL)).json()) as any;
    const schemas = doc.components.schemas;
    const P = "io.k8s.api.admissionregistration.v1";
    const vwc = schemas[`${P}.ValidatingWebhookConfiguration`];
    expect(vwc["x-kubernetes-group-version-kind"]).toEqual([{ group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", version: "v1" }]);
    expect(vwc.properties.webhooks).toMatchObject({
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      "x-kubernetes-patch-merge-key": "name",
      "x-kubernetes-patch-strategy": "merge",
    });
    expect(schemas[`${P}.MutatingWebhookConfiguration`]["x-kubernetes-group-version-kind"]).toEqual([{ group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration", version: "v1" }]);
    expect(schemas[`${P}.ValidatingWebhook`].required).toEqual(["name", "clientConfig", "sideEffects", "admissionReviewVersions"]);
    expect(schemas[`${P}.MutatingWebhook`].properties.reinvocationPolicy).toBeDefined();
    expect(schemas[`${P}.ValidatingWebhook`].properties.reinvocationPolicy).toBeUndefined();
    expect(schemas[`${P}.ValidatingWebhook`].properties.matchConditions["x-kubernetes-list-map-keys"]).toEqual(["name"]);
    expect(schemas[`${P}.ServiceReference`].required).toEqual(["namespace", "name"]);
    expect(schemas[`${P}.WebhookClientConfig`].properties.caBundle.format).toBe("byte");
    expect(doc.paths["/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/{name}"]).toBeDefined();
    expect(doc.paths["/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/{name}"]).toBeDefined();
  });
});

describe("CRUD", () => {
  test("a ValidatingWebhookConfiguration: upstream's defaults, generation 1, bumped only when webhooks change", async () => {
    const created = await h.call("POST", VWC, validating("policy", [webhook("policy.example.com")]));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: "policy", generation: 1 } });
    expect(created.body.metadata.namespace).toBeUndefined();
    expect(created.body.webhooks).toEqual([
      {
        name: "policy.example.com",
        clientConfig: { service: { namespace: "webhooks", name: "checker", path: "/check", port: 443 } },
        rules: [{ operations: ["CREATE"], apiGroups: ["example.com"], apiVersions: ["v1"], resources: ["widgets"], scope: "*" }],
        failurePolicy: "Fail",
        matchPolicy: "Equivalent",
        namespaceSelector: {},
        objectSelector: {},
        sideEffects: "None",
        timeoutSeconds: 10,
        admissionReviewVersions: ["v1"],
      },
    ]);

    expect((await h.call("GET", `${VWC}/policy`)).body.webhooks[0].failurePolicy).toBe("Fail");
    const list = await h.call("GET", VWC);
    expect(list.body).toMatchObject({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfigurationList" });
    expect(list.body.items.map((i: any) => i.metadata.name)).toContain("policy");

    // a label changes no webhook: the generation stays
    const labelled = await h.call("PATCH", `${VWC}/policy`, { metadata: { labels: { team: "a" } } }, MERGE);
    expect(labelled.status).toBe(200);
    expect(labelled.body.metadata.generation).toBe(1);

    // a webhook change bumps it
    const body = labelled.body;
    body.webhooks[0].timeoutSeconds = 5;
    const updated = await h.call("PUT", `${VWC}/policy`, body);
    expect(updated.status).toBe(200);
    expect(updated.body.webhooks[0].timeoutSeconds).toBe(5);
    expect(updated.body.metadata.generation).toBe(2);

    expect((await h.call("DELETE", `${VWC}/policy`)).status).toBe(200);
    expect((await h.call("GET", `${VWC}/policy`)).status).toBe(404);
  });

  test("a MutatingWebhookConfiguration: reinvocationPolicy Never besides; a url client config", async () => {
    const created = await h.call("POST", MWC, mutating("injector", [webhook("inject.example.com", { clientConfig: { url: "https://hooks.example.com/inject" } })]));
    expect(created.status).toBe(201);
    expect(created.body.metadata.generation).toBe(1);
    expect(created.body.webhooks[0]).toMatchObject({
      clientConfig: { url: "https://hooks.example.com/inject" },
      failurePolicy: "Fail",
      matchPolicy: "Equivalent",
      timeoutSeconds: 10,
      reinvocationPolicy: "Never",
      rules: [{ scope: "*" }],
    });
    expect((await h.call("GET", MWC)).body.kind).toBe("MutatingWebhookConfigurationList");
  });

  test("a strategic merge patch merges webhooks by name", async () => {
    expect((await h.call("POST", VWC, validating("merged", [webhook("a.example.com"), webhook("b.example.com")]))).status).toBe(201);
    const p = await h.call("PATCH", `${VWC}/merged`, { webhooks: [{ name: "b.example.com", failurePolicy: "Ignore" }] }, STRATEGIC);
    expect(p.status).toBe(200);
    expect(p.body.webhooks.map((w: any) => [w.name, w.failurePolicy])).toEqual([
      ["a.example.com", "Fail"],
      ["b.example.com", "Ignore"],
    ]);
    expect(p.body.metadata.generation).toBe(2);
  });
});

describe("validation answers 422 with upstream's messages", () => {
  test("a webhook name with two segments and no sideEffects", async () => {
    const r = await h.call("POST", VWC, validating("bad", [webhook("example.com", { sideEffects: undefined })]));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ kind: "Status", reason: "Invalid", details: { name: "bad", group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration" } });
    expect(r.body.message).toBe(
      'ValidatingWebhookConfiguration.admissionregistration.k8s.io "bad" is invalid: [webhooks[0].name: Invalid value: "example.com": should be a domain with at least three segments separated by dots, webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun]',
    );
    expect(r.body.details.causes).toEqual([
      { reason: "FieldValueInvalid", message: 'Invalid value: "example.com": should be a domain with at least three segments separated by dots', field: "webhooks[0].name" },
      { reason: "FieldValueRequired", message: "Required value: must specify one of None, NoneOnDryRun", field: "webhooks[0].sideEffects" },
    ]);
  });

  test("an http url, a timeout over 30, no admissionReviewVersions (mutating)", async () => {
    const r = await h.call("POST", MWC, mutating("bad-mutating", [webhook("m.example.com", { clientConfig: { url: "http://hooks.example.com" }, timeoutSeconds: 60, admissionReviewVersions: [] })]));
    expect(r.status).toBe(422);
    expect(r.body.details.causes.map((c: any) => [c.reason, c.field])).toEqual([
      ["FieldValueInvalid", "webhooks[0].timeoutSeconds"],
      ["FieldValueInvalid", "webhooks[0].clientConfig.url"],
      ["FieldValueRequired", "webhooks[0].admissionReviewVersions"],
    ]);
    expect(r.body.details.causes[1].message).toBe("Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]");
  });

  test("duplicate webhook names; an update is checked too", async () => {
    const dup = await h.call("POST", VWC, validating("dup", [webhook("same.example.com"), webhook("same.example.com")]));
    expect(dup.status).toBe(422);
    expect(dup.body.details.causes).toEqual([{ reason: "FieldValueDuplicate", message: 'Duplicate value: "same.example.com"', field: "webhooks[1].name" }]);

    expect((await h.call("POST", VWC, validating("fine", [webhook("fine.example.com")]))).status).toBe(201);
    const p = await h.call("PATCH", `${VWC}/fine`, { webhooks: [{ name: "fine.example.com", rules: [{ operations: ["*", "CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }] }] }, STRATEGIC);
    expect(p.status).toBe(422);
    expect(p.body.message).toBe(
      'ValidatingWebhookConfiguration.admissionregistration.k8s.io "fine" is invalid: webhooks[0].rules[0].operations: Invalid value: []admissionregistration.OperationType{"*", "CREATE"}: if \'*\' is present, must not specify other operations',
    );
  });
});

describe("Table output", () => {
  test("NAME, WEBHOOKS, AGE", async () => {
    await h.call("POST", VWC, validating("three", [webhook("a.example.com"), webhook("b.example.com"), webhook("c.example.com")]));
    await h.call("POST", VWC, validating("empty", []));
    const r = await h.call("GET", VWC, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    expect(r.body.columnDefinitions.map((c: any) => [c.name, c.type])).toEqual([
      ["Name", "string"],
      ["Webhooks", "integer"],
      ["Age", "string"],
    ]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.object.metadata.name, row.cells.slice(0, 2)]));
    expect(rows["three"]).toEqual(["three", 3]);
    expect(rows["empty"]).toEqual(["empty", 0]);

    const m = await h.call("GET", `${MWC}/injector`, undefined, TABLE);
    expect(m.body.rows).toHaveLength(1);
    expect(m.body.rows[0].cells.slice(0, 2)).toEqual(["injector", 1]);
  });
});
