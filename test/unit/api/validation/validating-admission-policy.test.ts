/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
 * validation against upstream's messages and field paths (pkg/apis/admissionregistration/validation,
 * Kubernetes 1.34), through validateObject as the apiserver calls it, after the v1 defaults.
 * CEL expressions are only checked to be non-empty (not compiled).
 */
import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, validateObject } from "../../../../src/api/validation/index.ts";

const VAP = resourceFor("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies")!;
const VAPB = resourceFor("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings")!;

const rule = (fields: Record<string, unknown> = {}) => ({ operations: ["CREATE"], apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"], ...fields });
const spec = (fields: Record<string, unknown> = {}) => ({ matchConstraints: { resourceRules: [rule()] }, validations: [{ expression: "object.spec.replicas <= 5" }], ...fields });
const policy = (s: Record<string, unknown>, name = "replicas.example.com"): KubeObject =>
  ({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name }, spec: s }) as KubeObject;
const binding = (s: Record<string, unknown>): KubeObject =>
  ({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name: "bind" }, spec: s }) as KubeObject;

const policyErrs = (fields: Record<string, unknown>, name?: string) => {
  const o = policy(spec(fields), name);
  applyDefaults(VAP, o);
  return validateObject(VAP, o).map(errorString);
};
const bindingErrs = (fields: Record<string, unknown>) => {
  const o = binding({ policyName: "replicas.example.com", validationActions: ["Deny"], ...fields });
  applyDefaults(VAPB, o);
  return validateObject(VAPB, o).map(errorString);
};

