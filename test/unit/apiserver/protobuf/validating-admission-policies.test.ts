import { describe, expect, test } from "bun:test";
import { decodeProtobufBody, messageFor } from "../../../../src/apiserver/protobuf/decode.ts";
import { envelope, msg, str } from "../../../helpers/protobuf-writer.ts";

/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy(Binding) protobuf bodies (k8s.io/api
 * v0.34 generated.proto): a NamedRuleWithOperations inlines its RuleWithOperations (field 2),
 * which inlines its Rule (field 2).
 */

const GV = "admissionregistration.k8s.io/v1";

describe("protobuf bodies", () => {
  test("message names", () => {
    expect(messageFor(GV, "ValidatingAdmissionPolicy")).toBe("admissionregistration.v1.ValidatingAdmissionPolicy");
    expect(messageFor(GV, "ValidatingAdmissionPolicyBinding")).toBe("admissionregistration.v1.ValidatingAdmissionPolicyBinding");
  });

  test("a ValidatingAdmissionPolicy: paramKind, match constraints with a named rule, validations, failurePolicy, variables", () => {
    const namedRule = [...str(1, "only-this"), ...msg(2, str(1, "CREATE"), msg(2, str(1, "apps"), str(2, "v1"), str(3, "deployments")))];
    const spec = [
      ...msg(1, str(1, "v1"), str(2, "ConfigMap")),
      ...msg(2, msg(3, namedRule), str(7, "Exact")),
      ...msg(3, str(1, "object.spec.replicas <= 5"), str(2, "too many"), str(3, "Invalid")),
      ...str(4, "Ignore"),
      ...msg(7, str(1, "replicas"), str(2, "object.spec.replicas")),
    ];
    expect(decodeProtobufBody(envelope(GV, "ValidatingAdmissionPolicy", [...msg(1, str(1, "replicas")), ...msg(2, spec)]))).toEqual({
      apiVersion: GV,
      kind: "ValidatingAdmissionPolicy",
      metadata: { name: "replicas" },
      spec: {
        paramKind: { apiVersion: "v1", kind: "ConfigMap" },
        matchConstraints: { resourceRules: [{ resourceNames: ["only-this"], operations: ["CREATE"], apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"] }], matchPolicy: "Exact" },
        validations: [{ expression: "object.spec.replicas <= 5", message: "too many", reason: "Invalid" }],
        failurePolicy: "Ignore",
        variables: [{ name: "replicas", expression: "object.spec.replicas" }],
      },
    });
  });

  test("a ValidatingAdmissionPolicyBinding: policyName, paramRef, validationActions", () => {
    const spec = [...str(1, "replicas"), ...msg(2, str(1, "limits"), str(2, "default"), str(4, "Deny")), ...str(4, "Deny"), ...str(4, "Audit")];
    expect(decodeProtobufBody(envelope(GV, "ValidatingAdmissionPolicyBinding", [...msg(1, str(1, "replicas-binding")), ...msg(2, spec)]))).toEqual({
      apiVersion: GV,
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name: "replicas-binding" },
      spec: { policyName: "replicas", paramRef: { name: "limits", namespace: "default", parameterNotFoundAction: "Deny" }, validationActions: ["Deny", "Audit"] },
    });
  });
});
