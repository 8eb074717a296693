/**
 * The scheduler's API source feeds its selector stores from informers: ReplicationControllers
 * reach the scheduler (default spreading counts their pods) like ReplicaSets do.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { resourceFor } from "../../../src/api/resources.ts";
import { SharedInformerFactory } from "../../../src/client/cache/index.ts";
import { ClientSource } from "../../../src/scheduler/client-adapter.ts";
import { eventually, type SchedCluster, startCluster } from "./harness.ts";

let c: SchedCluster;
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c.stop();
});

test("ReplicationControllers are watched: added, updated and deleted", async () => {
  const stop = new AbortController();
  const client = c.client;
  const source = new ClientSource({ client, informers: new SharedInformerFactory(client), recorder: { event() {}, eventf() {} } as never, signal: stop.signal });
  const seen: string[] = [];
  const unsubscribe = source.watchReplicationControllers({
    add: (rc) => seen.push(`add ${rc.metadata.name} ${JSON.stringify(rc.spec?.selector)}`),
    update: (_old, rc) => seen.push(`update ${rc.metadata.name} ${(rc.spec as { replicas?: number } | undefined)?.replicas}`),
    delete: (rc) => seen.push(`delete ${rc.metadata.name}`),
  });
  try {
    const rcs = client.resource(resourceFor("", "v1", "replicationcontrollers")!, "default");
    const template = { metadata: { labels: { app: "spread" } }, spec: { containers: [{ name: "c", image: "busybox" }] } };
    await rcs.create({ apiVersion: "v1", kind: "ReplicationController", metadata: { name: "spread" }, spec: { replicas: 1, selector: { app: "spread" }, template } } as never);
    await source.waitForSync();
    await eventually("added", async () => seen.includes(`add spread {"app":"spread"}`));
    await rcs.patch("spread", { spec: { replicas: 2 } });
    await eventually("updated", async () => seen.includes("update spread 2"));
    await rcs.delete("spread");
    await eventually("deleted", async () => seen.includes("delete spread"));
  } finally {
    unsubscribe();
    stop.abort();
  }
  expect(seen[0]).toBe(`add spread {"app":"spread"}`);
});
