import { describe, expect, test } from "bun:test";
import type { EndpointSlice, Pod, Service } from "../../../../src/api/types/index.ts";
import { desiredSubsets, endpointsLabels } from "../../../../src/controllers/endpoints/desired.ts";
import { desiredSlices, planSlices, sliceLabels } from "../../../../src/controllers/endpointslice/desired.ts";

function svc(o: { ports?: Service["spec"] extends infer S ? (S extends { ports?: infer P } ? P : never) : never; headless?: boolean; publishNotReady?: boolean } = {}): Service {
  return {
    metadata: { name: "web", namespace: "ns", uid: "svc-uid", labels: { app: "web" } },
    spec: {
      selector: { app: "web" },
      ports: o.ports ?? [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
      ...(o.headless ? { clusterIP: "None" } : {}),
      ...(o.publishNotReady ? { publishNotReadyAddresses: true } : {}),
    },
  };
}
function pod(name: string, o: { ip?: string; ready?: boolean; deleting?: boolean; phase?: "Running" | "Succeeded"; node?: string; containerPort?: number; hostname?: string } = {}): Pod {
  return {
    metadata: { name, namespace: "ns", uid: `uid-${name}`, labels: { app: "web" }, ...(o.deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
    spec: { containers: [{ name: "c", ports: [{ name: "http", containerPort: o.containerPort ?? 8080 }] }], ...(o.node ? { nodeName: o.node } : {}), ...(o.hostname ? { hostname: o.hostname, subdomain: "web" } : {}) },
    status: { phase: o.phase ?? "Running", ...(o.ip !== undefined ? { podIP: o.ip } : {}), conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True" }] },
  };
}

describe("Endpoints subsets", () => {
  test("ready and not-ready addresses share a subset; named ports resolve per pod", () => {
    const subsets = desiredSubsets(svc(), [pod("b", { ip: "10.0.0.2", node: "n1" }), pod("a", { ip: "10.0.0.1", hostname: "a" }), pod("c", { ip: "10.0.0.3", ready: false }), pod("noip"), pod("done", { ip: "10.0.0.9", phase: "Succeeded" }), pod("gone", { ip: "10.0.0.8", deleting: true })]);
    expect(subsets).toEqual([
      {
        addresses: [
          { ip: "10.0.0.1", hostname: "a", targetRef: { kind: "Pod", namespace: "ns", name: "a", uid: "uid-a" } },
          { ip: "10.0.0.2", nodeName: "n1", targetRef: { kind: "Pod", namespace: "ns", name: "b", uid: "uid-b" } },
        ],
        notReadyAddresses: [{ ip: "10.0.0.3", targetRef: { kind: "Pod", namespace: "ns", name: "c", uid: "uid-c" } }],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });
  test("pods resolving different ports land in different subsets; unresolvable pods are left out", () => {
    const subsets = desiredSubsets(svc(), [pod("a", { ip: "10.0.0.1", containerPort: 8080 }), pod("b", { ip: "10.0.0.2", containerPort: 9090 })]);
    expect(subsets.map((s) => s.ports?.[0]?.port)).toEqual([8080, 9090]);
    const none = desiredSubsets(svc({ ports: [{ port: 80, targetPort: "missing" }] }), [pod("a", { ip: "10.0.0.1" })]);
    expect(none).toEqual([]);
  });
  test("publishNotReadyAddresses makes every pod ready, terminating ones included", () => {
    const subsets = desiredSubsets(svc({ publishNotReady: true }), [pod("a", { ip: "10.0.0.1", ready: false }), pod("b", { ip: "10.0.0.2", deleting: true })]);
    expect(subsets[0]!.addresses?.map((a) => a.ip)).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(subsets[0]!.notReadyAddresses).toBeUndefined();
  });
  test("headless services carry the headless label", () => {
    expect(endpointsLabels(svc({ headless: true }))).toEqual({ app: "web", "service.kubernetes.io/headless": "" });
  });
});

describe("EndpointSlices", () => {
  test("conditions follow upstream: terminating pods stay, not ready and not serving", () => {
    const [slice] = desiredSlices(svc(), [pod("a", { ip: "10.0.0.1", node: "n1" }), pod("b", { ip: "10.0.0.2", deleting: true }), pod("c", { ip: "10.0.0.3", ready: false })], (n) => (n === "n1" ? "z1" : undefined));
    expect(slice!.addressType).toBe("IPv4");
    expect(slice!.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(slice!.endpoints.map((e) => [e.targetRef?.name, e.conditions])).toEqual([
      ["a", { ready: true, serving: true, terminating: false }],
      ["b", { ready: false, serving: true, terminating: true }],
      ["c", { ready: false, serving: false, terminating: false }],
    ]);
    expect(slice!.endpoints[0]).toMatchObject({ nodeName: "n1", zone: "z1", addresses: ["10.0.0.1"] });
  });
  test("no pods: one placeholder slice", () => {
    expect(desiredSlices(svc(), [])).toEqual([{ addressType: "IPv4", ports: [], endpoints: [] }]);
  });
  test("large services are split into slices of at most 100", () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(`p${String(i).padStart(3, "0")}`, { ip: `10.0.${Math.floor(i / 200)}.${i % 200}` }));
    expect(desiredSlices(svc(), pods).map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
  });
  test("planning reuses slices with the same address type and ports", () => {
    const labels = sliceLabels(svc());
    expect(labels).toEqual({ app: "web", "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" });
    const desired = desiredSlices(svc(), [pod("a", { ip: "10.0.0.1" })]);
    const existing: EndpointSlice = { metadata: { name: "web-abc", labels }, addressType: "IPv4", ports: desired[0]!.ports, endpoints: [] };
    const stale: EndpointSlice = { metadata: { name: "web-old", labels }, addressType: "IPv4", ports: [{ name: "x", port: 1, protocol: "TCP" }], endpoints: [] };
    const plan = planSlices([existing, stale], desired, labels);
    expect(plan.create).toEqual([]);
    expect(plan.update.map((u) => u.existing.metadata.name)).toEqual(["web-abc"]);
    expect(plan.delete.map((s) => s.metadata.name)).toEqual(["web-old"]);
    const settled = planSlices([{ ...existing, endpoints: desired[0]!.endpoints }], desired, labels);
    expect(settled).toEqual({ create: [], update: [], delete: [] });
  });
});
