import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createCa, issueCert } from "../../../src/apiserver/pki/certs.ts";
import { startHarness, type Harness } from "./harness.ts";

/**
 * Dynamic admission over the API: a webhook server (HTTPS, its certificate from a test CA
 * given as caBundle) is registered through Mutating- and ValidatingWebhookConfigurations,
 * by URL and as a Service whose Endpoints point at it. Mutating webhooks' JSON patches
 * change what is stored, validating webhooks' refusals fail the request with upstream's
 * message, rules and selectors decide who is asked, dry runs skip webhooks with side
 * effects, CEL matchConditions filter, and an unreachable webhook fails the request or not
 * by its failurePolicy.
 */

let h: Harness;
let hook: ReturnType<typeof Bun.serve>;
/** Serves the same hooks with a certificate for hook.hooks.svc only: reachable by IP, verified by the service's name. */
let svcHook: ReturnType<typeof Bun.serve>;
let caBundle: string;
const reviews: any[] = [];
const NS = "/api/v1/namespaces/hooks";
const MWC = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
const VWC = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";

function respond(review: any, response: Record<string, unknown>): Response {
  return Response.json({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid: review.request.uid, ...response } });
}

beforeAll(async () => {
  const ca = await createCa("webhook-test-ca");
  const serving = await issueCert(ca, { subject: { commonName: "hook" }, usage: "server", sans: ["127.0.0.1"] });
  const byName = await issueCert(ca, { subject: { commonName: "hook.hooks.svc" }, usage: "server", sans: ["hook.hooks.svc"] });
  caBundle = Buffer.from(ca.certPem).toString("base64");
  hook = Bun.serve({ port: 0, hostname: "127.0.0.1", tls: { cert: serving.certPem, key: serving.keyPem }, fetch: hooks });
  svcHook = Bun.serve({ port: 0, hostname: "127.0.0.1", tls: { cert: byName.certPem, key: byName.keyPem }, fetch: hooks });
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "hooks", labels: { webhooks: "on" } } });
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "quiet" } });
});
afterAll(async () => {
  await h.stop();
  hook.stop(true);
  svcHook.stop(true);
});

/** The webhook server: /label adds a label, /deny refuses data with a "forbidden" key (and deletes), /silent refuses without a status. */
async function hooks(req: Request): Promise<Response> {
  const review = (await req.json()) as any;
  reviews.push({ path: new URL(req.url).pathname, review });
  const obj = review.request.object;
  switch (new URL(req.url).pathname) {
    case "/label": {
      const patch = [{ op: "add", path: "/metadata/labels", value: { ...(obj.metadata.labels ?? {}), mutated: "yes" } }];
      return respond(review, { allowed: true, patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(patch)).toString("base64"), warnings: ["labelled by the hook"] });
    }
    case "/deny":
      return obj?.data?.forbidden !== undefined || review.request.operation === "DELETE"
        ? respond(review, { allowed: false, status: { code: 403, message: "forbidden key in data" } })
        : respond(review, { allowed: true });
    case "/silent":
      return respond(review, { allowed: false });
    case "/stamp": {
      // labels the object with its data's "a", so every write that changes "a" changes it
      const patch = [{ op: "add", path: "/metadata/labels", value: { ...(obj.metadata.labels ?? {}), stamp: String(obj.data?.a ?? "") } }];
      return respond(review, { allowed: true, patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(patch)).toString("base64") });
    }
    case "/seen-b":
    case "/set-b": {
      // /seen-b records the label b it saw (or "none"); /set-b sets b
      const labels = { ...(obj.metadata.labels ?? {}) };
      if (new URL(req.url).pathname === "/seen-b") labels["seen-b"] = labels["b"] ?? "none";
      else labels["b"] = "1";
      const patch = [{ op: "add", path: "/metadata/labels", value: labels }];
      return respond(review, { allowed: true, patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(patch)).toString("base64") });
    }
    default:
      return respond(review, { allowed: true });
  }
}

function url(path: string): string {
  return `https://127.0.0.1:${hook.port}${path}`;
}

function webhook(name: string, clientConfig: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    clientConfig: { caBundle, ...clientConfig },
    rules: [{ operations: ["CREATE", "UPDATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"] }],
    sideEffects: "None",
    admissionReviewVersions: ["v1"],
    namespaceSelector: { matchLabels: { webhooks: "on" } },
    ...extra,
  };
}

