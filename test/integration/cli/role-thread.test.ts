/**
 * Control-plane roles on worker threads, as `kubun server` runs them: the scheduler binds
 * a pod through the apiserver and stops cleanly, releasing its lease; the controller
 * manager creates a Deployment's ReplicaSet.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startRoleThread } from "../../../src/cli/wiring/role-thread.ts";
import { type ApiCluster, eventually, startApiCluster } from "../../helpers/api-cluster.ts";
import { barePod, readyNode } from "./role-fixtures.ts";

let c: ApiCluster;
beforeAll(async () => {
  c = await startApiCluster("role-thread");
});
afterAll(() => c.stop());

describe("roles on worker threads", () => {
  test("the scheduler binds a pod, then stops and releases its lease", async () => {
    const sched = await startRoleThread("scheduler", { kubeconfig: c.server.kubeconfigPath, unixSocket: c.server.adminSocketPath });
    await c.client.nodes().create(readyNode as never);
    await c.client.pods("default").create(barePod("p") as never);
    const bound = await eventually("the pod bound", async () => (await c.client.pods("default").get("p")).spec?.nodeName);
    expect(bound).toBe("worker-1");
    const lease = await c.client.leases("kube-system").get("kube-scheduler");
    expect(lease.spec?.holderIdentity).toBeTruthy();
    const stats = await sched.stats();
    expect(stats?.scheduled).toBe(1);
    expect(stats!.latencyP50Ms).toBeGreaterThan(0);
    expect(stats!.latencyP99Ms).toBeGreaterThanOrEqual(stats!.latencyP50Ms);
    await sched.stop();
    await sched.done;
    expect(sched.lostLeadership()).toBe(false);
    // released on a clean stop, so a successor need not wait out the lease
    expect((await c.client.leases("kube-system").get("kube-scheduler")).spec?.holderIdentity ?? "").toBe("");
  }, 60_000);

  test("the controller manager creates a Deployment's ReplicaSet", async () => {
    const cm = await startRoleThread("controller-manager", { kubeconfig: c.server.kubeconfigPath });
    await c.client.deployments("default").create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "busybox" }] } } },
    } as never);
    const rs = await eventually("a ReplicaSet", async () => (await c.client.replicaSets("default").list()).items.find((r) => r.metadata.ownerReferences?.[0]?.name === "web"));
    expect(rs.spec?.replicas).toBe(1);
    expect(await cm.stats()).toBeNull();
    await cm.stop();
    await cm.done;
    expect(await cm.stats()).toBeNull();
  }, 60_000);
});
