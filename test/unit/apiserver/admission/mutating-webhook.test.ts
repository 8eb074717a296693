/**
 * The MutatingAdmissionWebhook plugin against a local webhook server: the JSON patch it
 * answers with becomes the object, every top-level member kept as an own member.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { mutatingWebhooks } from "../../../../src/apiserver/admission/index.ts";
import type { AdmissionAttributes, AdmissionLookup } from "../../../../src/apiserver/admission/types.ts";

const CONFIGMAPS = resourceFor("", "v1", "configmaps")!;

/** The JSON patch the webhook answers the next review with. */
let patch: unknown[] = [];
let server: ReturnType<typeof Bun.serve>;

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const review = (await req.json()) as { request: { uid: string } };
      const response = { uid: review.request.uid, allowed: true, patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(patch)).toString("base64") };
      return Response.json({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response });
    },
  });
});
afterAll(() => server.stop(true));

function lookup(): AdmissionLookup {
  const config = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name: "m" },
    webhooks: [
      {
        name: "m.example.com",
        clientConfig: { url: `http://127.0.0.1:${server.port}/mutate` },
        rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"], scope: "*" }],
        sideEffects: "None",
        failurePolicy: "Fail",
        matchPolicy: "Equivalent",
        namespaceSelector: {},
        objectSelector: {},
        admissionReviewVersions: ["v1"],
        timeoutSeconds: 5,
      },
    ],
  } as unknown as KubeObject;
  return {
    get: () => undefined,
    getLive: async () => undefined,
    list: (_g, plural) => (plural === "mutatingwebhookconfigurations" ? [config] : []),
  };
}

function create(object: KubeObject): AdmissionAttributes {
  return { resource: CONFIGMAPS, subresource: "", operation: "CREATE", namespace: "ns", name: "c", object, oldObject: undefined, user: { name: "u", groups: [] }, dryRun: false };
}

describe("mutating webhook patches", () => {
  test("the patched object replaces the request's object", async () => {
    patch = [{ op: "add", path: "/data/b", value: "2" }];
    const a = create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "ns" }, data: { a: "1" } } as KubeObject);
    await mutatingWebhooks.admit(a, lookup());
    expect(a.object!["data"]).toEqual({ a: "1", b: "2" });
  });

  test("a top-level member named __proto__ stays an own member; the prototype is untouched", async () => {
    patch = [{ op: "add", path: "/__proto__", value: { injected: "yes" } }];
    const a = create(JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns"},"data":{"a":"1"}}'));
    await mutatingWebhooks.admit(a, lookup());
    const obj = a.object as Record<string, unknown>;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.hasOwn(obj, "__proto__")).toBe(true);
    expect(JSON.parse(JSON.stringify(obj))).toEqual(JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns"},"data":{"a":"1"},"__proto__":{"injected":"yes"}}'));
    expect(obj["injected"]).toBeUndefined();
  });
});
