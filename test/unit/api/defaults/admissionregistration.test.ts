import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { validateObject } from "../../../../src/api/validation/index.ts";

/**
 * SetDefaults_ValidatingWebhook, SetDefaults_MutatingWebhook, SetDefaults_Rule and
 * SetDefaults_ServiceReference (pkg/apis/admissionregistration/v1/defaults.go, 1.34).
 */

const VWC = resourceFor("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations")!;
const MWC = resourceFor("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations")!;

const hook = (fields: Record<string, unknown> = {}) => ({
  name: "check.example.com",
  clientConfig: { service: { namespace: "webhooks", name: "checker" } },
  rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
  sideEffects: "None",
  admissionReviewVersions: ["v1"],
  ...fields,
});

const run = (mutating: boolean, webhooks: unknown[] | undefined) => {
  const o = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: mutating ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration",
    metadata: { name: "cfg" },
    ...(webhooks === undefined ? {} : { webhooks }),
  };
  applyDefaults(mutating ? MWC : VWC, o as KubeObject);
  return o as any;
};

describe("validating webhook defaults", () => {
  test("failurePolicy Fail, matchPolicy Equivalent, match-all selectors, timeout 10, rule scope *, service port 443; the result is valid", () => {
    const c = run(false, [hook()]);
    expect(c.webhooks[0]).toEqual({
      name: "check.example.com",
      clientConfig: { service: { namespace: "webhooks", name: "checker", port: 443 } },
      rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], scope: "*" }],
      sideEffects: "None",
      admissionReviewVersions: ["v1"],
      failurePolicy: "Fail",
      matchPolicy: "Equivalent",
      namespaceSelector: {},
      objectSelector: {},
      timeoutSeconds: 10,
    });
    expect(validateObject(VWC, c)).toEqual([]);
  });

  test("no reinvocationPolicy on a validating webhook", () => {
    expect(run(false, [hook()]).webhooks[0].reinvocationPolicy).toBeUndefined();
  });

  test("set values are kept; null counts as unset; an empty string stays for validation to refuse", () => {
    const set = run(false, [
      hook({
        failurePolicy: "Ignore",
        matchPolicy: "Exact",
        namespaceSelector: { matchLabels: { team: "a" } },
        objectSelector: null,
        timeoutSeconds: 3,
        rules: [{ operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"], scope: "Namespaced" }],
        clientConfig: { service: { namespace: "w", name: "c", port: 8443 } },
      }),
    ]).webhooks[0];
    expect(set).toMatchObject({
      failurePolicy: "Ignore",
      matchPolicy: "Exact",
      namespaceSelector: { matchLabels: { team: "a" } },
      objectSelector: {},
      timeoutSeconds: 3,
      rules: [{ scope: "Namespaced" }],
      clientConfig: { service: { port: 8443 } },
    });
    const empty = run(false, [hook({ failurePolicy: "", timeoutSeconds: 0 })]).webhooks[0];
    expect(empty.failurePolicy).toBe("");
    // 0 is a set pointer upstream: kept, then refused by validation
    expect(empty.timeoutSeconds).toBe(0);
  });

  test("a url client config gets no port; sideEffects and admissionReviewVersions get no v1 default", () => {
    const c = run(false, [{ name: "u.example.com", clientConfig: { url: "https://hooks.example.com/check" } }]).webhooks[0];
    expect(c.clientConfig).toEqual({ url: "https://hooks.example.com/check" });
    expect(c.sideEffects).toBeUndefined();
    expect(c.admissionReviewVersions).toBeUndefined();
  });

  test("a configuration without webhooks is left alone", () => {
    expect(run(false, undefined).webhooks).toBeUndefined();
    expect(run(false, []).webhooks).toEqual([]);
  });
});

describe("mutating webhook defaults", () => {
  test("as validating, plus reinvocationPolicy Never; the result is valid", () => {
    const c = run(true, [hook(), hook({ name: "again.example.com", reinvocationPolicy: "IfNeeded" })]);
    expect(c.webhooks[0]).toMatchObject({ failurePolicy: "Fail", matchPolicy: "Equivalent", namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10, reinvocationPolicy: "Never" });
    expect(c.webhooks[0].rules[0].scope).toBe("*");
    expect(c.webhooks[0].clientConfig.service.port).toBe(443);
    expect(c.webhooks[1].reinvocationPolicy).toBe("IfNeeded");
    expect(validateObject(MWC, c)).toEqual([]);
  });
});