describe("ValidatingAdmissionPolicy", () => {
  test("valid policies", () => {
    expect(policyErrs({})).toEqual([]);
    expect(
      policyErrs({
        paramKind: { apiVersion: "example.com/v1", kind: "ReplicaLimit" },
        validations: [{ expression: "object.spec.replicas <= params.max", messageExpression: "'too many: ' + string(object.spec.replicas)", reason: "Invalid", message: "too many" }],
        auditAnnotations: [{ key: "high-replicas", valueExpression: "'yes'" }],
        matchConditions: [{ name: "not-kube-system", expression: "request.namespace != 'kube-system'" }],
        variables: [{ name: "replicas", expression: "object.spec.replicas" }],
        failurePolicy: "Ignore",
      }),
    ).toEqual([]);
    expect(policyErrs({ validations: undefined, auditAnnotations: [{ key: "k", valueExpression: "'v'" }] })).toEqual([]);
    expect(policyErrs({ paramKind: { apiVersion: "v1", kind: "ConfigMap" } })).toEqual([]);
  });

  test("matchConstraints required, with at least one resource rule", () => {
    expect(policyErrs({ matchConstraints: undefined })).toEqual(["spec.matchConstraints: Required value"]);
    expect(policyErrs({ matchConstraints: {} })).toEqual(["spec.matchConstraints.resourceRules: Required value"]);
  });

  test("validations or auditAnnotations required", () => {
    expect(policyErrs({ validations: [] })).toEqual([
      "spec.validations: Required value: validations or auditAnnotations must contain at least one item",
      "spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item",
    ]);
  });

  test("failurePolicy and matchPolicy values", () => {
    expect(policyErrs({ failurePolicy: "Maybe", matchConstraints: { matchPolicy: "Loose", resourceRules: [rule()] } })).toEqual([
      'spec.failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore"',
      'spec.matchConstraints.matchPolicy: Unsupported value: "Loose": supported values: "Equivalent", "Exact"',
    ]);
  });

  test("paramKind", () => {
    expect(policyErrs({ paramKind: {} })).toEqual(["spec.paramKind.apiVersion: Required value", "spec.paramKind.kind: Required value"]);
    expect(policyErrs({ paramKind: { apiVersion: "a/b/c", kind: "Foo" } })).toEqual(['spec.paramKind.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c']);
    expect(policyErrs({ paramKind: { apiVersion: "example.com/", kind: "Foo" } })).toEqual(['spec.paramKind.apiVersion: Invalid value: "example.com/": version must be specified']);
    expect(policyErrs({ paramKind: { apiVersion: "example.com/V1", kind: "Foo_Bar" } })).toEqual([
      "spec.paramKind.apiVersion: Invalid value: \"V1\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      "spec.paramKind.kind: Invalid value: \"Foo_Bar\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  test("resource rules as for webhooks, resource names path segments and distinct", () => {
    expect(policyErrs({ matchConstraints: { resourceRules: [rule({ operations: [], resourceNames: ["a/b", "x", "x"] })], excludeResourceRules: [rule({ resources: [] })] } })).toEqual([
      "spec.matchConstraints.resourceRules[0].resourceNames[0]: Invalid value: \"a/b\": may not contain '/'",
      'spec.matchConstraints.resourceRules[0].resourceNames[2]: Duplicate value: "x"',
      "spec.matchConstraints.resourceRules[0].operations: Required value",
      "spec.matchConstraints.excludeResourceRules[0].resources: Required value",
    ]);
  });

  test("selectors are checked strictly", () => {
    expect(policyErrs({ matchConstraints: { resourceRules: [rule()], objectSelector: { matchLabels: { a: "not valid!" } } } })).toHaveLength(1);
  });

  test("validations: expression, message, messageExpression, reason", () => {
    expect(policyErrs({ validations: [{ expression: " ", message: "  ", messageExpression: " ", reason: "Teapot" }, { expression: "true", message: "two\nlines" }] })).toEqual([
      "spec.validations[0].expression: Required value: expression is not specified",
      'spec.validations[0].messageExpression: Invalid value: " ": must be non-empty if specified',
      'spec.validations[0].message: Invalid value: "  ": message must be non-empty if specified',
      'spec.validations[0].reason: Unsupported value: "Teapot": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge"',
      'spec.validations[1].message: Invalid value: "two\\nlines": message must not contain line breaks',
    ]);
  });

  test("variables: CEL identifiers and expressions", () => {
    expect(policyErrs({ variables: [{ name: "", expression: "" }, { name: "1x", expression: "1" }, { name: "in", expression: "1" }] })).toEqual([
      "spec.variables[0].name: Required value: name is not specified",
      "spec.variables[0].expression: Required value: expression is not specified",
      'spec.variables[1].name: Invalid value: "1x": name is not a valid CEL identifier',
      'spec.variables[2].name: Invalid value: "in": name is not a valid CEL identifier',
    ]);
  });

  test("match conditions as for webhooks", () => {
    expect(policyErrs({ matchConditions: [{ name: "a", expression: "true" }, { name: "a", expression: "" }] })).toEqual([
      "spec.matchConditions[1].expression: Required value",
      'spec.matchConditions[1].name: Duplicate value: "a"',
    ]);
  });

  test("audit annotations: qualified keys under the policy name, unique, value expressions", () => {
    expect(
      policyErrs(
        {
          validations: [],
          auditAnnotations: [
            { key: "ok", valueExpression: "'v'" },
            { key: "ok", valueExpression: " " },
            { key: "bad key", valueExpression: "x".repeat(5121) },
          ],
        },
        "pol",
      ),
    ).toEqual([
      "spec.auditAnnotations[1].valueExpression: Required value: valueExpression is not specified",
      'spec.auditAnnotations[1].key: Duplicate value: "ok"',
      "spec.auditAnnotations[2].key: Invalid value: \"pol/bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "spec.auditAnnotations[2].valueExpression: Required value: must not exceed 5120 bytes in length",
    ]);
    const many = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, valueExpression: "'v'" }));
    const errs = policyErrs({ auditAnnotations: many });
    expect(errs).toHaveLength(1);
    expect(errs[0]).toStartWith('spec.auditAnnotations: Invalid value: []admissionregistration.AuditAnnotation{admissionregistration.AuditAnnotation{Key:"k0", ValueExpression:"\'v\'"}, ');
    expect(errs[0]).toEndWith(": must not have more than 20 auditAnnotations");
  });

  test("an update does not check unchanged match conditions again (paramKind unchanged)", () => {
    const old = policy(spec({ matchConditions: [{ name: "Bad Name", expression: "true" }] }));
    applyDefaults(VAP, old);
    const o = structuredClone(old);
    (o["spec"] as any).validations.push({ expression: "false" });
    expect(validateObject(VAP, o, old).map(errorString)).toEqual([]);
    (o["spec"] as any).paramKind = { apiVersion: "v1", kind: "ConfigMap" };
    expect(validateObject(VAP, o, old).map(errorString)).toHaveLength(1);
  });

  test("status: expression warnings and conditions", () => {
    const old = policy(spec());
    applyDefaults(VAP, old);
    const o = structuredClone(old) as KubeObject;
    o["status"] = {
      observedGeneration: 1,
      typeChecking: { expressionWarnings: [{ fieldRef: "", warning: "" }] },
      conditions: [
        { type: "Ready", status: "Maybe", lastTransitionTime: "2025-01-01T00:00:00Z", reason: "Bad reason", message: "" },
        { type: "Ready", status: "True", reason: "" },
      ],
    };
    expect(validateObject(VAP, o, old, { subresource: "status" }).map(errorString)).toEqual([
      "status.typeChecking.expressionWarnings[0].warning: Required value",
      "status.typeChecking.expressionWarnings[0].fieldRef: Required value",
      'status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
      "status.conditions[0].reason: Invalid value: \"Bad reason\": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'ReasonA',  or 'ReasonA_ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')",
      'status.conditions[1].type: Duplicate value: "Ready"',
      "status.conditions[1].lastTransitionTime: Required value: must be set",
      "status.conditions[1].reason: Required value: must be set",
    ]);
  });
});

