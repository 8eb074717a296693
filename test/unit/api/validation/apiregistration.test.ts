/**
 * apiregistration.k8s.io/v1 APIService validation against upstream's messages and field
 * paths (kube-aggregator pkg/apis/apiregistration/validation, Kubernetes 1.34), through
 * validateObject as the apiserver calls it, after the v1 defaults.
 */
import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, formatInvalidMessage, validateObject } from "../../../../src/api/validation/index.ts";

const API_SERVICES = resourceFor("apiregistration.k8s.io", "v1", "apiservices")!;

const SERVICE = { namespace: "kube-system", name: "metrics-server" };
const apiService = (spec: Record<string, unknown>, name = "v1beta1.metrics.k8s.io", meta: Record<string, unknown> = {}): KubeObject => {
  const o = {
    apiVersion: "apiregistration.k8s.io/v1",
    kind: "APIService",
    metadata: { name, ...meta },
    spec: { group: "metrics.k8s.io", version: "v1beta1", groupPriorityMinimum: 100, versionPriority: 100, service: SERVICE, insecureSkipTLSVerify: true, ...spec },
  } as unknown as KubeObject;
  applyDefaults(API_SERVICES, o);
  return o;
};
const errs = (spec: Record<string, unknown>, name?: string, meta?: Record<string, unknown>) => validateObject(API_SERVICES, apiService(spec, name, meta)).map(errorString);
const CA = Buffer.from("-----BEGIN CERTIFICATE-----").toString("base64");

describe("valid APIServices", () => {
  test("one with a service, a Local one, the legacy core group (v1.)", () => {
    expect(errs({})).toEqual([]);
    expect(errs({ service: undefined, insecureSkipTLSVerify: undefined })).toEqual([]);
    expect(errs({ group: "", version: "v1", service: undefined, insecureSkipTLSVerify: undefined, groupPriorityMinimum: 18000, versionPriority: 1 }, "v1.")).toEqual([]);
    expect(errs({ insecureSkipTLSVerify: false, caBundle: CA, service: { ...SERVICE, port: 8443 } })).toEqual([]);
    expect(errs({ groupPriorityMinimum: 20000, versionPriority: 1000 })).toEqual([]);
    expect(errs({ groupPriorityMinimum: 1, versionPriority: 1 })).toEqual([]);
  });
});

describe("the name", () => {
  test("must be spec.version + '.' + spec.group", () => {
    expect(errs({}, "metrics")).toEqual(['metadata.name: Invalid value: "metrics": must be `spec.version+"."+spec.group`: "v1beta1.metrics.k8s.io"']);
    expect(errs({ group: "", version: "v1", service: undefined, insecureSkipTLSVerify: undefined }, "v1")).toEqual([
      'metadata.name: Invalid value: "v1": must be `spec.version+"."+spec.group`: "v1."',
    ]);
  });

  test("a path segment name first: no '/' or '%', not '.' or '..'", () => {
    expect(errs({}, "v1beta1/metrics")).toEqual(["metadata.name: Invalid value: \"v1beta1/metrics\": may not contain '/'"]);
    expect(errs({}, "..")).toEqual(["metadata.name: Invalid value: \"..\": may not be '..'"]);
    expect(errs({}, "a%b/c")).toEqual(["metadata.name: Invalid value: \"a%b/c\": may not contain '/'", "metadata.name: Invalid value: \"a%b/c\": may not contain '%'"]);
  });

  test("required; a generateName never matches", () => {
    expect(errs({}, "")).toEqual(["metadata.name: Required value: name or generateName is required"]);
    expect(errs({}, "v1beta1.metrics.k8s.io", { generateName: "v1beta1." })).toEqual([
      'metadata.generateName: Invalid value: "v1beta1.": must be `spec.version+"."+spec.group`: "v1beta1.metrics.k8s.io"',
    ]);
  });
});

