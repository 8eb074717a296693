/**
 * Informers against the real apiserver: concurrent writers, a watch history that runs
 * out (410) while the client is cut off, and an apiserver restart.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ConfigMap } from "../../../src/api/types/index.ts";
import { isConflict, isNotFound } from "../../../src/client/errors.ts";
import { DeletedFinalStateUnknown } from "../../../src/client/cache/keys.ts";
import { listWatchFromClient } from "../../../src/client/cache/listwatch.ts";
import { SharedIndexInformer } from "../../../src/client/cache/shared-informer.ts";
import type { Client } from "../../../src/client/rest/clientset.ts";
import { setLogSink } from "../../../src/util/log.ts";
import { type Cluster, eventually, startCluster } from "./cluster.ts";
import { TcpProxy } from "./tcp-proxy.ts";

const logs: string[] = [];
setLogSink((l) => logs.push(l));
afterAll(() => setLogSink("silent")); // stop capturing once this file is done

interface Seen {
  log: string[];
  /** "key@rv" of every add/update delivered */
  versions: Set<string>;
  deleted: Set<string>;
  tombstones: Set<string>;
}

function watchConfigMaps(client: Client, ns?: string, reflector: Record<string, unknown> = {}) {
  const ac = new AbortController();
  const rc = ns ? client.configMaps(ns) : client.configMaps();
  const informer = new SharedIndexInformer<ConfigMap>(listWatchFromClient(rc), { name: "configmaps", reflector: { backoff: { initialMs: 50, maxMs: 400, jitter: 0 }, ...reflector } });
  const seen: Seen = { log: [], versions: new Set(), deleted: new Set(), tombstones: new Set() };
  const key = (o: ConfigMap) => `${o.metadata.namespace}/${o.metadata.name}`;
  informer.addEventHandler({
    onAdd: (o) => seen.versions.add(`${key(o)}@${o.metadata.resourceVersion}`),
    onUpdate: (_o, n) => seen.versions.add(`${key(n)}@${n.metadata.resourceVersion}`),
    onDelete: (o) => {
      if (o instanceof DeletedFinalStateUnknown) seen.tombstones.add(o.key);
      else seen.deleted.add(key(o));
    },
  });
  const running = informer.run(ac.signal);
  return { informer, seen, stop: () => ac.abort(), running };
}

/** The informer's cache is exactly what a fresh list returns: same keys, same resourceVersions. */
async function expectCacheMatchesServer(informer: SharedIndexInformer<ConfigMap>, client: Client, ns: string) {
  const listed = await client.configMaps(ns).list();
  const server = listed.items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  const cached = informer
    .getStore()
    .list()
    .filter((o) => o.metadata.namespace === ns)
    .map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)
    .sort();
  expect(cached).toEqual(server);
}

async function ensureNamespace(client: Client, name: string) {
  await client
    .namespaces()
    .create({ metadata: { name } })
    .catch((e) => {
      if (!String(e).includes("already exists")) throw e;
    });
}

