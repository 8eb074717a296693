import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";

/**
 * SetDefaults_ValidatingAdmissionPolicySpec, SetDefaults_MatchResources and SetDefaults_Rule
 * for ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
 * (pkg/apis/admissionregistration/v1/defaults.go, 1.34).
 */

const VAP = resourceFor("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies")!;
const VAPB = resourceFor("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings")!;
const rule = (fields: Record<string, unknown> = {}) => ({ operations: ["CREATE"], apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"], ...fields });

const policy = (spec?: Record<string, unknown>): KubeObject =>
  ({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name: "p" }, ...(spec ? { spec } : {}) }) as KubeObject;
const binding = (spec?: Record<string, unknown>): KubeObject =>
  ({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name: "b" }, ...(spec ? { spec } : {}) }) as KubeObject;

describe("ValidatingAdmissionPolicy", () => {
  test("failurePolicy Fail; the match constraints' matchPolicy, selectors and each rule's scope", () => {
    const o = policy({ matchConstraints: { resourceRules: [rule()], excludeResourceRules: [rule({ resourceNames: ["x"] })] }, validations: [{ expression: "true" }] });
    applyDefaults(VAP, o);
    expect(o["spec"]).toEqual({
      failurePolicy: "Fail",
      matchConstraints: {
        matchPolicy: "Equivalent",
        namespaceSelector: {},
        objectSelector: {},
        resourceRules: [{ ...rule(), scope: "*" }],
        excludeResourceRules: [{ ...rule({ resourceNames: ["x"] }), scope: "*" }],
      },
      validations: [{ expression: "true" }],
    });
  });

  test("set values stay; a policy without a spec gets failurePolicy Fail; no matchConstraints are invented", () => {
    const o = policy({
      failurePolicy: "Ignore",
      matchConstraints: { matchPolicy: "Exact", namespaceSelector: { matchLabels: { a: "b" } }, objectSelector: {}, resourceRules: [rule({ scope: "Namespaced" })] },
    });
    applyDefaults(VAP, o);
    expect(o["spec"]).toEqual({
      failurePolicy: "Ignore",
      matchConstraints: { matchPolicy: "Exact", namespaceSelector: { matchLabels: { a: "b" } }, objectSelector: {}, resourceRules: [rule({ scope: "Namespaced" })] },
    });
    const bare = policy();
    applyDefaults(VAP, bare);
    expect(bare["spec"]).toEqual({ failurePolicy: "Fail" });
  });
});

describe("ValidatingAdmissionPolicyBinding", () => {
  test("matchResources get the MatchResources defaults; paramRef.parameterNotFoundAction has no v1 default", () => {
    const o = binding({ policyName: "p", paramRef: { name: "x" }, matchResources: { resourceRules: [rule()] }, validationActions: ["Deny"] });
    applyDefaults(VAPB, o);
    expect(o["spec"]).toEqual({
      policyName: "p",
      paramRef: { name: "x" },
      matchResources: { matchPolicy: "Equivalent", namespaceSelector: {}, objectSelector: {}, resourceRules: [{ ...rule(), scope: "*" }] },
      validationActions: ["Deny"],
    });
  });

  test("no matchResources: none are invented", () => {
    const o = binding({ policyName: "p", validationActions: ["Audit"] });
    applyDefaults(VAPB, o);
    expect(o["spec"]).toEqual({ policyName: "p", validationActions: ["Audit"] });
  });
});