async function waitCached(path: string, name: string): Promise<void> {
  // the dispatcher reads configurations from the watch cache
  for (let i = 0; i < 100; i++) {
    const list = await h.call("GET", `${path}?resourceVersion=0`);
    if (list.body.items?.some((x: any) => x.metadata.name === name)) return;
    await Bun.sleep(10);
  }
}

function cm(name: string, data: Record<string, string>, labels?: Record<string, string>): Record<string, unknown> {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(labels ? { labels } : {}) }, data };
}

describe("mutating webhooks", () => {
  test("a JSON patch from the webhook is stored; its warning reaches the client; the review is upstream's", async () => {
    const r = await h.call("POST", MWC, { apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", metadata: { name: "labeller" }, webhooks: [webhook("label.example.com", { url: url("/label") })] });
    expect(r.status).toBe(201);
    await waitCached(MWC, "labeller");
    reviews.length = 0;
    const created = await h.call("POST", `${NS}/configmaps`, cm("m1", { a: "1" }));
    expect(created.status).toBe(201);
    expect(created.body.metadata.labels).toEqual({ mutated: "yes" });
    expect(created.headers.get("warning")).toBe('299 - "labelled by the hook"');
    expect((await h.call("GET", `${NS}/configmaps/m1`)).body.metadata.labels).toEqual({ mutated: "yes" });
    const req = reviews.find((x) => x.path === "/label")!.review.request;
    expect(req).toMatchObject({
      kind: { group: "", version: "v1", kind: "ConfigMap" },
      resource: { group: "", version: "v1", resource: "configmaps" },
      namespace: "hooks",
      name: "m1",
      operation: "CREATE",
      dryRun: false,
      options: { kind: "CreateOptions", apiVersion: "meta.k8s.io/v1" },
      oldObject: null,
    });
    expect(req.userInfo.username).toBe("system:admin");
    expect(req.object.data).toEqual({ a: "1" });
  });

  test("namespaces the namespaceSelector leaves out are not sent to the webhook", async () => {
    reviews.length = 0;
    const r = await h.call("POST", "/api/v1/namespaces/quiet/configmaps", cm("m2", { a: "1" }));
    expect(r.status).toBe(201);
    expect(r.body.metadata.labels).toBeUndefined();
    expect(reviews.length).toBe(0);
  });

  test("updates go to the webhook with the old object", async () => {
    reviews.length = 0;
    const r = await h.call("PATCH", `${NS}/configmaps/m1`, { data: { a: "2" } }, { "content-type": "application/merge-patch+json" });
    expect(r.status).toBe(200);
    const req = reviews.find((x) => x.path === "/label")!.review.request;
    expect(req.operation).toBe("UPDATE");
    expect(req.oldObject.data).toEqual({ a: "1" });
    expect(req.object.data).toEqual({ a: "2" });
  });
});

test("what a mutating webhook changes belongs to no field manager, on create and on update", async () => {
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "stamped", labels: { stamp: "on" } } });
  const r = await h.call("POST", MWC, { apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", metadata: { name: "stamper" }, webhooks: [webhook("stamp.example.com", { url: url("/stamp") }, { namespaceSelector: { matchLabels: { stamp: "on" } } })] });
  expect(r.status).toBe(201);
  await waitCached(MWC, "stamper");
  const path = "/api/v1/namespaces/stamped/configmaps";
  const owned = (o: any) => o.metadata.managedFields.map((e: any) => [e.manager, JSON.stringify(e.fieldsV1)]);
  const created = await h.call("POST", `${path}?fieldManager=maker`, cm("s1", { a: "1" }));
  expect(created.status).toBe(201);
  expect(created.body.metadata.labels).toEqual({ stamp: "1" });
  expect(owned(created.body)).toEqual([["maker", '{"f:data":{".":{},"f:a":{}}}']]);
  const updated = await h.call("PATCH", `${path}/s1?fieldManager=changer`, { data: { a: "2" } }, { "content-type": "application/merge-patch+json" });
  expect(updated.status).toBe(200);
  expect(updated.body.metadata.labels).toEqual({ stamp: "2" });
  // the changer owns what it changed (the maker keeps the data map itself); the label the webhook rewrote is nobody's
  expect(owned(updated.body)).toEqual([
    ["changer", '{"f:data":{"f:a":{}}}'],
    ["maker", '{"f:data":{}}'],
  ]);
  await h.call("DELETE", `${MWC}/stamper`);
});

describe("reinvocation", () => {
  const ordered = (policy: string, ns: string) => ({
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name: `reinvoke-${ns}` },
    webhooks: [
      webhook("seen-b.example.com", { url: url("/seen-b") }, { reinvocationPolicy: policy, namespaceSelector: { matchLabels: { reinvoke: ns } } }),
      webhook("set-b.example.com", { url: url("/set-b") }, { namespaceSelector: { matchLabels: { reinvoke: ns } } }),
    ],
  });

  test("an IfNeeded webhook is called again once a later webhook changed the object; a Never one is not", async () => {
    for (const ns of ["ifneeded", "never"]) {
      await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { reinvoke: ns } } });
      expect((await h.call("POST", MWC, ordered(ns === "ifneeded" ? "IfNeeded" : "Never", ns))).status).toBe(201);
      await waitCached(MWC, `reinvoke-${ns}`);
    }
    reviews.length = 0;
    const again = await h.call("POST", "/api/v1/namespaces/ifneeded/configmaps", cm("r1", { a: "1" }));
    expect(again.status).toBe(201);
    // called first, it saw no b; called again after set-b, it saw b=1
    expect(again.body.metadata.labels).toEqual({ "seen-b": "1", b: "1" });
    expect(reviews.map((r) => r.path)).toEqual(["/seen-b", "/set-b", "/seen-b"]);
    expect(reviews[2].review.request.object.metadata.labels).toEqual({ "seen-b": "none", b: "1" });
    reviews.length = 0;
    const once = await h.call("POST", "/api/v1/namespaces/never/configmaps", cm("r2", { a: "1" }));
    expect(once.body.metadata.labels).toEqual({ "seen-b": "none", b: "1" });
    expect(reviews.map((r) => r.path)).toEqual(["/seen-b", "/set-b"]);
    // nothing changed after it: no second call
    reviews.length = 0;
    const cur = (await h.call("GET", "/api/v1/namespaces/ifneeded/configmaps/r1")).body;
    expect((await h.call("PUT", "/api/v1/namespaces/ifneeded/configmaps/r1", { ...cur, data: { a: "2" } })).status).toBe(200);
    expect(reviews.map((r) => r.path)).toEqual(["/seen-b", "/set-b"]);
  });
});

