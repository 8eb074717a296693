/**
 * ReplicationControllers are run by the ReplicaSet controller over their own resource:
 * pods with a ReplicationController owner reference, status counts, scaling, adoption of
 * an orphan by the plain label-map selector.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Pod } from "../../../src/api/types/index.ts";
import { resourceFor } from "../../../src/api/resources.ts";
import { nullRecorder } from "../../../src/controllers/helper/context.ts";
import { ReplicaSetController } from "../../../src/controllers/replicaset/controller.ts";
import { REPLICATION_CONTROLLERS } from "../../../src/controllers/replicaset/kind.ts";
import type { KubeObject } from "../../../src/api/meta/index.ts";
import { eventually, markPodReady, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
const stop = new AbortController();

interface RC extends KubeObject {
  spec?: { replicas?: number; selector?: Record<string, string>; template?: unknown };
  status?: { replicas: number; readyReplicas?: number; availableReplicas?: number; fullyLabeledReplicas?: number; observedGeneration?: number };
}

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  const informers = newInformers(client);
  const rcc = new ReplicaSetController({ client, informers, recorder: nullRecorder }, { kind: REPLICATION_CONTROLLERS });
  informers.start(stop.signal);
  void rcc.run(2, stop.signal);
});
afterAll(async () => {
  stop.abort();
  await cluster.stop();
});

const rcs = () => cluster.client.resource<RC>(resourceFor("", "v1", "replicationcontrollers")!, "default");

function rc(name: string, replicas: number): RC {
  return { apiVersion: "v1", kind: "ReplicationController", metadata: { name, namespace: "default" }, spec: { replicas, selector: { app: name }, template: podTemplate({ app: name }) } };
}

const podsOf = async (app: string): Promise<Pod[]> => (await cluster.client.pods("default").list({ labelSelector: { app } })).items.filter((p) => !p.metadata.deletionTimestamp);

describe("ReplicationController through the API", () => {
  test("creates the replicas with a ReplicationController owner, reports status, scales down", async () => {
    await rcs().create(rc("legacy", 3));
    const pods = await eventually("3 pods", async () => ((await podsOf("legacy")).length === 3 ? podsOf("legacy") : undefined));
    const owner = await rcs().get("legacy");
    for (const p of pods) {
      expect(p.metadata.generateName).toBe("legacy-");
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "ReplicationController", name: "legacy", uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }]);
    }
    await markPodReady(cluster.client, pods[0]!);
    await eventually("status with 1 ready", async () => {
      const cur = await rcs().get("legacy");
      return cur.status?.replicas === 3 && cur.status.readyReplicas === 1 && cur.status.fullyLabeledReplicas === 3 && cur.status.observedGeneration === cur.metadata.generation;
    });
    await rcs().patch("legacy", { spec: { replicas: 1 } });
    const left = await eventually("1 pod", async () => ((await podsOf("legacy")).length === 1 ? podsOf("legacy") : undefined));
    expect(left[0]!.metadata.name).toBe(pods[0]!.metadata.name);
  });

  test("adopts a matching orphan by its label-map selector", async () => {
    await cluster.client.pods("default").create({ apiVersion: "v1", kind: "Pod", metadata: { name: "rc-orphan", namespace: "default", labels: { app: "adoptrc" } }, spec: podTemplate({}).spec });
    await rcs().create(rc("adoptrc", 2));
    const pods = await eventually("2 pods incl. the orphan", async () => {
      const ps = await podsOf("adoptrc");
      return ps.length === 2 && ps.every((p) => p.metadata.ownerReferences?.[0]?.kind === "ReplicationController") ? ps : undefined;
    });
    expect(pods.map((p) => p.metadata.name)).toContain("rc-orphan");
  });
});
