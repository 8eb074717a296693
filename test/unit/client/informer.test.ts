import { afterEach, describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../src/api/meta/index.ts";
import { setLogSink } from "../../../src/util/log.ts";
import { SharedInformerFactory } from "../../../src/client/cache/informer-factory.ts";
import { DeletedFinalStateUnknown } from "../../../src/client/cache/keys.ts";
import { listWatchFromClient } from "../../../src/client/cache/listwatch.ts";
import { SharedIndexInformer } from "../../../src/client/cache/shared-informer.ts";
import { stripManagedFields } from "../../../src/client/cache/transforms.ts";
import { createClient } from "../../../src/client/rest/clientset.ts";
import { waitForCacheSync } from "../../../src/client/cache/wait.ts";
import { FakeApiServer, type FakeApiServerOptions, pod, podInfo } from "./fake-apiserver.ts";
import { eventually, FAST_REFLECTOR } from "./helpers.ts";

setLogSink("silent");

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

function setup(opts: FakeApiServerOptions = {}, reflector: Record<string, unknown> = {}) {
  const server = new FakeApiServer(opts);
  const client = createClient(server.config());
  const ac = new AbortController();
  const informer = new SharedIndexInformer<KubeObject>(listWatchFromClient(client.resource(podInfo())), {
    name: "pods",
    reflector: { ...FAST_REFLECTOR, ...reflector },
  });
  const log: string[] = [];
  informer.addEventHandler({
    onAdd: (o, initial) => log.push(`add ${o.metadata.name}${initial ? " initial" : ""}`),
    onUpdate: (o, n) => log.push(`update ${o.metadata.name} ${o.metadata.resourceVersion}->${n.metadata.resourceVersion}`),
    onDelete: (o) => log.push(o instanceof DeletedFinalStateUnknown ? `tombstone ${o.key}` : `delete ${o.metadata.name}`),
  });
  cleanups.push(() => {
    ac.abort();
    server.stop();
  });
  return { server, client, informer, ac, log, run: () => informer.run(ac.signal) };
}

/** The informer's cache equals the server's objects (names and resourceVersions). */
function expectSameState(informer: SharedIndexInformer<KubeObject>, server: FakeApiServer) {
  const mine = informer.getStore().list().map((o) => `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  const theirs = server.list(podInfo()).map((o) => `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  expect(mine).toEqual(theirs);
}

describe("SharedIndexInformer", () => {
  test("lists, then watches: adds (initial), updates, deletes; cache equals the server", async () => {
    const { server, informer, log, run } = setup();
    server.put(podInfo(), pod("a"));
    server.put(podInfo(), pod("b"));
    void run();
    expect(await waitForCacheSync(AbortSignal.timeout(3000), () => informer.hasSynced())).toBe(true);
    expect(log.sort()).toEqual(["add a initial", "add b initial"]);
    log.length = 0;
    const a = server.put(podInfo(), { ...pod("a"), metadata: { ...pod("a").metadata, labels: { v: "2" } } });
    server.remove(podInfo(), "default", "b");
    server.put(podInfo(), pod("c"));
    await eventually(() => expect(log.length).toBe(3));
    expect(log).toEqual([`update a 2->${a.metadata.resourceVersion}`, "delete b", "add c"]);
    expectSameState(informer, server);
    expect(informer.lastSyncResourceVersion()).toBe(String(server.rev));
  });

  for (const expiredAs of ["event", "status"] as const) {
    test(`recovers from 410 (${expiredAs}) by relisting; a missed delete arrives as a tombstone`, async () => {
      const { server, informer, log, run } = setup({ expiredAs, watchList: "reject" });
      server.put(podInfo(), pod("keep"));
      server.put(podInfo(), pod("doomed"));
      void run();
      await eventually(() => expect(informer.hasSynced()).toBe(true));
      await eventually(() => expect(server.watcherCount).toBe(1));
      log.length = 0;
      // While the watch is down: a delete, an add, and a compaction of that history.
      server.closeWatches();
      server.remove(podInfo(), "default", "doomed");
      server.put(podInfo(), pod("fresh"));
      server.compact();
      await eventually(() => expect(log.sort()).toEqual(["add fresh", "tombstone default/doomed"]));
      expectSameState(informer, server);
      // and it keeps watching afterwards
      server.put(podInfo(), pod("later"));
      await eventually(() => expect(log).toContain("add later"));
      expectSameState(informer, server);
    });
  }

  test("bookmarks advance the last synced resourceVersion", async () => {
    const { server, client, run } = setup();
    const ac = new AbortController();
    const inA = new SharedIndexInformer<KubeObject>(listWatchFromClient(client.resource(podInfo(), "a")), { reflector: FAST_REFLECTOR });
    cleanups.push(() => ac.abort());
    void run();
    void inA.run(ac.signal);
    await eventually(() => expect(inA.hasSynced()).toBe(true));
    server.put(podInfo(), pod("elsewhere", "b"));
    const rv = String(server.rev);
    expect(inA.lastSyncResourceVersion()).not.toBe(rv);
    await eventually(() => expect(server.watcherCount).toBe(2));
    server.bookmark();
    await eventually(() => expect(inA.lastSyncResourceVersion()).toBe(rv));
  });

  const modes: [NonNullable<FakeApiServerOptions["watchList"]>, boolean][] = [
    ["support", false],
    ["reject", true],
    ["ignore", true],
  ];
  for (const [mode, listed] of modes) {
    test(`sendInitialEvents ${mode}: ${listed ? "falls back to LIST" : "no LIST request"}`, async () => {
      const { server, informer, log, run } = setup({ watchList: mode });
      server.put(podInfo(), pod("a"));
      void run();
      if (mode === "ignore") {
        // The server streams ADDED but never the end marker; a plain bookmark gives it away.
        await eventually(() => expect(server.watcherCount).toBe(1));
        server.bookmark();
      }
      await eventually(() => expect(informer.hasSynced()).toBe(true));
      const lists = server.requests.filter((r) => r.method === "GET" && r.query.get("watch") !== "true");
      expect(lists.length > 0).toBe(listed);
      expect(log).toEqual(["add a initial"]);
      server.put(podInfo(), pod("b"));
      await eventually(() => expect(log).toEqual(["add a initial", "add b"]));
      expectSameState(informer, server);
    });
  }

  test("recovers from an apiserver restart (connection refused, then 410) with the exact final state", async () => {
    const { server, informer, client, log, ac } = setup();
    server.put(podInfo(), pod("a"));
    server.put(podInfo(), pod("b"));
    void informer.run(ac.signal);
    await eventually(() => expect(informer.hasSynced()).toBe(true));
    const port = server.port;
    const objects = new Map(server.objects);
    const rev = server.rev;
    server.stop();
    await Bun.sleep(150); // the reflector now retries against a closed port
    const restarted = new FakeApiServer({}, port);
    cleanups.push(() => restarted.stop());
    for (const [k, v] of objects) restarted.objects.set(k, v);
    restarted.rev = rev;
    restarted.remove(podInfo(), "default", "a");
    restarted.put(podInfo(), pod("c"));
    restarted.compact(); // no history survives the restart
    await eventually(() => expectSameState(informer, restarted), 5000);
    expect(log).toContain("tombstone default/a");
    expect(log).toContain("add c");
    restarted.put(podInfo(), pod("d"));
    await eventually(() => expect(log).toContain("add d"));
    client.close();
  });

  test("handlers added late get the current objects; removed handlers hear nothing; a throwing handler hurts no one", async () => {
    const { server, informer, run } = setup();
    server.put(podInfo(), pod("a"));
    informer.addEventHandler({
      onAdd: () => {
        throw new Error("boom");
      },
    });
    void run();
    await eventually(() => expect(informer.hasSynced()).toBe(true));
    const late: string[] = [];
    const reg = informer.addEventHandler({ onAdd: (o, initial) => late.push(`${o.metadata.name}:${initial}`) });
    expect(late).toEqual(["a:false"]);
    expect(reg.hasSynced()).toBe(true);
    reg.remove();
    server.put(podInfo(), pod("b"));
    await eventually(() => expect(informer.getStore().size).toBe(2));
    expect(late).toEqual(["a:false"]);
  });

  test("resync re-delivers cached objects only to handlers that asked for it", async () => {
    const { server, informer, run } = setup();
    server.put(podInfo(), pod("a"));
    const resynced: string[] = [];
    const other: string[] = [];
    informer.addEventHandler({ onUpdate: (o, n) => resynced.push(`${o === n}`) }, 1000);
    informer.addEventHandler({ onUpdate: () => other.push("x") }, 0);
    void run();
    await eventually(() => expect(resynced).toEqual(["true"]), 3000);
    expect(other).toEqual([]);
  });

  test("transform runs before objects are cached", async () => {
    const server = new FakeApiServer();
    const ac = new AbortController();
    cleanups.push(() => {
      ac.abort();
      server.stop();
    });
    server.put(podInfo(), { ...pod("a"), metadata: { ...pod("a").metadata, managedFields: [{ manager: "x" }] } });
    const inf = new SharedIndexInformer<KubeObject>(listWatchFromClient(createClient(server.config()).resource(podInfo())), {
      transform: stripManagedFields,
    });
    void inf.run(ac.signal);
    expect(await waitForCacheSync(AbortSignal.timeout(3000), inf.hasSynced)).toBe(true); // hasSynced is bound
    expect(inf.getStore().getByKey("default/a")?.metadata.managedFields).toBeUndefined();
  });
});

describe("SharedInformerFactory", () => {
  test("one informer and one watch per resource+namespace+selector, shared by every caller", async () => {
    const server = new FakeApiServer();
    const ac = new AbortController();
    cleanups.push(() => {
      ac.abort();
      server.stop();
    });
    server.put(podInfo(), pod("a", "x", { app: "web" }));
    server.put(podInfo(), pod("b", "y"));
    const f = new SharedInformerFactory(createClient(server.config()), { reflector: FAST_REFLECTOR });
    const p1 = f.pods();
    const p2 = f.pods();
    const px = f.pods({ namespace: "x" });
    const web = f.pods({ labelSelector: "app=web" });
    expect(p1).toBe(p2);
    expect(px).not.toBe(p1);
    expect(web).not.toBe(p1);
    const nodes = f.nodes({ namespace: "ignored-for-cluster-scope" });
    expect(nodes).toBe(f.nodes());
    f.start(ac.signal);
    f.start(ac.signal); // idempotent
    const synced = await f.waitForCacheSync(AbortSignal.timeout(3000));
    expect([...synced.values()]).toEqual([true, true, true, true]);
    await eventually(() => expect(server.watcherCount).toBe(4));
    expect(p1.lister().list().length).toBe(2);
    expect(px.lister().list().map((p) => p.metadata.name)).toEqual(["a"]);
    expect(web.lister().list().map((p) => p.metadata.name)).toEqual(["a"]);
    expect(p1.lister().get("y", "b")?.metadata.name).toBe("b");
    // An informer asked for after start() runs after the next start().
    const svc = f.services();
    expect(svc.hasSynced()).toBe(false);
    f.start(ac.signal);
    await eventually(() => expect(svc.hasSynced()).toBe(true));
    ac.abort();
    await f.shutdown();
    expect(p1.isStopped()).toBe(true);
  });

  test("stopInformers stops and forgets one resource's informers, the others run on", async () => {
    const server = new FakeApiServer();
    const ac = new AbortController();
    cleanups.push(() => {
      ac.abort();
      server.stop();
    });
    const f = new SharedInformerFactory(createClient(server.config()), { reflector: FAST_REFLECTOR });
    const all = f.pods();
    const inX = f.pods({ namespace: "x" });
    const nodes = f.nodes();
    f.start(ac.signal);
    await f.waitForCacheSync(AbortSignal.timeout(3000));
    await eventually(() => expect(server.watcherCount).toBe(3));
    f.stopInformers(podInfo());
    await eventually(() => expect(all.isStopped() && inX.isStopped()).toBe(true));
    expect(nodes.isStopped()).toBe(false);
    await eventually(() => expect(server.watcherCount).toBe(1));
    expect(f.pods()).not.toBe(all);
  });

  test("indexers requested by several callers are merged", () => {
    const f = new SharedInformerFactory(createClient({ host: "http://127.0.0.1:1" }));
    f.pods({ indexers: { byNode: (p) => [String(p.spec?.nodeName ?? "")] } });
    f.pods({ indexers: { byNode: () => [], other: () => [] } });
    expect(Object.keys(f.pods().getIndexer().getIndexers()).sort()).toEqual(["byNode", "namespace", "other"]);
  });
});