describe("ValidatingAdmissionPolicyBinding", () => {
  test("valid bindings", () => {
    expect(bindingErrs({})).toEqual([]);
    expect(bindingErrs({ paramRef: { name: "limits", namespace: "default", parameterNotFoundAction: "Deny" }, validationActions: ["Warn", "Audit"] })).toEqual([]);
    expect(bindingErrs({ paramRef: { selector: {}, parameterNotFoundAction: "Allow" }, matchResources: { namespaceSelector: { matchLabels: { env: "test" } } } })).toEqual([]);
  });

  test("policyName required, a DNS subdomain", () => {
    expect(bindingErrs({ policyName: "" })).toEqual(["spec.policyName: Required value"]);
    expect(bindingErrs({ policyName: "Bad_Name" })).toEqual([
      "spec.policyName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  test("validationActions: required, valid, distinct, not Deny with Warn", () => {
    expect(bindingErrs({ validationActions: [] })).toEqual(["spec.validationActions: Required value: at least one validation action is required"]);
    expect(bindingErrs({ validationActions: undefined })).toEqual(["spec.validationActions: Required value: at least one validation action is required"]);
    expect(bindingErrs({ validationActions: ["Audit", "Audit", "Block"] })).toEqual([
      'spec.validationActions[1]: Duplicate value: "Audit"',
      'spec.validationActions[2]: Unsupported value: "Block": supported values: "Audit", "Deny", "Warn"',
    ]);
    expect(bindingErrs({ validationActions: ["Deny", "Warn"] })).toEqual([
      'spec.validationActions: Invalid value: []admissionregistration.ValidationAction{"Deny", "Warn"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    ]);
  });

  test("paramRef: name or selector, not both; parameterNotFoundAction required", () => {
    expect(bindingErrs({ paramRef: {} })).toEqual(["spec.paramRef: Required value: one of name or selector must be specified", "spec.paramRef.parameterNotFoundAction: Required value"]);
    expect(bindingErrs({ paramRef: { name: "a%b", selector: {}, parameterNotFoundAction: "Ignore" } })).toEqual([
      "spec.paramRef.name: Invalid value: \"a%b\": may not contain '%'",
      "spec.paramRef.name: Forbidden: name and selector are mutually exclusive",
      "spec.paramRef.selector: Forbidden: name and selector are mutually exclusive",
      'spec.paramRef.parameterNotFoundAction: Unsupported value: "Ignore": supported values: "Deny", "Allow"',
    ]);
  });

  test("matchResources errors are reported under spec.matchResouces (upstream's spelling); resource rules optional", () => {
    expect(bindingErrs({ matchResources: { matchPolicy: "Loose", resourceRules: [rule({ apiGroups: [] })] } })).toEqual([
      'spec.matchResouces.matchPolicy: Unsupported value: "Loose": supported values: "Equivalent", "Exact"',
      "spec.matchResouces.resourceRules[0].apiGroups: Required value",
    ]);
  });
});
