import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Pod, StatefulSet } from "../../../src/api/types/index.ts";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { eventually, fakeKubelet, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
let manager: ControllerManager;
let stopKubelet: () => void;
const NS = "default";

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  manager = runControllerManager({ client, informers: newInformers(client), controllers: ["statefulset"] });
  stopKubelet = fakeKubelet(cluster.client, NS, 20);
});
afterAll(async () => {
  stopKubelet();
  await manager.stop();
  await cluster.stop();
});

const get = () => cluster.client.statefulSets(NS).get("web");
const pods = async () => (await cluster.client.pods(NS).list({ labelSelector: { app: "web" } })).items.filter((p) => !p.metadata.deletionTimestamp);

describe("StatefulSet controller through the API", () => {
  test("ordered creation with claims, rolling update from the top, ordered scale down", async () => {
    // record the order in which pods are created and deleted
    const list = await cluster.client.pods(NS).list();
    const watch = await cluster.client.pods(NS).watch({ labelSelector: { app: "web" }, resourceVersion: list.metadata.resourceVersion! });
    const log: string[] = [];
    const loop = (async () => {
      for await (const ev of watch) {
        const p = ev.object as Pod;
        if (ev.type === "ADDED") log.push(`+${p.metadata.name}`);
        if (ev.type === "DELETED") log.push(`-${p.metadata.name}`);
      }
    })();
    const set: StatefulSet = {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "web", namespace: NS },
      spec: {
        replicas: 3,
        serviceName: "web",
        selector: { matchLabels: { app: "web" } },
        template: podTemplate({ app: "web" }, "v1"),
        volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      },
    };
    await cluster.client.statefulSets(NS).create(set);
    const ready = await eventually("3 ready", async () => ((s) => (s.status?.readyReplicas === 3 ? s : undefined))(await get()));
    expect(log.slice(0, 3)).toEqual(["+web-0", "+web-1", "+web-2"]);
    expect(ready.status?.currentRevision).toBe(ready.status?.updateRevision);
    const claims = (await cluster.client.persistentVolumeClaims(NS).list()).items.map((c) => c.metadata.name).sort();
    expect(claims).toEqual(["www-web-0", "www-web-1", "www-web-2"]);
    const p0 = (await pods()).find((p) => p.metadata.name === "web-0")!;
    expect(p0.spec).toMatchObject({ hostname: "web-0", subdomain: "web" });
    expect(p0.spec?.volumes?.find((v) => v.name === "www")?.persistentVolumeClaim?.claimName).toBe("www-web-0");
    const revisions = (await cluster.client.controllerRevisions(NS).list()).items;
    expect(revisions.map((r) => [r.metadata.name, r.revision])).toEqual([[ready.status!.currentRevision!, 1]]);

    log.length = 0;
    await cluster.client.statefulSets(NS).patch("web", { spec: { template: { spec: { containers: [{ name: "c", image: "v2" }] } } } }, { type: "strategic" });
    const updated = await eventually("rolled", async () => ((s) => (s.status?.updatedReplicas === 3 && s.status.readyReplicas === 3 && s.status.currentRevision === s.status.updateRevision && s.status.currentRevision !== ready.status!.currentRevision ? s : undefined))(await get()), 30_000);
    expect(log.filter((l) => l.startsWith("-"))).toEqual(["-web-2", "-web-1", "-web-0"]);
    expect((await pods()).every((p) => p.spec?.containers[0]?.image === "v2" && p.metadata.labels?.["controller-revision-hash"] === updated.status!.updateRevision)).toBe(true);

    log.length = 0;
    await cluster.client.statefulSets(NS).patch("web", { spec: { replicas: 1 } });
    await eventually("scaled down", async () => (await pods()).length === 1 && (await get()).status?.replicas === 1);
    expect(log).toEqual(["-web-2", "-web-1"]);
    watch.stop();
    await loop;
  }, 60_000);
});
