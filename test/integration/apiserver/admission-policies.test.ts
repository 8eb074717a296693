import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "../../helpers/api-cluster.ts";
import { startHarness, type Harness } from "./harness.ts";

/**
 * ValidatingAdmissionPolicies over the API: a policy and its binding refuse what their CEL
 * validations refuse (with upstream's message and reason), bindings choose Deny or Warn,
 * params come from the object the binding names, matchConditions and selectors narrow
 * what is checked, and policies and bindings are never judged by policies.
 */

let h: Harness;
const VAP = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies";
const VAPB = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings";
const DEPLOYS = "/apis/apps/v1/namespaces/policed/deployments";

function deployment(name: string, replicas: number, labels: Record<string, string> = {}): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "busybox" }] } } },
  };
}

function policy(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name },
    spec: { failurePolicy: "Fail", matchConstraints: { resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments"] }] }, ...spec },
  };
}

function binding(name: string, policyName: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name }, spec: { policyName, validationActions: ["Deny"], ...spec } };
}

async function cached(path: string, name: string): Promise<void> {
  await eventually(`${name} in the watch cache`, async () => ((await h.call("GET", `${path}?resourceVersion=0`)).body.items ?? []).some((x: any) => x.metadata.name === name));
}

beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "policed", labels: { env: "prod" } } });
});
afterAll(() => h.stop());

describe("ValidatingAdmissionPolicy", () => {
  test("a Deny binding refuses what a validation refuses, with the validation's message and reason", async () => {
    expect((await h.call("POST", VAP, policy("max-replicas", { validations: [{ expression: "object.spec.replicas <= 5", message: "at most 5 replicas", reason: "Forbidden" }] }))).status).toBe(201);
    expect((await h.call("POST", VAPB, binding("max-replicas-binding", "max-replicas"))).status).toBe(201);
    await cached(VAPB, "max-replicas-binding");
    await cached(VAP, "max-replicas");
    const refused = await h.call("POST", DEPLOYS, deployment("big", 10));
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe("Forbidden");
    expect(refused.body.message).toBe("ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: at most 5 replicas");
    expect((await h.call("POST", DEPLOYS, deployment("small", 2))).status).toBe(201);
  });

  test("without a message the expression is quoted; messageExpression words it; the default reason is Invalid", async () => {
    await h.call("POST", VAP, policy("named", { validations: [{ expression: "object.metadata.name.startsWith('app-')" }, { expression: "object.spec.replicas != 3", messageExpression: "'replicas ' + string(object.spec.replicas) + ' is unlucky'" }] }));
    await h.call("POST", VAPB, binding("named-binding", "named"));
    await cached(VAPB, "named-binding");
    const r1 = await h.call("POST", DEPLOYS, deployment("web", 1));
    expect(r1.status).toBe(422);
    expect(r1.body.message).toBe("ValidatingAdmissionPolicy 'named' with binding 'named-binding' denied request: failed expression: object.metadata.name.startsWith('app-')");
    const r2 = await h.call("POST", DEPLOYS, deployment("app-x", 3));
    expect(r2.body.message).toBe("ValidatingAdmissionPolicy 'named' with binding 'named-binding' denied request: replicas 3 is unlucky");
    await h.call("DELETE", `${VAPB}/named-binding`);
  });

  test("a Warn binding lets the request through with a Warning header", async () => {
    await h.call("POST", VAP, policy("labelled", { validations: [{ expression: "has(object.metadata.labels) && 'team' in object.metadata.labels", message: "a team label is expected" }] }));
    await h.call("POST", VAPB, binding("labelled-warn", "labelled", { validationActions: ["Warn"] }));
    await cached(VAPB, "labelled-warn");
    const r = await h.call("POST", DEPLOYS, deployment("unlabelled", 1));
    expect(r.status).toBe(201);
    expect(r.headers.get("warning")).toBe(`299 - "Validation failed for ValidatingAdmissionPolicy 'labelled' with binding 'labelled-warn': a team label is expected"`);
  });

  test("params come from the object the binding names; a missing one denies by default", async () => {
    await h.call("POST", "/api/v1/namespaces/policed/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "limits" }, data: { max: "4" } });
    await h.call("POST", VAP, policy("param-max", { paramKind: { apiVersion: "v1", kind: "ConfigMap" }, validations: [{ expression: "object.spec.replicas <= int(params.data.max)", message: "over the configured maximum" }] }));
    await h.call("POST", VAPB, binding("param-max-binding", "param-max", { paramRef: { name: "limits", parameterNotFoundAction: "Deny" }, matchResources: { objectSelector: { matchLabels: { limited: "yes" } } } }));
    await cached(VAPB, "param-max-binding");
    expect((await h.call("POST", DEPLOYS, deployment("p1", 4, { limited: "yes", team: "a" }))).status).toBe(201);
    const over = await h.call("POST", DEPLOYS, deployment("p2", 5, { limited: "yes", team: "a" }));
    expect(over.status).toBe(422);
    expect(over.body.message).toContain("over the configured maximum");
    expect((await h.call("POST", DEPLOYS, deployment("p3", 5, { team: "a" }))).status).toBe(201);
    await h.call("DELETE", "/api/v1/namespaces/policed/configmaps/limits");
    await eventually("the ConfigMap gone from the cache", async () => (await h.call("GET", "/api/v1/namespaces/policed/configmaps/limits?resourceVersion=0")).status === 404);
    const missing = await h.call("POST", DEPLOYS, deployment("p4", 1, { limited: "yes", team: "a" }));
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe("ValidatingAdmissionPolicy 'param-max' with binding 'param-max-binding' denied request: no params found for policy binding with `Deny` parameterNotFoundAction");
  });

  test("matchConditions narrow what is checked", async () => {
    await h.call("POST", VAP, policy("only-updates", { matchConditions: [{ name: "updates", expression: "request.operation == 'UPDATE'" }], validations: [{ expression: "object.spec.replicas == oldObject.spec.replicas", message: "replicas are frozen" }] }));
    await h.call("POST", VAPB, binding("only-updates-binding", "only-updates"));
    await cached(VAPB, "only-updates-binding");
    expect((await h.call("POST", DEPLOYS, deployment("frozen", 2, { team: "a" }))).status).toBe(201);
    const r = await h.call("PATCH", `${DEPLOYS}/frozen`, { spec: { replicas: 3 } }, { "content-type": "application/merge-patch+json" });
    expect(r.status).toBe(422);
    expect(r.body.message).toContain("replicas are frozen");
  });

  test("policies and bindings are never judged by policies, so a bad one can be removed", async () => {
    const everything = { resourceRules: [{ apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"] }] };
    await h.call("POST", VAP, policy("deny-all", { matchConstraints: everything, validations: [{ expression: "false", message: "nothing gets through" }] }));
    await h.call("POST", VAPB, binding("deny-all-binding", "deny-all"));
    await cached(VAPB, "deny-all-binding");
    expect((await h.call("POST", "/api/v1/namespaces/policed/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "blocked" } })).status).toBe(422);
    expect((await h.call("POST", VAP, policy("another", { validations: [{ expression: "true" }] }))).status).toBe(201);
    expect((await h.call("DELETE", `${VAPB}/deny-all-binding`)).status).toBe(200);
  });
});
