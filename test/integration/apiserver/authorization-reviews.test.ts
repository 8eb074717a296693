/** authorization.k8s.io/v1 reviews over HTTPS: self access and rules reviews, subject access reviews. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

const BASE = "/apis/authorization.k8s.io/v1";
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe("SelfSubjectRulesReview", () => {
  test("lists what the caller may do in a namespace", async () => {
    const r = await h.call("POST", `${BASE}/selfsubjectrulesreviews`, { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace: "default" } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: "SelfSubjectRulesReview", spec: { namespace: "default" } });
    expect(r.body.status).toEqual({
      resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
      incomplete: false,
    });
  });

  test("needs a namespace", async () => {
    const r = await h.call("POST", `${BASE}/selfsubjectrulesreviews`, { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: {} });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ kind: "Status", reason: "BadRequest", message: "no namespace on request" });
  });

  test("only create is allowed", async () => {
    expect((await h.call("GET", `${BASE}/selfsubjectrulesreviews`)).status).toBe(405);
  });
});

describe("SubjectAccessReview", () => {
  const sar = (spec: Record<string, unknown>) => ({ apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec });

  test("answers for the user and groups in the spec", async () => {
    const yes = await h.call("POST", `${BASE}/subjectaccessreviews`, sar({ user: "jane", groups: ["system:authenticated"], resourceAttributes: { verb: "get", resource: "pods", namespace: "default" } }));
    expect(yes.status).toBe(201);
    expect(yes.body).toMatchObject({ kind: "SubjectAccessReview", spec: { user: "jane" }, status: { allowed: true } });
    // the server authorizes authenticated users; a subject outside that group is not
    const no = await h.call("POST", `${BASE}/subjectaccessreviews`, sar({ user: "jane", nonResourceAttributes: { path: "/healthz", verb: "get" } }));
    expect(no.status).toBe(201);
    expect(no.body.status.allowed).toBe(false);
  });

  test("invalid specs are 422 with upstream's causes", async () => {
    const noSubject = await h.call("POST", `${BASE}/subjectaccessreviews`, sar({ resourceAttributes: { verb: "get", resource: "pods" } }));
    expect(noSubject.status).toBe(422);
    expect(noSubject.body.details.causes).toEqual([{ reason: "FieldValueInvalid", message: 'Invalid value: "": at least one of user or group must be specified', field: "spec.user" }]);
    const both = await h.call("POST", `${BASE}/subjectaccessreviews`, sar({ user: "u", resourceAttributes: { verb: "get" }, nonResourceAttributes: { path: "/x", verb: "get" } }));
    expect(both.status).toBe(422);
    expect(both.body.details.causes[0]).toMatchObject({ field: "spec.nonResourceAttributes", message: expect.stringContaining("cannot be specified in combination with resourceAttributes") });
    const neither = await h.call("POST", `${BASE}/subjectaccessreviews`, sar({ user: "u" }));
    expect(neither.status).toBe(422);
    expect(neither.body.message).toContain("exactly one of nonResourceAttributes or resourceAttributes must be specified");
    const named = await h.call("POST", `${BASE}/subjectaccessreviews`, { ...sar({ user: "u", resourceAttributes: { verb: "get" } }), metadata: { name: "x" } });
    expect(named.status).toBe(422);
    expect(named.body.details.causes[0]).toMatchObject({ field: "metadata", message: expect.stringContaining("must be empty") });
  });
});

describe("LocalSubjectAccessReview", () => {
  const lsar = (ns: string, spec: Record<string, unknown>) => ({ apiVersion: "authorization.k8s.io/v1", kind: "LocalSubjectAccessReview", metadata: { namespace: ns }, spec });

  test("answers within the namespace of the request", async () => {
    const r = await h.call("POST", `${BASE}/namespaces/default/localsubjectaccessreviews`, lsar("default", { groups: ["system:authenticated"], resourceAttributes: { namespace: "default", verb: "list", resource: "secrets" } }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: "LocalSubjectAccessReview", metadata: { namespace: "default" }, status: { allowed: true } });
  });

  test("the attributes' namespace must be the request's; non-resource attributes are refused", async () => {
    const other = await h.call("POST", `${BASE}/namespaces/default/localsubjectaccessreviews`, lsar("default", { user: "u", resourceAttributes: { namespace: "kube-system", verb: "get" } }));
    expect(other.status).toBe(400);
    expect(other.body.message).toBe("spec.resourceAttributes.namespace must match namespace: default");
    const nonResource = await h.call("POST", `${BASE}/namespaces/default/localsubjectaccessreviews`, lsar("default", { user: "u", nonResourceAttributes: { path: "/x", verb: "get" } }));
    expect(nonResource.status).toBe(422);
    expect(nonResource.body.details.causes[0]).toMatchObject({ field: "spec.nonResourceAttributes", message: expect.stringContaining("disallowed on this kind of request") });
  });
});

test("discovery lists the reviews as create-only", async () => {
  const r = await h.call("GET", BASE);
  const byName = Object.fromEntries((r.body.resources as Array<{ name: string; namespaced: boolean; verbs: string[] }>).map((x) => [x.name, x]));
  expect(byName["selfsubjectrulesreviews"]).toMatchObject({ namespaced: false, verbs: ["create"] });
  expect(byName["subjectaccessreviews"]).toMatchObject({ namespaced: false, verbs: ["create"] });
  expect(byName["localsubjectaccessreviews"]).toMatchObject({ namespaced: true, verbs: ["create"] });
});
