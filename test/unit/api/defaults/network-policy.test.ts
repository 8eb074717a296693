import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { validateObject } from "../../../../src/api/validation/index.ts";

/** SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort (pkg/apis/networking/v1/defaults.go). */

const NETPOL = resourceFor("networking.k8s.io", "v1", "networkpolicies")!;

const run = (spec: unknown, old?: KubeObject) => {
  const o = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "p", namespace: "d" }, ...(spec === undefined ? {} : { spec }) };
  applyDefaults(NETPOL, o as KubeObject, old);
  return o as any;
};

describe("networkpolicy defaults", () => {
  test("no spec: an empty pod selector that Go always serializes, and Ingress; the result is valid", () => {
    const np = run(undefined);
    expect(np.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
    expect(validateObject(NETPOL, np)).toEqual([]);
  });

  test("a null podSelector becomes empty; a given one is kept", () => {
    expect(run({ podSelector: null }).spec.podSelector).toEqual({});
    expect(run({ podSelector: { matchLabels: { app: "db" } } }).spec.podSelector).toEqual({ matchLabels: { app: "db" } });
  });

  test("ingress rules alone: Ingress", () => {
    expect(run({ podSelector: {}, ingress: [{}] }).spec.policyTypes).toEqual(["Ingress"]);
  });

  test("egress rules: Ingress and Egress", () => {
    expect(run({ podSelector: {}, egress: [{ to: [{ namespaceSelector: {} }] }] }).spec.policyTypes).toEqual(["Ingress", "Egress"]);
  });

  test("an empty egress list adds nothing", () => {
    expect(run({ podSelector: {}, egress: [] }).spec.policyTypes).toEqual(["Ingress"]);
  });

  test("given policyTypes are kept; an empty list is defaulted", () => {
    expect(run({ podSelector: {}, egress: [{}], policyTypes: ["Egress"] }).spec.policyTypes).toEqual(["Egress"]);
    expect(run({ podSelector: {}, policyTypes: [] }).spec.policyTypes).toEqual(["Ingress"]);
  });

  test("ports without a protocol get TCP, in ingress and egress rules; a given protocol is kept", () => {
    const np = run({
      podSelector: {},
      ingress: [{ ports: [{ port: 80 }, { protocol: "UDP", port: 53 }, {}] }],
      egress: [{ ports: [{ port: "dns", protocol: null }] }],
    });
    expect(np.spec.ingress[0].ports).toEqual([{ protocol: "TCP", port: 80 }, { protocol: "UDP", port: 53 }, { protocol: "TCP" }]);
    expect(np.spec.egress[0].ports).toEqual([{ port: "dns", protocol: "TCP" }]);
  });

  test("an empty protocol is not defaulted (validation refuses it)", () => {
    const np = run({ podSelector: {}, ingress: [{ ports: [{ protocol: "", port: 80 }] }] });
    expect(np.spec.ingress[0].ports[0].protocol).toBe("");
    expect(validateObject(NETPOL, np)).toHaveLength(1);
  });

  test("defaults apply on update too", () => {
    const old = run({ podSelector: {} });
    const np = run({ podSelector: {}, egress: [{ ports: [{ port: 443 }] }] }, old);
    expect(np.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(np.spec.egress[0].ports[0].protocol).toBe("TCP");
  });
});
