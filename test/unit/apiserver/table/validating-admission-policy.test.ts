import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { toTable } from "../../../../src/apiserver/table/index.ts";

/** Upstream's printValidatingAdmissionPolicy and printValidatingAdmissionPolicyBinding. */

const NOW = new Date("2025-01-01T12:00:00Z");
const meta = (name: string) => ({ name, creationTimestamp: new Date(NOW.getTime() - 3 * 86400_000).toISOString() });
const table = (kind: string, objs: unknown[]) => toTable({ group: "admissionregistration.k8s.io", kind }, objs as KubeObject[], { now: NOW });
const NAME = { name: "Name", type: "string", format: "name", description: "Name of the object, unique within its namespace (or the cluster).", priority: 0 };
const AGE = { name: "Age", type: "string", format: "", description: "Time since the object was created.", priority: 0 };

describe("ValidatingAdmissionPolicy", () => {
  test("columns NAME, VALIDATIONS, PARAMKIND, AGE", () => {
    expect(table("ValidatingAdmissionPolicy", []).columnDefinitions).toEqual([
      NAME,
      { name: "Validations", type: "integer", format: "", description: "Validations indicates the number of validation rules defined in this configuration", priority: 0 },
      { name: "ParamKind", type: "string", format: "", description: "ParamKind specifies the kind of resources used to parameterize this policy", priority: 0 },
      AGE,
    ]);
  });

  test("the number of validations; paramKind as apiVersion/kind or <unset>", () => {
    const t = table("ValidatingAdmissionPolicy", [
      { metadata: meta("two"), spec: { validations: [{ expression: "true" }, { expression: "false" }], paramKind: { apiVersion: "example.com/v1", kind: "Limit" } } },
      { metadata: meta("core"), spec: { validations: [{ expression: "true" }], paramKind: { apiVersion: "v1", kind: "ConfigMap" } } },
      { metadata: meta("audit-only"), spec: { auditAnnotations: [{ key: "k", valueExpression: "'v'" }] } },
    ]);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ["two", 2, "example.com/v1/Limit", "3d"],
      ["core", 1, "v1/ConfigMap", "3d"],
      ["audit-only", 0, "<unset>", "3d"],
    ]);
  });
});

describe("ValidatingAdmissionPolicyBinding", () => {
  test("columns NAME, POLICYNAME, PARAMREF, AGE", () => {
    expect(table("ValidatingAdmissionPolicyBinding", []).columnDefinitions).toEqual([
      NAME,
      { name: "PolicyName", type: "string", format: "", description: "PolicyName indicates the policy definition which the policy binding binded to", priority: 0 },
      { name: "ParamRef", type: "string", format: "", description: "ParamRef indicates the param resource which sets the configration param", priority: 0 },
      AGE,
    ]);
  });

  test("paramRef: namespace/name, */name without a namespace, the selector's Go String(), <unset>", () => {
    const t = table("ValidatingAdmissionPolicyBinding", [
      { metadata: meta("ns"), spec: { policyName: "p", paramRef: { name: "limits", namespace: "default", parameterNotFoundAction: "Deny" } } },
      { metadata: meta("any-ns"), spec: { policyName: "p", paramRef: { name: "limits", parameterNotFoundAction: "Deny" } } },
      {
        metadata: meta("selector"),
        spec: {
          policyName: "p",
          paramRef: { selector: { matchLabels: { b: "2", a: "1" }, matchExpressions: [{ key: "env", operator: "In", values: ["prod", "test"] }] }, parameterNotFoundAction: "Allow" },
        },
      },
      { metadata: meta("empty-selector"), spec: { policyName: "p", paramRef: { selector: {}, parameterNotFoundAction: "Allow" } } },
      { metadata: meta("none"), spec: { policyName: "q", validationActions: ["Deny"] } },
    ]);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ["ns", "p", "default/limits", "3d"],
      ["any-ns", "p", "*/limits", "3d"],
      ["selector", "p", "&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:env,Operator:In,Values:[prod test],},},}", "3d"],
      ["empty-selector", "p", "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}", "3d"],
      ["none", "q", "<unset>", "3d"],
    ]);
  });
});
