/**
 * admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration and
 * MutatingWebhookConfiguration validation against upstream's messages and field paths
 * (pkg/apis/admissionregistration/validation and apiserver/pkg/util/webhook, Kubernetes 1.34),
 * through validateObject as the apiserver calls it, after the v1 defaults.
 */
import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, formatInvalidMessage, validateObject } from "../../../../src/api/validation/index.ts";

const VWC = resourceFor("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations")!;
const MWC = resourceFor("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations")!;

const hook = (fields: Record<string, unknown> = {}) => ({
  name: "check.example.com",
  clientConfig: { service: { namespace: "webhooks", name: "checker" } },
  rules: [{ operations: ["CREATE", "UPDATE"], apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"] }],
  sideEffects: "None",
  admissionReviewVersions: ["v1"],
  ...fields,
});
const config = (webhooks: unknown[], mutating = false): KubeObject =>
  ({ apiVersion: "admissionregistration.k8s.io/v1", kind: mutating ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration", metadata: { name: "cfg" }, webhooks }) as KubeObject;

const defaulted = (o: KubeObject, mutating = false, old?: KubeObject) => {
  applyDefaults(mutating ? MWC : VWC, o, old);
  return o;
};
/** The errors of a validating configuration with these webhooks (mutating: of a mutating one). */
const errs = (webhooks: unknown[], mutating = false) => validateObject(mutating ? MWC : VWC, defaulted(config(webhooks, mutating), mutating)).map(errorString);
/** The errors of one webhook with these fields. */
const hookErrs = (fields: Record<string, unknown>, mutating = false) => errs([hook(fields)], mutating);
const rule = (fields: Record<string, unknown>) => ({ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], ...fields });
const ruleErrs = (fields: Record<string, unknown>) => hookErrs({ rules: [rule(fields)] });
const update = (webhooks: unknown[], oldWebhooks: unknown[], mutating = false) => {
  const old = config(oldWebhooks, mutating);
  const o = config(webhooks, mutating);
  return validateObject(mutating ? MWC : VWC, defaulted(o, mutating, old), old).map(errorString);
};

describe("valid configurations", () => {
  test("a service webhook, a url webhook, no webhooks at all; both kinds", () => {
    expect(errs([hook()])).toEqual([]);
    expect(errs([hook({ clientConfig: { url: "https://hooks.example.com:8443/validate/pods", caBundle: "Zm9v" } })])).toEqual([]);
    expect(errs([])).toEqual([]);
    expect(errs([hook({ reinvocationPolicy: "IfNeeded" })], true)).toEqual([]);
    expect(errs([hook({ sideEffects: "NoneOnDryRun", admissionReviewVersions: ["v2", "v1beta1"], timeoutSeconds: 30, failurePolicy: "Ignore", matchPolicy: "Exact" })])).toEqual([]);
  });

  test("a service path of DNS-subdomain segments, a trailing slash allowed", () => {
    expect(hookErrs({ clientConfig: { service: { namespace: "w", name: "c", path: "/validate/pods.v1/", port: 8443 } } })).toEqual([]);
    expect(hookErrs({ clientConfig: { service: { namespace: "w", name: "c", path: "/" } } })).toEqual([]);
  });
});

describe("webhook names", () => {
  test("required, a DNS subdomain, with at least three segments", () => {
    expect(hookErrs({ name: "" })).toEqual(["webhooks[0].name: Required value"]);
    expect(hookErrs({ name: "example.com" })).toEqual(['webhooks[0].name: Invalid value: "example.com": should be a domain with at least three segments separated by dots']);
    expect(hookErrs({ name: "Check.Example.com" })).toEqual([
      "webhooks[0].name: Invalid value: \"Check.Example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  test("unique within the configuration", () => {
    expect(errs([hook(), hook({ name: "other.example.com" }), hook()])).toEqual(['webhooks[2].name: Duplicate value: "check.example.com"']);
  });
});

describe("admissionReviewVersions", () => {
  test("required: one of v1, v1beta1", () => {
    expect(hookErrs({ admissionReviewVersions: [] })).toEqual(["webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1"]);
    expect(hookErrs({ admissionReviewVersions: undefined })).toEqual(["webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1"]);
  });

  test("distinct DNS-1035 labels, including v1 or v1beta1", () => {
    expect(hookErrs({ admissionReviewVersions: ["v1", "v1"] })).toEqual(['webhooks[0].admissionReviewVersions[1]: Invalid value: "v1": duplicate version']);
    expect(hookErrs({ admissionReviewVersions: ["v2"] })).toEqual(['webhooks[0].admissionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1']);
    expect(hookErrs({ admissionReviewVersions: ["V1", "v1"] })).toEqual([
      "webhooks[0].admissionReviewVersions[0]: Invalid value: \"V1\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});

describe("sideEffects, timeoutSeconds and the policies", () => {
  test("sideEffects is required in v1 and must be None or NoneOnDryRun", () => {
    expect(hookErrs({ sideEffects: undefined })).toEqual(["webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun"]);
    expect(hookErrs({ sideEffects: "Some" })).toEqual(['webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"']);
    expect(hookErrs({ sideEffects: "Unknown" })).toEqual(['webhooks[0].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"']);
  });

  test("timeoutSeconds between 1 and 30", () => {
    expect(hookErrs({ timeoutSeconds: 0 })).toEqual(["webhooks[0].timeoutSeconds: Invalid value: 0: the timeout value must be between 1 and 30 seconds"]);
    expect(hookErrs({ timeoutSeconds: 31 })).toEqual(["webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds"]);
    expect(hookErrs({ timeoutSeconds: 1 })).toEqual([]);
  });

  test("failurePolicy, matchPolicy, reinvocationPolicy (mutating only)", () => {
    expect(hookErrs({ failurePolicy: "Retry", matchPolicy: "" })).toEqual([
      'webhooks[0].failurePolicy: Unsupported value: "Retry": supported values: "Fail", "Ignore"',
      'webhooks[0].matchPolicy: Unsupported value: "": supported values: "Equivalent", "Exact"',
    ]);
    expect(hookErrs({ reinvocationPolicy: "Always" }, true)).toEqual(['webhooks[0].reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"']);
  });
});

describe("clientConfig", () => {
  test("exactly one of url and service", () => {
    expect(hookErrs({ clientConfig: {} })).toEqual(["webhooks[0].clientConfig: Required value: exactly one of url or service is required"]);
    expect(hookErrs({ clientConfig: { url: "https://a.example.com", service: { namespace: "w", name: "c" } } })).toEqual([
      "webhooks[0].clientConfig: Required value: exactly one of url or service is required",
    ]);
  });

  test("url: https with a host, no user information, fragment or query", () => {
    const url = (u: string) => hookErrs({ clientConfig: { url: u } });
    expect(url("http://a.example.com/x")).toEqual(["webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]"]);
    expect(url("https:///path")).toEqual(['webhooks[0].clientConfig.url: Invalid value: "": host must be specified; desired format: https://host[/path]']);
    expect(url("https://user:pw@a.example.com/?x=1#top")).toEqual([
      'webhooks[0].clientConfig.url: Invalid value: "user:pw": user information is not permitted in the URL',
      'webhooks[0].clientConfig.url: Invalid value: "top": fragments are not permitted in the URL',
      'webhooks[0].clientConfig.url: Invalid value: "x=1": query parameters are not permitted in the URL',
    ]);
    expect(url("https://a.example.com:port/")).toEqual([
      'webhooks[0].clientConfig.url: Required value: url must be a valid URL: parse "https://a.example.com:port/": invalid port ":port" after host; desired format: https://host[/path]',
    ]);
  });

  test("service: name and namespace required, a valid port, path segments", () => {
    expect(hookErrs({ clientConfig: { service: { namespace: "", name: "", port: 70000 } } })).toEqual([
      "webhooks[0].clientConfig.service.name: Required value",
      "webhooks[0].clientConfig.service.namespace: Required value",
      "webhooks[0].clientConfig.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive",
    ]);
    const path = (p: string) => hookErrs({ clientConfig: { service: { namespace: "w", name: "c", path: p } } });
    expect(path("//")).toEqual(['webhooks[0].clientConfig.service.path: Invalid value: "//": segment[0] may not be empty']);
    expect(path("validate")).toEqual(["webhooks[0].clientConfig.service.path: Invalid value: \"validate\": must start with a '/'"]);
    expect(path("/a//b")).toEqual(['webhooks[0].clientConfig.service.path: Invalid value: "/a//b": segment[1] may not be empty']);
    expect(path("/Validate")[0]).toStartWith('webhooks[0].clientConfig.service.path: Invalid value: "/Validate": segment[0]: a lowercase RFC 1123 subdomain must consist of');
  });
});

describe("rules", () => {
  test("operations: required, * alone, known ones", () => {
    expect(ruleErrs({ operations: [] })).toEqual(["webhooks[0].rules[0].operations: Required value"]);
    expect(ruleErrs({ operations: ["*", "CREATE"] })).toEqual([
      'webhooks[0].rules[0].operations: Invalid value: []admissionregistration.OperationType{"*", "CREATE"}: if \'*\' is present, must not specify other operations',
    ]);
    expect(ruleErrs({ operations: ["create", "CONNECT"] })).toEqual(['webhooks[0].rules[0].operations[0]: Unsupported value: "create": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"']);
  });

  test("apiGroups and apiVersions: required, * alone; a version may not be empty (a group may: the core group)", () => {
    expect(ruleErrs({ apiGroups: [], apiVersions: [] })).toEqual(["webhooks[0].rules[0].apiGroups: Required value", "webhooks[0].rules[0].apiVersions: Required value"]);
    expect(ruleErrs({ apiGroups: ["*", "apps"], apiVersions: ["v1", "*"] })).toEqual([
      'webhooks[0].rules[0].apiGroups: Invalid value: []string{"*", "apps"}: if \'*\' is present, must not specify other API groups',
      'webhooks[0].rules[0].apiVersions: Invalid value: []string{"v1", "*"}: if \'*\' is present, must not specify other API versions',
    ]);
    expect(ruleErrs({ apiGroups: ["", "apps"], apiVersions: ["v1", ""] })).toEqual(["webhooks[0].rules[0].apiVersions[1]: Required value"]);
  });

  test("resources: required, no empty entry", () => {
    expect(ruleErrs({ resources: [] })).toEqual(["webhooks[0].rules[0].resources: Required value"]);
    expect(ruleErrs({ resources: ["pods", ""] })).toEqual(["webhooks[0].rules[0].resources[1]: Required value"]);
  });

  test("resources: wildcards and subresources", () => {
    for (const ok of [["*"], ["*/*"], ["pods/*"], ["*/scale"], ["*", "pods/log"], ["pods", "pods/status", "deployments/scale"], ["*/status", "pods/log"]]) {
      expect(ruleErrs({ resources: ok })).toEqual([]);
    }
    expect(ruleErrs({ resources: ["*/*", "pods"] })).toEqual(['webhooks[0].rules[0].resources: Invalid value: []string{"*/*", "pods"}: if \'*/*\' is present, must not specify other resources']);
    expect(ruleErrs({ resources: ["*", "pods"] })).toEqual([
      'webhooks[0].rules[0].resources: Invalid value: []string{"*", "pods"}: if \'*\' is present, must not specify other resources without subresources',
    ]);
    expect(ruleErrs({ resources: ["pods/*", "pods/log"] })).toEqual(["webhooks[0].rules[0].resources[1]: Invalid value: \"pods/log\": if 'pods/*' is present, must not specify pods/log"]);
    expect(ruleErrs({ resources: ["*/scale", "deployments/scale"] })).toEqual([
      "webhooks[0].rules[0].resources[1]: Invalid value: \"deployments/scale\": if '*/scale' is present, must not specify deployments/scale",
    ]);
    // only an earlier wildcard counts, as upstream checks in order
    expect(ruleErrs({ resources: ["pods/log", "pods/*"] })).toEqual([]);
    // upstream keeps the last plain resource's answer: "pods" then "*" passes
    expect(ruleErrs({ resources: ["pods", "*"] })).toEqual([]);
  });

  test("scope: Cluster, Namespaced or *", () => {
    expect(ruleErrs({ scope: "Namespaced" })).toEqual([]);
    expect(ruleErrs({ scope: "All" })).toEqual(['webhooks[0].rules[0].scope: Unsupported value: "All": supported values: "*", "Cluster", "Namespaced"']);
  });
});

describe("selectors", () => {
  test("namespaceSelector and objectSelector are label selectors", () => {
    expect(
      hookErrs({
        namespaceSelector: { matchExpressions: [{ key: "env", operator: "Equals", values: ["prod"] }] },
        objectSelector: { matchLabels: { "bad key": "x" }, matchExpressions: [{ key: "tier", operator: "In", values: ["not valid!"] }] },
      }),
    ).toEqual([
      'webhooks[0].namespaceSelector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
      "webhooks[0].objectSelector.matchLabels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "webhooks[0].objectSelector.matchExpressions[0].values[0]: Invalid value: \"not valid!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
});

describe("matchConditions", () => {
  test("names required, qualified and distinct; expressions required (CEL is not compiled here)", () => {
    expect(
      hookErrs({
        matchConditions: [
          { name: "", expression: "  " },
          { name: "bad name", expression: "true" },
          { name: "exclude-leases", expression: "request.resource.resource != 'leases'" },
          { name: "exclude-leases", expression: "not even CEL (" },
        ],
      }),
    ).toEqual([
      "webhooks[0].matchConditions[0].expression: Required value",
      "webhooks[0].matchConditions[0].name: Required value",
      "webhooks[0].matchConditions[1].name: Invalid value: \"bad name\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'webhooks[0].matchConditions[3].name: Duplicate value: "exclude-leases"',
    ]);
    expect(hookErrs({ matchConditions: [{ name: "example.com/MyName", expression: "true" }] })).toEqual([]);
  });

  test("at most 64", () => {
    const many = Array.from({ length: 65 }, (_, i) => ({ name: `c${i}`, expression: "true" }));
    expect(hookErrs({ matchConditions: many })).toEqual(["webhooks[0].matchConditions: Too many: 65: must have at most 64 items"]);
    expect(hookErrs({ matchConditions: many.slice(0, 64) })).toEqual([]);
  });
});

describe("the 422 message", () => {
  test("as kubectl shows it", () => {
    const o = defaulted(config([hook({ name: "check", sideEffects: undefined })]));
    expect(formatInvalidMessage({ group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration" }, "cfg", validateObject(VWC, o))).toBe(
      'ValidatingWebhookConfiguration.admissionregistration.k8s.io "cfg" is invalid: [webhooks[0].name: Invalid value: "check": should be a domain with at least three segments separated by dots, webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun]',
    );
  });

  test("metadata is checked too: the name is a DNS subdomain", () => {
    const o = config([hook()]);
    o.metadata.name = "Bad_Name";
    expect(validateObject(VWC, defaulted(o)).map((e) => e.field)).toEqual(["metadata.name"]);
  });
});

describe("updates: what the stored configuration already breaks stays allowed", () => {
  test("a valid update of a valid configuration is checked as a create", () => {
    expect(update([hook({ timeoutSeconds: 5 })], [hook()])).toEqual([]);
    expect(update([hook({ sideEffects: "Some" })], [hook()])).toEqual(['webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"']);
  });

  test("side effects Unknown or Some stored (from v1beta1): any side-effect class, and the required message lists them all", () => {
    expect(update([hook({ sideEffects: "Unknown" })], [hook({ sideEffects: "Unknown" })])).toEqual([]);
    expect(update([hook({ sideEffects: "Some" }), hook({ name: "b.example.com", sideEffects: undefined })], [hook({ sideEffects: "Some" })])).toEqual([
      "webhooks[1].sideEffects: Required value: must specify one of None, NoneOnDryRun, Some, Unknown",
    ]);
    expect(update([hook({ sideEffects: "Never" })], [hook({ sideEffects: "Unknown" })])).toEqual([
      'webhooks[0].sideEffects: Unsupported value: "Never": supported values: "None", "NoneOnDryRun", "Some", "Unknown"',
    ]);
  });

  test("no recognized AdmissionReview version stored: v1 or v1beta1 is not required", () => {
    expect(update([hook({ admissionReviewVersions: ["v2"] })], [hook({ admissionReviewVersions: ["v2"] })])).toEqual([]);
  });

  test("duplicate names stored: they stay allowed", () => {
    expect(update([hook(), hook()], [hook(), hook()])).toEqual([]);
    expect(update([hook(), hook()], [hook()])).toEqual(['webhooks[1].name: Duplicate value: "check.example.com"']);
  });

  test("unchanged match conditions are not checked again", () => {
    const bad = [{ name: "x", expression: "" }];
    expect(update([hook({ timeoutSeconds: 5, matchConditions: bad })], [hook({ matchConditions: bad })])).toEqual([]);
    expect(update([hook({ matchConditions: [...bad, { name: "y", expression: "true" }] })], [hook({ matchConditions: bad })])).toEqual([
      "webhooks[0].matchConditions[0].expression: Required value",
    ]);
  });

  test("selector values that are not label values stored: they stay allowed", () => {
    const sel = { matchExpressions: [{ key: "tier", operator: "In", values: ["not valid!"] }] };
    expect(update([hook({ objectSelector: sel })], [hook({ namespaceSelector: sel })])).toEqual([]);
    expect(update([hook({ objectSelector: sel })], [hook()])).toHaveLength(1);
  });

  test("mutating configurations are relaxed alike", () => {
    expect(update([hook({ sideEffects: "Unknown" })], [hook({ sideEffects: "Unknown" })], true)).toEqual([]);
    expect(update([hook({ reinvocationPolicy: "Sometimes" })], [hook()], true)).toEqual([
      'webhooks[0].reinvocationPolicy: Unsupported value: "Sometimes": supported values: "IfNeeded", "Never"',
    ]);
  });
});
