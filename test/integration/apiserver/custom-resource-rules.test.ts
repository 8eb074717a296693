import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/**
 * CEL validation rules (x-kubernetes-validations) of a CRD over the API: rules on objects
 * and scalars, messages, messageExpression, reasons with fieldPath, transition rules
 * (oldSelf) that only run on updates, and runtime errors, each answered with upstream's
 * 422 texts; objects that pass are stored.
 */

let h: Harness;
const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const SCALERS = "/apis/rules.example.com/v1/namespaces/default/scalers";

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "scalers.rules.example.com" },
  spec: {
    group: "rules.example.com",
    scope: "Namespaced",
    names: { plural: "scalers", singular: "scaler", kind: "Scaler" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: {
                type: "object",
                "x-kubernetes-validations": [
                  { rule: "self.minReplicas <= self.maxReplicas", message: "minReplicas must not exceed maxReplicas" },
                  { rule: "!has(self.legacy)", message: "legacy is not allowed", reason: "FieldValueForbidden", fieldPath: ".legacy" },
                  { rule: "self.maxReplicas <= 100", messageExpression: "'maxReplicas ' + string(self.maxReplicas) + ' is over 100'" },
                ],
                properties: {
                  minReplicas: { type: "integer" },
                  maxReplicas: { type: "integer" },
                  image: { type: "string", "x-kubernetes-validations": [{ rule: "self.startsWith('img-')" }] },
                  mode: { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "mode is immutable" }] },
                  ratio: { type: "number", "x-kubernetes-validations": [{ rule: "self < 1.5" }] },
                  legacy: { type: "boolean" },
                  labels: { type: "object", additionalProperties: { type: "string" }, "x-kubernetes-validations": [{ rule: "self.all(k, k.size() <= 8)", message: "label keys are at most 8 characters" }] },
                  ports: {
                    type: "array",
                    "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["name"],
                    items: { type: "object", required: ["name"], properties: { name: { type: "string" }, port: { type: "integer", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "a port keeps its number" }] } } },
                  },
                  extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true, "x-kubernetes-validations": [{ rule: "self.flavour == 'plain'" }] },
                },
              },
            },
          },
        },
      },
    ],
  },
};

function scaler(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: "rules.example.com/v1", kind: "Scaler", metadata: { name }, spec };
}

beforeAll(async () => {
  h = await startHarness();
  const r = await h.call("POST", CRDS, crd);
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  for (let i = 0; i < 250 && (await h.call("GET", SCALERS)).status !== 200; i++) await Bun.sleep(20);
});
afterAll(() => h.stop());

