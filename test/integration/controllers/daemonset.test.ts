import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DaemonSet, Node } from "../../../src/api/types/index.ts";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { eventually, fakeKubelet, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
let manager: ControllerManager;
let stopKubelet: () => void;
const NS = "default";

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  manager = runControllerManager({ client, informers: newInformers(client), controllers: ["daemonset"] });
  stopKubelet = fakeKubelet(cluster.client, NS, 10);
});
afterAll(async () => {
  stopKubelet();
  await manager.stop();
  await cluster.stop();
});

const node = (name: string, taints?: NonNullable<Node["spec"]>["taints"]): Node => ({ apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name } }, spec: taints ? { taints } : {} });
const get = () => cluster.client.daemonSets(NS).get("agent");

describe("DaemonSet controller through the API", () => {
  test("a pod per eligible node, following nodes as they come, and a rolling update", async () => {
    for (const n of ["n1", "n2"]) await cluster.client.nodes().create(node(n));
    await cluster.client.nodes().create(node("gpu", [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }]));
    const ds: DaemonSet = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent", namespace: NS }, spec: { selector: { matchLabels: { app: "agent" } }, template: podTemplate({ app: "agent" }, "v1") } };
    await cluster.client.daemonSets(NS).create(ds);
    const s1 = await eventually("2 ready", async () => ((d) => (d.status?.numberReady === 2 ? d : undefined))(await get()));
    expect(s1.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, updatedNumberScheduled: 2, numberAvailable: 2 });
    const pods = (await cluster.client.pods(NS).list({ labelSelector: { app: "agent" } })).items;
    const targets = pods.map((p) => p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0]).sort();
    expect(targets).toEqual(["n1", "n2"]);

    await cluster.client.nodes().create(node("n3"));
    await eventually("3 ready", async () => (await get()).status?.numberReady === 3);

    await cluster.client.daemonSets(NS).patch("agent", { spec: { template: { spec: { containers: [{ name: "c", image: "v2" }] } } } }, { type: "strategic" });
    const done = await eventually("updated", async () => ((d) => (d.status?.updatedNumberScheduled === 3 && d.status.numberAvailable === 3 && d.status.observedGeneration === d.metadata.generation ? d : undefined))(await get()), 20_000);
    const images = (await cluster.client.pods(NS).list({ labelSelector: { app: "agent" } })).items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec?.containers[0]?.image);
    expect(images).toEqual(["v2", "v2", "v2"]);
    expect(done.status?.desiredNumberScheduled).toBe(3);
    const revisions = (await cluster.client.controllerRevisions(NS).list()).items;
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
  }, 30_000);
});
