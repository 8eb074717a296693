import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { resourceFor, type ResourceInfo } from "../../../src/api/resources.ts";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { eventually, fakeKubelet, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";
import { freeFormCrd } from "../../helpers/crd.ts";

let cluster: TestCluster;
let manager: ControllerManager;
let stopKubelet: () => void;
const NS = "default";

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  manager = runControllerManager({ client, informers: newInformers(client), controllers: ["deployment", "replicaset", "disruption", "resourcequota"] });
  stopKubelet = fakeKubelet(cluster.client, NS, 10);
});
afterAll(async () => {
  stopKubelet();
  await manager.stop();
  await cluster.stop();
});

describe("disruption budgets and quotas through the API", () => {
  test("PDB status follows the Deployment's pods; quota usage counts them", async () => {
    await cluster.client.resourceQuotas(NS).create({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q", namespace: NS }, spec: { hard: { pods: "10", "count/deployments.apps": "3", "requests.cpu": "4" } } });
    const t = podTemplate({ app: "db" });
    const template = { ...t, spec: { ...t.spec, containers: [{ ...t.spec.containers[0]!, resources: { requests: { cpu: "250m" } } }] } };
    await cluster.client.deployments(NS).create({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "db", namespace: NS }, spec: { replicas: 3, selector: { matchLabels: { app: "db" } }, template } });
    await cluster.client.podDisruptionBudgets(NS).create({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "db", namespace: NS }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: "db" } } } });
    const pdb = await eventually("pdb status", async () => ((p) => (p.status?.currentHealthy === 3 ? p : undefined))(await cluster.client.podDisruptionBudgets(NS).get("db")));
    expect(pdb.status).toMatchObject({ expectedPods: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(pdb.status?.conditions?.[0]).toMatchObject({ type: "DisruptionAllowed", status: "True", reason: "SufficientPods" });
    const q = await eventually("quota used", async () => ((x) => (x.status?.used?.["pods"] === "3" ? x : undefined))(await cluster.client.resourceQuotas(NS).get("q")));
    expect(q.status).toEqual({ hard: { pods: "10", "count/deployments.apps": "3", "requests.cpu": "4" }, used: { pods: "3", "count/deployments.apps": "1", "requests.cpu": "750m" } });
  });

  test("quota usage counts custom resources the quota names, found through discovery", async () => {
    const crd = freeFormCrd("gizmos", "Gizmo");
    const gizmos: ResourceInfo = { group: "example.com", version: "v1", kind: "Gizmo", listKind: "GizmoList", plural: "gizmos", singular: "gizmo", namespaced: true, verbs: ["create", "get", "list", "watch"] };
    await cluster.client.resource(resourceFor("apiextensions.k8s.io", "v1", "customresourcedefinitions")!).create(crd as never);
    await eventually("gizmos are served", async () => (await cluster.client.resource(gizmos, NS).list().then(() => true, () => false)) || undefined);
    await cluster.client.resource(gizmos, NS).create({ apiVersion: "example.com/v1", kind: "Gizmo", metadata: { name: "g1", namespace: NS } });
    await cluster.client.resourceQuotas(NS).create({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "gizmos", namespace: NS }, spec: { hard: { "count/gizmos.example.com": "5" } } });
    await eventually("gizmos counted", async () => ((x) => (x.status?.used?.["count/gizmos.example.com"] === "1" ? x : undefined))(await cluster.client.resourceQuotas(NS).get("gizmos")));
    await cluster.client.resource(gizmos, NS).create({ apiVersion: "example.com/v1", kind: "Gizmo", metadata: { name: "g2", namespace: NS } });
    await eventually("a new gizmo is counted", async () => ((x) => (x.status?.used?.["count/gizmos.example.com"] === "2" ? x : undefined))(await cluster.client.resourceQuotas(NS).get("gizmos")));
  });
});
