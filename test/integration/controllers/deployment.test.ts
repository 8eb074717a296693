import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Deployment, Pod, ReplicaSet } from "../../../src/api/types/index.ts";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { eventually, fakeKubelet, newInformers, podTemplate, rolloutComplete, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
let manager: ControllerManager;
let stopKubelet: () => void;
const NS = "default";

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  manager = runControllerManager({ client, informers: newInformers(client), controllers: ["replicaset", "deployment", "garbagecollector"] });
  stopKubelet = fakeKubelet(cluster.client, NS, 30);
});
afterAll(async () => {
  stopKubelet();
  await manager.stop();
  await cluster.stop();
});

function deployment(name: string, replicas: number, strategy: Deployment["spec"] extends infer S ? (S extends { strategy?: infer T } ? T : never) : never, image = "v1"): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }, image), strategy: strategy!, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
  };
}

const get = (name: string) => cluster.client.deployments(NS).get(name);
const waitRollout = (name: string, timeoutMs = 30_000) => eventually(`rollout of ${name}`, async () => ((d) => (rolloutComplete(d) ? d : undefined))(await get(name)), timeoutMs);
const setImage = (name: string, image: string) => cluster.client.deployments(NS).patch(name, { spec: { template: { spec: { containers: [{ name: "c", image }] } } } }, { type: "strategic" });
const replicaSetsOf = async (name: string): Promise<ReplicaSet[]> => (await cluster.client.replicaSets(NS).list({ labelSelector: { app: name } })).items;

