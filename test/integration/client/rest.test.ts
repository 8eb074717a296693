/** The REST client and event recorder against the real apiserver over mTLS. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ConfigMap, Event } from "../../../src/api/types/index.ts";
import { ApiError, isAlreadyExists, isConflict, isInvalid, isNotFound, isUnauthorized } from "../../../src/client/errors.ts";
import { EventBroadcaster } from "../../../src/client/record/broadcaster.ts";
import { eventSinkFromClient } from "../../../src/client/record/sink.ts";
import { createClient } from "../../../src/client/rest/clientset.ts";
import { setLogSink } from "../../../src/util/log.ts";
import { type Cluster, eventually, startCluster } from "./cluster.ts";

setLogSink("silent");
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster.stop();
});

describe("REST client against the apiserver", () => {
  test("typed errors carry upstream's reasons and messages", async () => {
    const cms = cluster.newClient().configMaps("default");
    const nf = await cms.get("missing").catch((e) => e);
    expect(isNotFound(nf)).toBe(true);
    expect((nf as ApiError).message).toBe('configmaps "missing" not found');
    const created = await cms.create({ metadata: { name: "errs" }, data: { a: "1" } });
    const dup = await cms.create({ metadata: { name: "errs" } }).catch((e) => e);
    expect(isAlreadyExists(dup)).toBe(true);
    expect((dup as ApiError).message).toBe('configmaps "errs" already exists');
    await cms.update({ ...created, data: { a: "2" } });
    const stale = await cms.update({ ...created, data: { a: "3" } }).catch((e) => e);
    expect(isConflict(stale)).toBe(true);
    const bad = await cms.create({ metadata: { name: "Not_Valid" } }).catch((e) => e);
    expect(isInvalid(bad)).toBe(true);
    expect((bad as ApiError).status.details?.causes?.[0]?.field).toBe("metadata.name");
    const anon = createClient({ host: cluster.server.url, caData: cluster.server.caPem, maxRetries: 0 });
    expect(isUnauthorized(await anon.configMaps("default").list().catch((e) => e))).toBe(true);
  });

  test("every patch type, server-side apply, and label-selected watch", async () => {
    const client = cluster.newClient();
    const cms = client.configMaps("default");
    await cms.create({ metadata: { name: "patched", labels: { app: "web" } }, data: { a: "1" } });
    await cms.patch("patched", { data: { b: "2" } }, { type: "merge" });
    await cms.patch("patched", { data: { c: "3" } }, { type: "strategic" });
    await cms.patch("patched", [{ op: "add", path: "/data/d", value: "4" }], { type: "json" });
    expect((await cms.get("patched")).data).toEqual({ a: "1", b: "2", c: "3", d: "4" });

    const applied = await cms.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied", namespace: "default" }, data: { x: "1" } } as ConfigMap, { fieldManager: "it-test" });
    expect(applied.data).toEqual({ x: "1" });
    expect(applied.metadata.managedFields?.some((m) => m.manager === "it-test" && m.operation === "Apply")).toBe(true);

    const w = await client.configMaps().watch({ labelSelector: { app: "web" }, resourceVersion: (await cms.list()).metadata.resourceVersion as string });
    const got: string[] = [];
    const reading = (async () => {
      for await (const ev of w) {
        got.push(`${ev.type} ${ev.object.metadata.name}`);
        if (got.length === 2) break;
      }
    })();
    await cms.create({ metadata: { name: "other", labels: { app: "db" } } });
    await cms.create({ metadata: { name: "web-2", labels: { app: "web" } } });
    await cms.delete("web-2");
    await reading;
    w.stop();
    expect(got).toEqual(["ADDED web-2", "DELETED web-2"]);
  });

  test("pod and scale subresources: bind, evict, log, getScale/updateScale", async () => {
    const client = cluster.newClient({ maxRetries: 0 });
    const pods = client.pods("default");
    await pods.create({ metadata: { name: "sub" }, spec: { containers: [{ name: "c", image: "busybox" }] } });
    const bound = await pods.bind({ metadata: { name: "sub" }, target: { kind: "Node", name: "node-1" } });
    expect(bound.status).toBe("Success");
    expect((await pods.get("sub")).spec?.nodeName).toBe("node-1");
    // no kubelet here: the log subresource answers a clear error
    const log = await pods.readLog("sub").catch((e) => e);
    expect(log).toBeInstanceOf(ApiError);
    expect((log as ApiError).code).toBe(503);
    expect((await pods.evict("sub")).status).toBe("Success");
    const gone = await pods.get("sub").catch((e) => e);
    expect(isNotFound(gone) || !!(gone as { metadata?: { deletionTimestamp?: string } }).metadata?.deletionTimestamp).toBe(true);

    const deps = client.deployments("default");
    const template = { metadata: { labels: { app: "d" } }, spec: { containers: [{ name: "c", image: "busybox" }] } };
    await deps.create({ metadata: { name: "d" }, spec: { replicas: 2, selector: { matchLabels: { app: "d" } }, template } });
    const scale = await deps.getScale("d");
    expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 }, status: { selector: "app=d" } });
    await deps.updateScale("d", { ...scale, spec: { replicas: 5 } });
    expect((await deps.get("d")).spec?.replicas).toBe(5);
  });

  test("events are written with upstream's shape and repeats are counted", async () => {
    const client = cluster.newClient();
    const cm = await client.configMaps("default").create({ metadata: { name: "event-target" } });
    const b = new EventBroadcaster({ sleepDurationMs: 50 });
    b.startRecordingToSink(eventSinkFromClient(client));
    const rec = b.newRecorder({ component: "it-controller", host: "host-1" });
    for (let i = 0; i < 3; i++) rec.event(cm, "Warning", "SyncFailed", "could not sync");
    rec.event(cm, "Normal", "Synced", "synced");
    await b.flush();
    await eventually(async () => {
      const evs = (await client.events("default").list({ fieldSelector: "involvedObject.name=event-target" })).items as Event[];
      const byReason = Object.fromEntries(evs.map((e) => [e.reason, e]));
      expect(evs.length).toBe(2);
      expect(byReason.SyncFailed?.count).toBe(3);
      expect(byReason.SyncFailed?.metadata.name).toMatch(/^event-target\.[0-9a-f]+$/);
      expect(byReason.SyncFailed).toMatchObject({ type: "Warning", source: { component: "it-controller", host: "host-1" }, involvedObject: { kind: "ConfigMap", name: "event-target", namespace: "default" } });
      expect(byReason.Synced?.count).toBe(1);
    });
    b.shutdown();
  });
});
