import { describe, expect, test } from "bun:test";
import { decodeProtobufBody, messageFor } from "../../../../src/apiserver/protobuf/decode.ts";
import { shortName } from "../../../../src/apiserver/protobuf/generate.ts";
import { bytes, envelope, msg, str, vint } from "../../../helpers/protobuf-writer.ts";

/**
 * apiregistration.k8s.io/v1 APIService protobuf bodies (k8s.io/kube-aggregator v0.34
 * generated.proto): spec fields 1-5, 7 and 8 (6 is retired), conditions in status.
 */

const GV = "apiregistration.k8s.io/v1";

describe("protobuf bodies", () => {
  test("message names: kube-aggregator's package is named as the other groups'", () => {
    expect(messageFor(GV, "APIService")).toBe("apiregistration.v1.APIService");
    expect(messageFor(GV, "APIServiceList")).toBe("apiregistration.v1.APIServiceList");
    expect(shortName(".k8s.io.kube_aggregator.pkg.apis.apiregistration.v1.ServiceReference")).toBe("apiregistration.v1.ServiceReference");
  });

  test("an APIService with a service, a CA bundle, priorities and a condition", () => {
    const spec = [...msg(1, str(1, "kube-system"), str(2, "metrics-server"), vint(3, 8443)), ...str(2, "metrics.k8s.io"), ...str(3, "v1beta1"), ...bytes(5, [0x66, 0x6f, 0x6f]), ...vint(7, 100), ...vint(8, 15)];
    const status = msg(1, str(1, "Available"), str(2, "False"), msg(3, vint(1, 1735732800)), str(4, "MissingEndpoints"), str(5, "no addresses"));
    const raw = [...msg(1, str(1, "v1beta1.metrics.k8s.io")), ...msg(2, spec), ...msg(3, status)];
    expect(decodeProtobufBody(envelope(GV, "APIService", raw))).toEqual({
      apiVersion: GV,
      kind: "APIService",
      metadata: { name: "v1beta1.metrics.k8s.io" },
      spec: {
        service: { namespace: "kube-system", name: "metrics-server", port: 8443 },
        group: "metrics.k8s.io",
        version: "v1beta1",
        caBundle: "Zm9v",
        groupPriorityMinimum: 100,
        versionPriority: 15,
      },
      status: { conditions: [{ type: "Available", status: "False", lastTransitionTime: "2025-01-01T12:00:00Z", reason: "MissingEndpoints", message: "no addresses" }] },
    });
  });

  test("a Local APIService: insecureSkipTLSVerify (4), no service", () => {
    const spec = [...str(3, "v1"), ...vint(4, true), ...vint(7, 18000), ...vint(8, 1)];
    const obj = decodeProtobufBody(envelope(GV, "APIService", [...msg(1, str(1, "v1.")), ...msg(2, spec)]));
    expect(obj["spec"]).toEqual({ version: "v1", insecureSkipTLSVerify: true, groupPriorityMinimum: 18000, versionPriority: 1 });
  });
});
