import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { validateObject } from "../../../../src/api/validation/index.ts";

/** SetDefaults_ServiceReference (kube-aggregator pkg/apis/apiregistration/v1/defaults.go, 1.34). */

const API_SERVICES = resourceFor("apiregistration.k8s.io", "v1", "apiservices")!;

const run = (spec: Record<string, unknown> | undefined) => {
  const o = { apiVersion: "apiregistration.k8s.io/v1", kind: "APIService", metadata: { name: "v1beta1.metrics.k8s.io" }, ...(spec === undefined ? {} : { spec }) };
  applyDefaults(API_SERVICES, o as KubeObject);
  return o as any;
};

describe("APIService defaults", () => {
  test("a service without a port gets 443; the result is valid", () => {
    const o = run({ group: "metrics.k8s.io", version: "v1beta1", service: { namespace: "kube-system", name: "metrics-server" }, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true });
    expect(o.spec.service).toEqual({ namespace: "kube-system", name: "metrics-server", port: 443 });
    expect(validateObject(API_SERVICES, o)).toEqual([]);
  });

  test("a null port is defaulted too; a set one is kept", () => {
    expect(run({ service: { namespace: "a", name: "b", port: null } }).spec.service.port).toBe(443);
    expect(run({ service: { namespace: "a", name: "b", port: 6443 } }).spec.service.port).toBe(6443);
  });

  test("a Local APIService (no service) and one without spec are left as they are", () => {
    expect(run({ group: "metrics.k8s.io", version: "v1beta1", groupPriorityMinimum: 100, versionPriority: 100 }).spec).toEqual({
      group: "metrics.k8s.io",
      version: "v1beta1",
      groupPriorityMinimum: 100,
      versionPriority: 100,
    });
    expect(run(undefined).spec).toBeUndefined();
  });
});
