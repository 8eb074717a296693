import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Namespace } from "../../../src/api/types/index.ts";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { eventually, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
let manager: ControllerManager;

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  manager = runControllerManager({ client, informers: newInformers(client), controllers: ["namespace", "serviceaccount", "replicaset", "garbagecollector"] });
});
afterAll(async () => {
  await manager.stop();
  await cluster.stop();
});

describe("namespace and service account controllers through the API", () => {
  test("every namespace gets a default ServiceAccount, recreated when deleted", async () => {
    await eventually("default sa in default", async () => (await cluster.client.serviceAccounts("default").get("default")).metadata.name);
    await cluster.client.namespaces().create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    const first = await eventually("default sa in team-a", async () => cluster.client.serviceAccounts("team-a").get("default"));
    await cluster.client.serviceAccounts("team-a").delete("default");
    const again = await eventually("recreated", async () => {
      const sa = await cluster.client.serviceAccounts("team-a").get("default");
      return sa.metadata.uid !== first.metadata.uid ? sa : undefined;
    });
    expect(again.metadata.name).toBe("default");
  });

  test("deleting a namespace deletes its content, reports conditions and removes the kubernetes finalizer", async () => {
    const ns = "doomed";
    await cluster.client.namespaces().create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    await cluster.client.configMaps(ns).create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: ns }, data: { a: "b" } });
    await cluster.client.replicaSets(ns).create({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "rs", namespace: ns },
      spec: { replicas: 3, selector: { matchLabels: { app: "x" } }, template: podTemplate({ app: "x" }) },
    });
    await eventually("pods", async () => (await cluster.client.pods(ns).list()).items.length === 3);
    // A ConfigMap with a finalizer of someone else's keeps the namespace terminating.
    await cluster.client.configMaps(ns).create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", namespace: ns, finalizers: ["example.com/hold"] } });
    const created = await cluster.client.namespaces().get(ns);
    expect(created.spec?.finalizers).toEqual(["kubernetes"]);

    await cluster.client.namespaces().delete(ns);
    const stuck = await eventually("finalizers remaining", async () => {
      const cur: Namespace = await cluster.client.namespaces().get(ns);
      return cur.status?.conditions?.find((c) => c.type === "NamespaceFinalizersRemaining" && c.status === "True") ? cur : undefined;
    });
    expect(stuck.status?.phase).toBe("Terminating");
    const byType = Object.fromEntries((stuck.status?.conditions ?? []).map((c) => [c.type, c]));
    expect(byType.NamespaceFinalizersRemaining?.message).toBe("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
    expect(byType.NamespaceContentRemaining?.message).toBe("Some resources are remaining: configmaps. has 1 resource instances");
    expect(byType.NamespaceDeletionDiscoveryFailure).toMatchObject({ status: "False", reason: "ResourcesDiscovered" });
    expect((await cluster.client.pods(ns).list()).items).toHaveLength(0);
    expect((await cluster.client.replicaSets(ns).list()).items).toHaveLength(0);

    await cluster.client.configMaps(ns).patch("held", { metadata: { finalizers: null } });
    await eventually("namespace gone", async () => !(await cluster.client.namespaces().list()).items.some((n) => n.metadata.name === ns), 40_000);
  }, 60_000);
});