describe("Deployment controller through the API", () => {
  test("a rolling update stays within maxSurge and maxUnavailable at every moment of the watch streams", async () => {
    const name = "bounded";
    const replicas = 10;
    const surge = 3;
    const unavailable = 2;
    await cluster.client.deployments(NS).create(deployment(name, replicas, { type: "RollingUpdate", rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }));
    await waitRollout(name);
    const first = await replicaSetsOf(name);
    expect(first).toHaveLength(1);
    expect(first[0]!.metadata.name).toBe(`${name}-${first[0]!.metadata.labels!["pod-template-hash"]}`);

    // Record every pod and ReplicaSet change of the rollout from watches opened at the current state.
    const pods = await cluster.client.pods(NS).list({ labelSelector: { app: name } });
    const sets = await cluster.client.replicaSets(NS).list({ labelSelector: { app: name } });
    const podState = new Map<string, { ready: boolean }>(pods.items.map((p) => [p.metadata.name!, { ready: true }]));
    const rsSpec = new Map<string, number>(sets.items.map((r) => [r.metadata.name!, r.spec!.replicas!]));
    let maxRSTotal = 0;
    let maxPods = 0;
    let minReady = Infinity;
    const podWatch = await cluster.client.pods(NS).watch({ labelSelector: { app: name }, resourceVersion: pods.metadata.resourceVersion! });
    const rsWatch = await cluster.client.replicaSets(NS).watch({ labelSelector: { app: name }, resourceVersion: sets.metadata.resourceVersion! });
    const podLoop = (async () => {
      for await (const ev of podWatch) {
        const p = ev.object as Pod;
        if (ev.type === "DELETED" || p.metadata.deletionTimestamp) podState.delete(p.metadata.name!);
        else podState.set(p.metadata.name!, { ready: p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false });
        maxPods = Math.max(maxPods, podState.size);
        minReady = Math.min(minReady, [...podState.values()].filter((s) => s.ready).length);
      }
    })();
    const rsLoop = (async () => {
      for await (const ev of rsWatch) {
        const r = ev.object as ReplicaSet;
        if (ev.type === "DELETED") rsSpec.delete(r.metadata.name!);
        else rsSpec.set(r.metadata.name!, r.spec?.replicas ?? 0);
        maxRSTotal = Math.max(maxRSTotal, [...rsSpec.values()].reduce((a, b) => a + b, 0));
      }
    })();

    await setImage(name, "v2");
    const done = await waitRollout(name);
    await Bun.sleep(200);
    podWatch.stop();
    rsWatch.stop();
    await Promise.all([podLoop, rsLoop]);

    expect(done.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
    expect(maxRSTotal).toBe(replicas + surge);
    expect(maxPods).toBeLessThanOrEqual(replicas + surge);
    expect(minReady).toBeGreaterThanOrEqual(replicas - unavailable);
    const after = await replicaSetsOf(name);
    expect(after.map((r) => [r.metadata.annotations!["deployment.kubernetes.io/revision"], r.spec!.replicas]).sort()).toEqual([
      ["1", 0],
      ["2", replicas],
    ]);
    expect(done.status).toMatchObject({ replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: done.metadata.generation });
  });

  test("rollback as kubectl rollout undo does it restores the previous template and reuses its ReplicaSet", async () => {
    const name = "undo";
    await cluster.client.deployments(NS).create(deployment(name, 2, { type: "RollingUpdate" }, "v1"));
    await waitRollout(name);
    await setImage(name, "v2");
    await waitRollout(name);
    // kubectl rollout undo: take the template of the previous revision's ReplicaSet, minus its hash label, and patch it in.
    const prev = (await replicaSetsOf(name)).find((r) => r.metadata.annotations!["deployment.kubernetes.io/revision"] === "1")!;
    const template = structuredClone(prev.spec!.template!);
    delete template.metadata!.labels!["pod-template-hash"];
    await cluster.client.deployments(NS).patch(name, [{ op: "replace", path: "/spec/template", value: template }], { type: "json" });
    const d = await waitRollout(name);
    expect(d.spec!.template!.spec!.containers[0]!.image).toBe("v1");
    expect(d.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
    const reused = await cluster.client.replicaSets(NS).get(prev.metadata.name!);
    expect(reused.spec!.replicas).toBe(2);
    expect(reused.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
    expect(reused.metadata.annotations!["deployment.kubernetes.io/revision-history"]).toBe("1");
  });

  test("rollout restart, pause and scale", async () => {
    const name = "restart";
    await cluster.client.deployments(NS).create(deployment(name, 3, { type: "Recreate" }));
    await waitRollout(name);
    await cluster.client.deployments(NS).patch(name, { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": new Date().toISOString() } } } } });
    await waitRollout(name);
    expect(await replicaSetsOf(name)).toHaveLength(2);
    await cluster.client.deployments(NS).patch(name, { spec: { paused: true, replicas: 5 } });
    await eventually("paused and scaled", async () => {
      const d = await get(name);
      return d.status?.conditions?.find((c) => c.type === "Progressing")?.reason === "DeploymentPaused" && d.status.availableReplicas === 5;
    });
    await cluster.client.deployments(NS).patch(name, { spec: { paused: false } });
    const d = await waitRollout(name);
    expect(d.status?.replicas).toBe(5);
    const events = (await cluster.client.events(NS).list({ fieldSelector: `involvedObject.name=${name}` })).items;
    expect(events.some((e) => e.reason === "ScalingReplicaSet" && /^Scaled up replica set restart-\w+ from 0 to 3$/.test(e.message ?? ""))).toBe(true);
    expect(events.every((e) => e.source?.component === "deployment-controller")).toBe(true);
  });

  test("foreground deletion removes every pod before the Deployment", async () => {
    const name = "fg";
    await cluster.client.deployments(NS).create(deployment(name, 4, { type: "RollingUpdate" }));
    await waitRollout(name);
    const list = await cluster.client.pods(NS).list();
    const watch = await cluster.client.pods(NS).watch({ labelSelector: { app: name }, resourceVersion: list.metadata.resourceVersion! });
    const dList = await cluster.client.deployments(NS).list();
    const dWatch = await cluster.client.deployments(NS).watch({ fieldSelector: `metadata.name=${name}`, resourceVersion: dList.metadata.resourceVersion! });
    const order: string[] = [];
    const loops = [
      (async () => {
        for await (const ev of watch) if (ev.type === "DELETED") order.push(`pod ${ev.object.metadata.name}`);
      })(),
      (async () => {
        for await (const ev of dWatch) if (ev.type === "DELETED") order.push("deployment");
      })(),
    ];
    await cluster.client.deployments(NS).delete(name, { propagationPolicy: "Foreground" });
    const mid = await get(name);
    expect(mid.metadata.finalizers).toContain("foregroundDeletion");
    await eventually("deployment gone", async () => order.includes("deployment"));
    watch.stop();
    dWatch.stop();
    await Promise.all(loops);
    expect(order.filter((o) => o.startsWith("pod"))).toHaveLength(4);
    expect(order.at(-1)).toBe("deployment");
    expect(await replicaSetsOf(name)).toHaveLength(0);
  });

  test("work-queue depth and reconcile metrics are exposed", () => {
    const text = manager.metrics();
    expect(text).toContain("# TYPE workqueue_depth gauge");
    expect(text).toMatch(/workqueue_adds_total\{name="deployment"\} [1-9]/);
    expect(text).toMatch(/workqueue_work_duration_seconds_count\{name="replicaset"\} [1-9]/);
    expect(text).toMatch(/kubun_controller_syncs_total\{controller="deployment",result="success"\} [1-9]/);
    expect(text).toMatch(/kubun_controller_reconcile_duration_seconds_count\{controller="replicaset"\} [1-9]/);
  });

  test("a plain delete (background propagation) removes the ReplicaSets and pods afterwards", async () => {
    const name = "bg";
    await cluster.client.deployments(NS).create(deployment(name, 2, { type: "RollingUpdate" }));
    await waitRollout(name);
    await cluster.client.deployments(NS).delete(name);
    await eventually("everything gone", async () => (await replicaSetsOf(name)).length === 0 && (await cluster.client.pods(NS).list({ labelSelector: { app: name } })).items.length === 0);
  });

  test("orphan deletion leaves the ReplicaSet without its owner", async () => {
    const name = "orphaned";
    await cluster.client.deployments(NS).create(deployment(name, 1, { type: "RollingUpdate" }));
    await waitRollout(name);
    await cluster.client.deployments(NS).delete(name, { propagationPolicy: "Orphan" });
    await eventually("deployment gone", async () => !(await cluster.client.deployments(NS).list()).items.some((d) => d.metadata.name === name));
    const sets = await eventually("rs orphaned", async () => {
      const s = await replicaSetsOf(name);
      return s.length === 1 && (s[0]!.metadata.ownerReferences ?? []).length === 0 ? s : undefined;
    });
    expect(sets[0]!.spec!.replicas).toBe(1);
  });
});