describe("CEL rules", () => {
  test("an object that passes every rule is stored", async () => {
    const r = await h.call("POST", SCALERS, scaler("ok", { minReplicas: 1, maxReplicas: 3, image: "img-web", mode: "a", ratio: 0.5, labels: { app: "x" }, ports: [{ name: "http", port: 80 }] }));
    expect(r.status).toBe(201);
  });

  test("a failed object rule gives its message at the object's path", async () => {
    const r = await h.call("POST", SCALERS, scaler("bad1", { minReplicas: 5, maxReplicas: 3 }));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Scaler.rules.example.com "bad1" is invalid: spec: Invalid value: "object": minReplicas must not exceed maxReplicas');
    expect(r.body.details.causes).toEqual([{ reason: "FieldValueInvalid", message: 'Invalid value: "object": minReplicas must not exceed maxReplicas', field: "spec" }]);
  });

  test("a rule without a message fails as 'failed rule: <rule>' with the scalar value shown", async () => {
    const r = await h.call("POST", SCALERS, scaler("bad2", { minReplicas: 1, maxReplicas: 2, image: "nginx" }));
    expect(r.status).toBe(422);
    expect(r.body.message).toContain(`spec.image: Invalid value: "nginx": failed rule: self.startsWith('img-')`);
  });

  test("reason and fieldPath place the error; messageExpression words it", async () => {
    const r = await h.call("POST", SCALERS, scaler("bad3", { minReplicas: 1, maxReplicas: 200, legacy: true }));
    expect(r.status).toBe(422);
    expect(r.body.message).toContain("spec.legacy: Forbidden: legacy is not allowed");
    expect(r.body.message).toContain('spec: Invalid value: "object": maxReplicas 200 is over 100');
  });

  test("numbers keep their schema type; map keys and preserved fields are reachable", async () => {
    expect((await h.call("POST", SCALERS, scaler("bad4", { minReplicas: 1, maxReplicas: 2, ratio: 2 }))).body.message).toContain("spec.ratio: Invalid value: 2: failed rule: self < 1.5");
    expect((await h.call("POST", SCALERS, scaler("bad5", { minReplicas: 1, maxReplicas: 2, labels: { "much-too-long": "x" } }))).body.message).toContain(
      'spec.labels: Invalid value: "object": label keys are at most 8 characters',
    );
    expect((await h.call("POST", SCALERS, scaler("ok2", { minReplicas: 1, maxReplicas: 2, extra: { flavour: "plain", more: 1 } }))).status).toBe(201);
  });

  test("a runtime error fails the rule with the error", async () => {
    const r = await h.call("POST", SCALERS, scaler("bad6", { minReplicas: 1, maxReplicas: 2, extra: { other: 1 } }));
    expect(r.status).toBe(422);
    expect(r.body.message).toContain(`spec.extra: Invalid value: "object": no such key: flavour evaluating rule: self.flavour == 'plain'`);
  });

  test("transition rules run on updates only, against the stored value (map-list items by key)", async () => {
    const cur = (await h.call("GET", `${SCALERS}/ok`)).body;
    const moved = await h.call("PUT", `${SCALERS}/ok`, { ...cur, spec: { ...cur.spec, mode: "b" } });
    expect(moved.status).toBe(422);
    expect(moved.body.message).toContain('spec.mode: Invalid value: "b": mode is immutable');
    const reordered = await h.call("PUT", `${SCALERS}/ok`, { ...cur, spec: { ...cur.spec, ports: [{ name: "https", port: 443 }, { name: "http", port: 80 }] } });
    expect(reordered.status).toBe(200);
    const renumbered = await h.call("PUT", `${SCALERS}/ok`, { ...reordered.body, spec: { ...reordered.body.spec, ports: [{ name: "https", port: 443 }, { name: "http", port: 8080 }] } });
    expect(renumbered.status).toBe(422);
    expect(renumbered.body.message).toContain("spec.ports[1].port: Invalid value: 8080: a port keeps its number");
  });

  test("a CRD made stricter keeps accepting updates that leave an old value alone (ratcheting)", async () => {
    expect((await h.call("POST", SCALERS, scaler("old", { minReplicas: 1, maxReplicas: 90, image: "img-web" }))).status).toBe(201);
    const stored = (await h.call("GET", `${CRDS}/${crd.metadata.name}`)).body;
    const spec = stored.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    spec.properties.maxReplicas = { type: "integer", maximum: 50 };
    spec.properties.image["x-kubernetes-validations"].push({ rule: "self != 'img-web'", message: "img-web is retired" });
    expect((await h.call("PUT", `${CRDS}/${crd.metadata.name}`, stored)).status).toBe(200);
    // the new schema is served once a create that breaks it is refused
    for (let i = 0; i < 250; i++) {
      const r = await h.call("POST", SCALERS, scaler(`probe-${i}`, { minReplicas: 1, maxReplicas: 90 }));
      if (r.status === 422) break;
      await Bun.sleep(20);
    }
    const cur = (await h.call("GET", `${SCALERS}/old`)).body;
    const relabelled = await h.call("PUT", `${SCALERS}/old`, { ...cur, metadata: { ...cur.metadata, labels: { touched: "yes" } }, spec: { ...cur.spec, labels: { app: "x" } } });
    expect(relabelled.status).toBe(200);
    const raised = await h.call("PUT", `${SCALERS}/old`, { ...relabelled.body, spec: { ...relabelled.body.spec, maxReplicas: 95 } });
    expect(raised.status).toBe(422);
    expect(raised.body.message).toContain("spec.maxReplicas: Invalid value: 95: spec.maxReplicas in body should be less than or equal to 50");
    expect(raised.body.message).not.toContain("img-web is retired");
    const created = await h.call("POST", SCALERS, scaler("new", { minReplicas: 1, maxReplicas: 90, image: "img-web" }));
    expect(created.status).toBe(422);
    expect(created.body.message).toContain('spec.image: Invalid value: "img-web": img-web is retired');
  });
});
