import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { eventually, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
const managers: ControllerManager[] = [];

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await Promise.all(managers.map((m) => m.stop()));
  await cluster.stop();
});

function start(identity: string, signal: AbortSignal): ControllerManager {
  const client = cluster.newClient();
  const m = runControllerManager({
    client,
    informers: newInformers(client),
    controllers: ["replicaset", "deployment"],
    leaderElect: true,
    identity,
    signal,
    leaseDurationMs: 2000,
    renewDeadlineMs: 1500,
    retryPeriodMs: 400,
    // a killed process releases nothing
    releaseOnCancel: false,
  });
  managers.push(m);
  return m;
}

describe("leader election", () => {
  test("a killed controller manager loses no work: the next leader finishes it exactly", async () => {
    const killA = new AbortController();
    const a = start("cm-a", killA.signal);
    await eventually("a leads", () => a.isLeader());
    const b = start("cm-b", new AbortController().signal);
    await Bun.sleep(500);
    expect(b.isLeader()).toBe(false);

    await cluster.client.replicaSets("default").create({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "failover", namespace: "default" },
      spec: { replicas: 150, selector: { matchLabels: { app: "failover" } }, template: podTemplate({ app: "failover" }) },
    });
    // kill the leader in the middle of its work
    await eventually("a has started creating", async () => (await cluster.client.pods("default").list({ labelSelector: { app: "failover" } })).items.length > 0, 10_000, 5);
    killA.abort();
    await a.done;
    const atKill = (await cluster.client.pods("default").list({ labelSelector: { app: "failover" } })).items.length;

    await eventually("b leads", () => b.isLeader(), 10_000);
    const lease = await cluster.client.leases("kube-system").get("kube-controller-manager");
    expect(lease.spec?.holderIdentity).toBe("cm-b");
    expect(lease.spec?.leaseTransitions).toBe(1);
    await eventually("150 pods", async () => (await cluster.client.pods("default").list({ labelSelector: { app: "failover" } })).items.length === 150, 20_000);
    await Bun.sleep(500);
    expect((await cluster.client.pods("default").list({ labelSelector: { app: "failover" } })).items).toHaveLength(150);
    const rs = await eventually("status", async () => ((r) => (r.status?.replicas === 150 ? r : undefined))(await cluster.client.replicaSets("default").get("failover")));
    expect(rs.status?.observedGeneration).toBe(rs.metadata.generation);
    // the kill really interrupted work that b then finished
    expect(atKill).toBeLessThan(150);
  }, 40_000);
});
