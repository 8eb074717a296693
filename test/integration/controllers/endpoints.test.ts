import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Pod } from "../../../src/api/types/index.ts";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { eventually, markPodReady, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
let manager: ControllerManager;
const NS = "default";

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  manager = runControllerManager({ client, informers: newInformers(client), controllers: ["endpoint", "endpointslice", "garbagecollector"] });
});
afterAll(async () => {
  await manager.stop();
  await cluster.stop();
});

async function pod(name: string): Promise<Pod> {
  const t = podTemplate({ app: "api" });
  return cluster.client.pods(NS).create({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: NS, labels: t.metadata.labels }, spec: { ...t.spec, containers: [{ ...t.spec.containers[0]!, ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] }] } });
}

describe("Endpoints and EndpointSlices through the API", () => {
  test("ready pods become endpoints; not ready ones are listed as such; deleting the service removes both", async () => {
    await cluster.client.services(NS).create({ apiVersion: "v1", kind: "Service", metadata: { name: "api", namespace: NS }, spec: { selector: { app: "api" }, ports: [{ name: "web", port: 80, targetPort: "http", protocol: "TCP" }] } });
    const a = await pod("api-a");
    const b = await pod("api-b");
    await markPodReady(cluster.client, a, "10.9.0.1");
    // b gets an IP but is not ready
    await cluster.client.pods(NS).updateStatus({ ...b, status: { phase: "Running", podIP: "10.9.0.2", podIPs: [{ ip: "10.9.0.2" }], conditions: [{ type: "Ready", status: "False" }] } });
    const ep = await eventually("endpoints", async () => {
      const e = await cluster.client.endpoints(NS).get("api");
      return e.subsets?.[0]?.addresses?.length === 1 && e.subsets[0].notReadyAddresses?.length === 1 ? e : undefined;
    });
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: "10.9.0.1", targetRef: { kind: "Pod", namespace: NS, name: "api-a", uid: a.metadata.uid! } }],
        notReadyAddresses: [{ ip: "10.9.0.2", targetRef: { kind: "Pod", namespace: NS, name: "api-b", uid: b.metadata.uid! } }],
        ports: [{ name: "web", port: 8080, protocol: "TCP" }],
      },
    ]);
    const slice = await eventually("slice", async () => {
      const s = (await cluster.client.endpointSlices(NS).list({ labelSelector: { "kubernetes.io/service-name": "api" } })).items;
      return s.length === 1 && s[0]!.endpoints.length === 2 ? s[0] : undefined;
    });
    const svc = await cluster.client.services(NS).get("api");
    expect(slice.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Service", name: "api", uid: svc.metadata.uid! });
    expect(slice.metadata.labels?.["endpointslice.kubernetes.io/managed-by"]).toBe("endpointslice-controller.k8s.io");
    expect(slice.ports).toEqual([{ name: "web", port: 8080, protocol: "TCP" }]);
    expect(slice.endpoints.map((e) => [e.targetRef?.name, e.conditions?.ready])).toEqual([
      ["api-a", true],
      ["api-b", false],
    ]);
    await cluster.client.services(NS).delete("api");
    await eventually("endpoints and slices gone", async () => {
      const eps = (await cluster.client.endpoints(NS).list()).items.filter((e) => e.metadata.name === "api");
      const slices = (await cluster.client.endpointSlices(NS).list({ labelSelector: { "kubernetes.io/service-name": "api" } })).items;
      return eps.length === 0 && slices.length === 0;
    });
  });
});