describe("informer against the apiserver", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ watchCache: { capacity: 64 } });
  });
  afterAll(async () => {
    await cluster.stop();
  });

  test("sees every change made by concurrent writers and ends with exactly the stored state", async () => {
    const admin = cluster.newClient();
    await ensureNamespace(admin, "writers");
    const { informer, seen, stop } = watchConfigMaps(cluster.newClient(), "writers");
    await eventually(() => expect(informer.hasSynced()).toBe(true));

    const written: string[] = [];
    const deletedKeys: string[] = [];
    const shared = ["shared-0", "shared-1", "shared-2"];
    for (const name of shared) written.push(`writers/${name}@${(await admin.configMaps("writers").create({ metadata: { name }, data: { n: "0" } })).metadata.resourceVersion}`);

    const writer = async (w: number) => {
      const c = cluster.newClient();
      const cms = c.configMaps("writers");
      for (let i = 0; i < 40; i++) {
        const name = `w${w}-${i}`;
        const created = await cms.create({ metadata: { name, labels: { writer: String(w) } }, data: { i: String(i) } });
        written.push(`writers/${name}@${created.metadata.resourceVersion}`);
        if (i % 3 === 0) {
          const upd = await cms.update({ ...created, data: { i: String(i), touched: "yes" } });
          written.push(`writers/${name}@${upd.metadata.resourceVersion}`);
        }
        if (i % 5 === 0) {
          await cms.delete(name);
          deletedKeys.push(`writers/${name}`);
        }
        // contend on the shared objects with optimistic concurrency
        const target = shared[(w + i) % shared.length] as string;
        for (;;) {
          const cur = await cms.get(target);
          try {
            const upd = await cms.update({ ...cur, data: { n: String(Number(cur.data?.n ?? 0) + 1) } });
            written.push(`writers/${target}@${upd.metadata.resourceVersion}`);
            break;
          } catch (e) {
            if (!isConflict(e)) throw e;
          }
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));

    await eventually(() => expectCacheMatchesServer(informer, admin, "writers"));
    // Every version a writer produced was delivered, and every delete too; no relist was needed.
    const missing = written.filter((v) => !seen.versions.has(v));
    expect(missing).toEqual([]);
    expect(deletedKeys.filter((k) => !seen.deleted.has(k))).toEqual([]);
    expect(seen.tombstones.size).toBe(0);
    const counters = await Promise.all(shared.map((n) => admin.configMaps("writers").get(n)));
    expect(counters.reduce((s, c) => s + Number(c.data?.n), 0)).toBe(4 * 40);
    stop();
  });

  for (const useWatchList of [true, false]) {
    test(`recovers from compaction (410: watch history gone) while it was cut off (${useWatchList ? "streaming list" : "plain list"})`, async () => {
      const ns = useWatchList ? "expiry-stream" : "expiry-list";
      const admin = cluster.newClient();
      await ensureNamespace(admin, ns);
      for (let i = 0; i < 5; i++) await admin.configMaps(ns).create({ metadata: { name: `keep-${i}` } });
      await admin.configMaps(ns).create({ metadata: { name: "doomed" } });

      const proxy = new TcpProxy("127.0.0.1", cluster.server.port);
      try {
        const viaProxy = cluster.newClient({ host: `https://127.0.0.1:${proxy.port}`, maxRetries: 0 });
        const { informer, seen, stop } = watchConfigMaps(viaProxy, ns, { useWatchList });
        await eventually(() => expect(informer.hasSynced()).toBe(true));
        const rvBefore = informer.lastSyncResourceVersion();
        logs.length = 0;

        proxy.cut();
        // While the client is away: more changes than the watch cache keeps (64), a delete among them.
        await admin.configMaps(ns).delete("doomed");
        for (let i = 0; i < 100; i++) await admin.configMaps(ns).create({ metadata: { name: `new-${i}` } });
        for (let i = 0; i < 5; i++) {
          const cur = await admin.configMaps(ns).get(`keep-${i}`);
          await admin.configMaps(ns).update({ ...cur, data: { v: "2" } });
        }
        // and the store compacts that history away too
        await cluster.store.compact(await cluster.store.currentRevision());
        const tooOld = await admin
          .configMaps(ns)
          .watch({ resourceVersion: rvBefore })
          .then(async (w) => {
            try {
              for await (const _ of w) return "no error";
            } catch (e) {
              return String((e as { code?: number }).code);
            } finally {
              w.stop();
            }
            return "closed";
          })
          .catch((e) => String((e as { code?: number }).code));
        expect(tooOld).toBe("410");

        proxy.restore();
        await eventually(() => expectCacheMatchesServer(informer, admin, ns), 15_000);
        expect(seen.tombstones.has(`${ns}/doomed`) || seen.deleted.has(`${ns}/doomed`)).toBe(true);
        expect(seen.tombstones.has(`${ns}/doomed`)).toBe(true); // learned from the relist, not from a watch event
        expect(logs.some((l) => l.includes("relisting"))).toBe(true);
        // and it watches again afterwards
        const late = await admin.configMaps(ns).create({ metadata: { name: "late" } });
        await eventually(() => expect(seen.versions.has(`${ns}/late@${late.metadata.resourceVersion}`)).toBe(true));
        stop();
      } finally {
        proxy.stop();
      }
    });
  }

  test("recovers from an apiserver restart and ends with the exact stored state", async () => {
    const admin = cluster.newClient();
    await ensureNamespace(admin, "restart");
    for (let i = 0; i < 10; i++) await admin.configMaps("restart").create({ metadata: { name: `cm-${i}` } });
    const watcherClient = cluster.newClient();
    const { informer, seen, stop } = watchConfigMaps(watcherClient, "restart", { backoff: { initialMs: 300, maxMs: 600, jitter: 0 } });
    await eventually(() => expect(informer.hasSynced()).toBe(true));

    await cluster.restart();
    // Changes right after the restart, while the reflector is still backing off.
    await admin.configMaps("restart").delete("cm-0");
    const cur = await admin.configMaps("restart").get("cm-1");
    await admin.configMaps("restart").update({ ...cur, data: { after: "restart" } });
    await admin.configMaps("restart").create({ metadata: { name: "born-after" } });

    await eventually(() => expectCacheMatchesServer(informer, admin, "restart"), 15_000);
    expect(seen.deleted.has("restart/cm-0") || seen.tombstones.has("restart/cm-0")).toBe(true);
    const more = await admin.configMaps("restart").create({ metadata: { name: "later" } });
    await eventually(() => expect(seen.versions.has(`restart/later@${more.metadata.resourceVersion}`)).toBe(true));
    expect(isNotFound(await admin.configMaps("restart").get("cm-0").catch((e) => e))).toBe(true);
    stop();
  });
});