describe("group and version", () => {
  test("only v1 may have an empty group", () => {
    expect(errs({ group: "", version: "v2" }, "v2.")).toEqual(["spec.group: Required value: only v1 may have an empty group and it better be legacy kube"]);
  });

  test("the group is a DNS subdomain", () => {
    expect(errs({ group: "Metrics.k8s.io" }, "v1beta1.Metrics.k8s.io")).toEqual([
      "spec.group: Invalid value: \"Metrics.k8s.io\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  test("the version is a DNS-1035 label, required by that rule", () => {
    const dns1035 =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    expect(errs({ version: "1beta1" }, "1beta1.metrics.k8s.io")).toEqual([`spec.version: Invalid value: "1beta1": ${dns1035}`]);
    expect(errs({ version: "" }, ".metrics.k8s.io")).toEqual([`spec.version: Invalid value: "": ${dns1035}`]);
  });
});

describe("priorities", () => {
  test("groupPriorityMinimum 1 to 20000, versionPriority 1 to 1000 (0 when unset)", () => {
    expect(errs({ groupPriorityMinimum: 0, versionPriority: 1001 })).toEqual([
      "spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000",
      "spec.versionPriority: Invalid value: 1001: must be positive and less than 1000",
    ]);
    expect(errs({ groupPriorityMinimum: 20001, versionPriority: -1 })).toEqual([
      "spec.groupPriorityMinimum: Invalid value: 20001: must be positive and less than 20000",
      "spec.versionPriority: Invalid value: -1: must be positive and less than 1000",
    ]);
    expect(errs({ groupPriorityMinimum: undefined, versionPriority: undefined })).toEqual([
      "spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000",
      "spec.versionPriority: Invalid value: 0: must be positive and less than 1000",
    ]);
  });
});

describe("the service and TLS", () => {
  test("a Local APIService may have neither a caBundle nor insecureSkipTLSVerify", () => {
    expect(errs({ service: undefined, caBundle: CA, insecureSkipTLSVerify: true })).toEqual([
      'spec.caBundle: Invalid value: "27 bytes": local APIServices may not have a caBundle',
      "spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify",
    ]);
  });

  test("the service's namespace and name are required, the port 1-65535", () => {
    expect(errs({ service: { namespace: "", name: "", port: 0 } })).toEqual([
      "spec.service.namespace: Required value",
      "spec.service.name: Required value",
      "spec.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive",
    ]);
    expect(errs({ service: { ...SERVICE, port: 65536 } })).toEqual(["spec.service.port: Invalid value: 65536: port is not valid: must be between 1 and 65535, inclusive"]);
  });

  test("insecureSkipTLSVerify with a caBundle", () => {
    expect(errs({ caBundle: CA })).toEqual(["spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present"]);
  });

  test("the apiserver's message", () => {
    const o = apiService({ groupPriorityMinimum: 0 });
    expect(formatInvalidMessage({ group: "apiregistration.k8s.io", kind: "APIService" }, "v1beta1.metrics.k8s.io", validateObject(API_SERVICES, o))).toBe(
      'APIService.apiregistration.k8s.io "v1beta1.metrics.k8s.io" is invalid: spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000',
    );
  });
});

describe("updates", () => {
  test("the spec rules and the name rule apply again: changing the version breaks the name", () => {
    const old = apiService({});
    const changed = apiService({ version: "v1" });
    expect(validateObject(API_SERVICES, changed, old).map(errorString)).toEqual(['metadata.name: Invalid value: "v1beta1.metrics.k8s.io": must be `spec.version+"."+spec.group`: "v1.metrics.k8s.io"']);
    expect(validateObject(API_SERVICES, apiService({ versionPriority: 0 }), old).map(errorString)).toEqual(["spec.versionPriority: Invalid value: 0: must be positive and less than 1000"]);
    expect(validateObject(API_SERVICES, apiService({ versionPriority: 50 }), old)).toEqual([]);
  });

  test("status writes: each condition's status is True, False or Unknown; the spec is not checked", () => {
    const old = apiService({});
    const withStatus = (conditions: unknown[], spec: Record<string, unknown> = {}) => ({ ...apiService(spec), status: { conditions } }) as KubeObject;
    const ok = withStatus([{ type: "Available", status: "False", reason: "MissingEndpoints" }, { type: "Other", status: "Unknown" }]);
    expect(validateObject(API_SERVICES, ok, old, { subresource: "status" })).toEqual([]);
    const bad = withStatus([{ type: "Available", status: "True" }, { type: "Available2", status: "Maybe" }, { type: "X" }], { groupPriorityMinimum: 0 });
    expect(validateObject(API_SERVICES, bad, old, { subresource: "status" }).map(errorString)).toEqual([
      'status.conditions[1].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"',
      'status.conditions[2].status: Unsupported value: "": supported values: "True", "False", "Unknown"',
    ]);
  });
});