describe("validating webhooks", () => {
  test("a refusal fails the request with upstream's message and code, nothing is stored", async () => {
    const r = await h.call("POST", VWC, {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingWebhookConfiguration",
      metadata: { name: "guard" },
      webhooks: [webhook("deny.example.com", { url: url("/deny") }, { rules: [{ operations: ["CREATE", "UPDATE", "DELETE"], apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"] }], objectSelector: { matchExpressions: [{ key: "guarded", operator: "Exists" }] } })],
    });
    expect(r.status).toBe(201);
    await waitCached(VWC, "guard");
    const refused = await h.call("POST", `${NS}/configmaps`, cm("v1", { forbidden: "x" }, { guarded: "true" }));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('admission webhook "deny.example.com" denied the request: forbidden key in data');
    expect((await h.call("GET", `${NS}/configmaps/v1`)).status).toBe(404);
    const ok = await h.call("POST", `${NS}/configmaps`, cm("v2", { fine: "x" }, { guarded: "true" }));
    expect(ok.status).toBe(201);
    const unguarded = await h.call("POST", `${NS}/configmaps`, cm("v3", { forbidden: "x" }));
    expect(unguarded.status).toBe(201);
  });

  test("deletes are reviewed with the old object", async () => {
    const r = await h.call("DELETE", `${NS}/configmaps/v2`);
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('admission webhook "deny.example.com" denied the request: forbidden key in data');
    expect((await h.call("GET", `${NS}/configmaps/v2`)).status).toBe(200);
  });

  test("a refusal without a status is 'denied the request without explanation' (400)", async () => {
    await h.call("POST", VWC, { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: "silent" }, webhooks: [webhook("silent.example.com", { url: url("/silent") }, { objectSelector: { matchLabels: { silent: "yes" } } })] });
    await waitCached(VWC, "silent");
    const r = await h.call("POST", `${NS}/configmaps`, cm("s1", {}, { silent: "yes" }));
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('admission webhook "silent.example.com" denied the request without explanation');
  });
});

describe("service references, dry runs and failure policies", () => {
  test("a webhook named by Service is reached through its Endpoints and verified as <svc>.<ns>.svc", async () => {
    await h.call("POST", `${NS}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "hook" }, spec: { ports: [{ name: "https", port: 443, targetPort: 9443 }] } });
    await h.call("PUT", `${NS}/endpoints/hook`, { apiVersion: "v1", kind: "Endpoints", metadata: { name: "hook" }, subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ name: "https", port: svcHook.port }] }] });
    await h.call("POST", MWC, { apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", metadata: { name: "by-service" }, webhooks: [webhook("svc.example.com", { service: { namespace: "hooks", name: "hook", path: "/label" } }, { objectSelector: { matchLabels: { via: "service" } } })] });
    await waitCached(MWC, "by-service");
    for (let i = 0; i < 100 && (await h.call("GET", `${NS}/endpoints/hook?resourceVersion=0`)).status !== 200; i++) await Bun.sleep(10);
    reviews.length = 0;
    const r = await h.call("POST", `${NS}/configmaps`, cm("svc1", {}, { via: "service" }));
    expect(r.status).toBe(201);
    expect(r.body.metadata.labels).toEqual({ via: "service", mutated: "yes" });
    expect(reviews.filter((x) => x.path === "/label").length).toBe(2);
  });

  test("dry runs reach webhooks without side effects, marked dryRun, and store nothing", async () => {
    reviews.length = 0;
    const r = await h.call("POST", `${NS}/configmaps?dryRun=All`, cm("dry1", {}));
    expect(r.status).toBe(201);
    expect(r.body.metadata.labels).toEqual({ mutated: "yes" });
    expect(reviews.find((x) => x.path === "/label")!.review.request.dryRun).toBe(true);
    expect((await h.call("GET", `${NS}/configmaps/dry1`)).status).toBe(404);
  });

  test("an unreachable webhook fails the request under Fail and is skipped under Ignore", async () => {
    const dead = "https://127.0.0.1:1/x";
    await h.call("POST", VWC, { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: "dead" }, webhooks: [webhook("dead.example.com", { url: dead }, { timeoutSeconds: 2, objectSelector: { matchLabels: { dead: "fail" } } }), webhook("lenient.example.com", { url: dead }, { failurePolicy: "Ignore", timeoutSeconds: 2, objectSelector: { matchLabels: { dead: "ignore" } } })] });
    await waitCached(VWC, "dead");
    const failed = await h.call("POST", `${NS}/configmaps`, cm("d1", {}, { dead: "fail" }));
    expect(failed.status).toBe(500);
    expect(failed.body.reason).toBe("InternalError");
    expect(failed.body.message).toStartWith('Internal error occurred: failed calling webhook "dead.example.com": failed to call webhook: Post "https://127.0.0.1:1/x?timeout=2s":');
    const ignored = await h.call("POST", `${NS}/configmaps`, cm("d2", {}, { dead: "ignore" }));
    expect(ignored.status).toBe(201);
  });

  test("matchConditions decide whether the webhook is called", async () => {
    await h.call("POST", VWC, {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingWebhookConfiguration",
      metadata: { name: "conditional" },
      webhooks: [webhook("cond.example.com", { url: url("/silent") }, { objectSelector: { matchLabels: { cond: "yes" } }, matchConditions: [{ name: "only-big", expression: "has(object.data) && 'big' in object.data && request.operation == 'CREATE'" }] })],
    });
    await waitCached(VWC, "conditional");
    expect((await h.call("POST", `${NS}/configmaps`, cm("c1", { small: "1" }, { cond: "yes" }))).status).toBe(201);
    const refused = await h.call("POST", `${NS}/configmaps`, cm("c2", { big: "1" }, { cond: "yes" }));
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('admission webhook "cond.example.com" denied the request without explanation');
  });

  test("webhook configurations themselves never go to webhooks", async () => {
    const catchAll = webhook("all.example.com", { url: "https://127.0.0.1:1/x" }, { rules: [{ operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*/*"] }], namespaceSelector: {} });
    expect((await h.call("POST", VWC, { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: "catch-all" }, webhooks: [catchAll] })).status).toBe(201);
    await waitCached(VWC, "catch-all");
    expect((await h.call("POST", `${NS}/configmaps`, cm("blocked", {}))).status).toBe(500);
    expect((await h.call("DELETE", `${VWC}/catch-all`)).status).toBe(200);
  });
});
