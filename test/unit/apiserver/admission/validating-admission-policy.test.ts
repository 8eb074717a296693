/**
 * The ValidatingAdmissionPolicy plugin over a fake lookup: a policy's variables are what
 * its validations see under `variables`, whatever CEL identifier names them.
 */
import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { validatingAdmissionPolicies } from "../../../../src/apiserver/admission/index.ts";
import type { AdmissionAttributes, AdmissionLookup } from "../../../../src/apiserver/admission/types.ts";
import { ApiError } from "../../../../src/apiserver/http/status.ts";

const CONFIGMAPS = resourceFor("", "v1", "configmaps")!;

function lookup(policy: KubeObject): AdmissionLookup {
  const binding = { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name: "b" }, spec: { policyName: "p", validationActions: ["Deny"] } } as KubeObject;
  return {
    get: (_g, plural, _ns, name) => (plural === "validatingadmissionpolicies" && name === "p" ? policy : undefined),
    getLive: async () => undefined,
    list: (_g, plural) => (plural === "validatingadmissionpolicybindings" ? [binding] : []),
  };
}

function create(data: Record<string, string>): AdmissionAttributes {
  const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "ns" }, data } as KubeObject;
  return { resource: CONFIGMAPS, subresource: "", operation: "CREATE", namespace: "ns", name: "c", object, oldObject: undefined, user: { name: "u", groups: [] }, dryRun: false };
}

function verdict(variable: string, data: Record<string, string>): string {
  const policy = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name: "p" },
    spec: { failurePolicy: "Fail", variables: [{ name: variable, expression: "object.data" }], validations: [{ expression: `has(variables.${variable}.a)`, message: "needs a" }] },
  } as KubeObject;
  try {
    validatingAdmissionPolicies.validate(create(data), lookup(policy));
    return "allowed";
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return e.status.message ?? "";
  }
}

describe("policy variables", () => {
  test("validations read the variables", () => {
    expect(verdict("cm", { a: "1" })).toBe("allowed");
    expect(verdict("cm", { b: "1" })).toBe("ValidatingAdmissionPolicy 'p' with binding 'b' denied request: needs a");
  });

  test("a variable named like an Object.prototype member is a variable like any other", () => {
    for (const name of ["__proto__", "constructor", "toString", "valueOf"]) {
      expect(verdict(name, { a: "1" })).toBe("allowed");
      expect(verdict(name, { b: "1" })).toBe("ValidatingAdmissionPolicy 'p' with binding 'b' denied request: needs a");
    }
  });
});
