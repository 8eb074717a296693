import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Pod, ReplicaSet } from "../../../src/api/types/index.ts";
import { nullRecorder } from "../../../src/controllers/helper/context.ts";
import { ReplicaSetController } from "../../../src/controllers/replicaset/controller.ts";
import { eventually, markPodReady, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
const stop = new AbortController();

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  const informers = newInformers(client);
  const rsc = new ReplicaSetController({ client, informers, recorder: nullRecorder });
  informers.start(stop.signal);
  void rsc.run(2, stop.signal);
});
afterAll(async () => {
  stop.abort();
  await cluster.stop();
});

function rs(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }) },
  };
}

const podsOf = async (app: string): Promise<Pod[]> => (await cluster.client.pods("default").list({ labelSelector: { app } })).items.filter((p) => !p.metadata.deletionTimestamp);

describe("ReplicaSet controller through the API", () => {
  test("creates the replicas with a controller reference, reports status, scales down", async () => {
    await cluster.client.replicaSets("default").create(rs("web", 5));
    const pods = await eventually("5 pods", async () => ((await podsOf("web")).length === 5 ? podsOf("web") : undefined));
    const owner = await cluster.client.replicaSets("default").get("web");
    for (const p of pods) {
      expect(p.metadata.generateName).toBe("web-");
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }]);
    }
    for (const p of pods.slice(0, 3)) await markPodReady(cluster.client, p);
    await eventually("status with 3 ready", async () => {
      const cur = await cluster.client.replicaSets("default").get("web");
      return cur.status?.replicas === 5 && cur.status.readyReplicas === 3 && cur.status.availableReplicas === 3 && cur.status.fullyLabeledReplicas === 5 && cur.status.observedGeneration === cur.metadata.generation;
    });
    // scale down: the two not-ready pods go first
    const notReady = new Set(pods.slice(3).map((p) => p.metadata.name));
    await cluster.client.replicaSets("default").patch("web", { spec: { replicas: 3 } });
    const left = await eventually("3 pods", async () => ((await podsOf("web")).length === 3 ? podsOf("web") : undefined));
    expect(left.some((p) => notReady.has(p.metadata.name))).toBe(false);
  });

  test("adopts a matching orphan and releases a pod whose labels no longer match", async () => {
    await cluster.client.pods("default").create({ apiVersion: "v1", kind: "Pod", metadata: { name: "orphan", namespace: "default", labels: { app: "adopt" } }, spec: podTemplate({}).spec });
    await cluster.client.replicaSets("default").create(rs("adopt", 2));
    const pods = await eventually("2 pods incl. the orphan", async () => {
      const ps = await podsOf("adopt");
      return ps.length === 2 && ps.every((p) => p.metadata.ownerReferences?.[0]?.name === "adopt") ? ps : undefined;
    });
    expect(pods.map((p) => p.metadata.name)).toContain("orphan");
    await cluster.client.pods("default").patch("orphan", { metadata: { labels: { app: "elsewhere" } } });
    await eventually("released and replaced", async () => {
      const released = await cluster.client.pods("default").get("orphan");
      return (released.metadata.ownerReferences ?? []).length === 0 && (await podsOf("adopt")).length === 2;
    });
  });

  test("a slow cache never doubles the pods: 100 replicas give exactly 100 pods", async () => {
    await cluster.client.replicaSets("default").create(rs("many", 100));
    await eventually("100 pods", async () => (await podsOf("many")).length >= 100);
    await Bun.sleep(300);
    expect((await podsOf("many")).length).toBe(100);
  });
});
