import { describe, expect, test } from "bun:test";
import { decodeProtobufBody, messageFor } from "../../../../src/apiserver/protobuf/decode.ts";
import { bytes, envelope, msg, str, vint } from "../../../helpers/protobuf-writer.ts";

/**
 * admissionregistration.k8s.io/v1 webhook configuration protobuf bodies (k8s.io/api v0.34.1
 * generated.proto): the proto field `Webhooks` is `webhooks` in JSON, and the rule's
 * embedded Rule is inlined.
 */

const GV = "admissionregistration.k8s.io/v1";

describe("protobuf bodies", () => {
  test("message names", () => {
    expect(messageFor(GV, "ValidatingWebhookConfiguration")).toBe("admissionregistration.v1.ValidatingWebhookConfiguration");
    expect(messageFor(GV, "MutatingWebhookConfiguration")).toBe("admissionregistration.v1.MutatingWebhookConfiguration");
  });

  test("a ValidatingWebhookConfiguration: service client config, an inlined rule, selectors, versions, match conditions", () => {
    const webhook = [
      ...str(1, "check.example.com"),
      ...msg(2, msg(1, str(1, "webhooks"), str(2, "checker"), str(3, "/validate")), bytes(2, [0x66, 0x6f, 0x6f])),
      ...msg(3, str(1, "CREATE"), str(1, "UPDATE"), msg(2, str(1, "apps"), str(2, "v1"), str(3, "deployments"), str(4, "Namespaced"))),
      ...str(4, "Ignore"),
      ...msg(5),
      ...str(6, "None"),
      ...vint(7, 5),
      ...str(8, "v1"),
      ...str(9, "Exact"),
      ...msg(10, msg(2, str(1, "tier"), str(2, "In"), str(3, "web"))),
      ...msg(11, str(1, "not-leases"), str(2, "request.resource.resource != 'leases'")),
    ];
    const raw = [...msg(1, str(1, "checks")), ...msg(2, ...[webhook])];
    expect(decodeProtobufBody(envelope(GV, "ValidatingWebhookConfiguration", raw))).toEqual({
      apiVersion: GV,
      kind: "ValidatingWebhookConfiguration",
      metadata: { name: "checks" },
      webhooks: [
        {
          name: "check.example.com",
          clientConfig: { service: { namespace: "webhooks", name: "checker", path: "/validate" }, caBundle: "Zm9v" },
          rules: [{ operations: ["CREATE", "UPDATE"], apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"], scope: "Namespaced" }],
          failurePolicy: "Ignore",
          namespaceSelector: {},
          sideEffects: "None",
          timeoutSeconds: 5,
          admissionReviewVersions: ["v1"],
          matchPolicy: "Exact",
          objectSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }] },
          matchConditions: [{ name: "not-leases", expression: "request.resource.resource != 'leases'" }],
        },
      ],
    });
  });

  test("a MutatingWebhookConfiguration: url client config, reinvocationPolicy (10), objectSelector (11)", () => {
    const webhook = [...str(1, "mutate.example.com"), ...msg(2, str(3, "https://hooks.example.com/mutate")), ...str(6, "NoneOnDryRun"), ...str(8, "v1"), ...str(10, "IfNeeded"), ...msg(11)];
    const obj = decodeProtobufBody(envelope(GV, "MutatingWebhookConfiguration", [...msg(1, str(1, "mutations")), ...msg(2, ...[webhook])]));
    expect(obj).toEqual({
      apiVersion: GV,
      kind: "MutatingWebhookConfiguration",
      metadata: { name: "mutations" },
      webhooks: [
        { name: "mutate.example.com", clientConfig: { url: "https://hooks.example.com/mutate" }, sideEffects: "NoneOnDryRun", admissionReviewVersions: ["v1"], reinvocationPolicy: "IfNeeded", objectSelector: {} },
      ],
    });
  });
});
