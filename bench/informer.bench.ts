/**
 * The client's informer: how fast watch events reach the indexed store (and a handler),
 * both from an in-memory watch (reflector -> FIFO -> indexed store -> handler) and over
 * HTTP (JSON-lines decoding included); how long a 10,000-pod initial list takes to
 * sync; and the heap each cached ~2 KB Pod costs.
 * Prints one line per figure and rewrites the "Client: informer" section of RESULTS.md.
 */
import { bench, do_not_optimize } from "mitata";
import type { KubeList, KubeObject } from "../src/api/meta/index.ts";
import { type ListerWatcher, listWatchFromClient } from "../src/client/cache/listwatch.ts";
import { SharedIndexInformer } from "../src/client/cache/shared-informer.ts";
import { newIndexer } from "../src/client/cache/store.ts";
import { createClient } from "../src/client/rest/clientset.ts";
import type { WatchEvent, WatchStream } from "../src/client/rest/watch.ts";
import { resourceFor, type ResourceInfo } from "../src/api/resources.ts";
import { loadavg } from "node:os";
import { setLogSink } from "../src/util/log.ts";
import { makePod } from "../test/unit/storage/fixtures/pod.ts";
import { type Figure, report, runMitata } from "./harness.ts";

setLogSink("silent");
const loadAtStart = loadavg()[0] ?? 0;
const PODS = 10_000;
const ROUNDS = 20;
const podsRi = resourceFor("", "v1", "pods") as ResourceInfo;
const fresh = (i: number) => JSON.parse(JSON.stringify(makePod(i, `ns-${i % 50}`))) as KubeObject;
const byNode = { byNode: (p: KubeObject) => [String((p.spec as { nodeName?: string }).nodeName ?? "")] };
const figures: Figure[] = [];

/** A ListerWatcher that lists `initial` and then streams `events` as one watch. */
function memoryListerWatcher(initial: KubeObject[], events: () => Iterable<WatchEvent<KubeObject>>): ListerWatcher<KubeObject> {
  let watched = false;
  return {
    list: async () => ({ metadata: { resourceVersion: "1" }, items: initial }) as KubeList<KubeObject>,
    watch: async (opts) => {
      if (watched) return new Promise<WatchStream<KubeObject>>(() => {}); // a second watch never opens
      watched = true;
      if (opts.sendInitialEvents) throw Object.assign(new (await import("../src/client/errors.ts")).ApiError({ kind: "Status", metadata: {}, status: "Failure", code: 400, reason: "BadRequest" }));
      let stopped = false;
      return {
        stopped: false,
        stop: () => void (stopped = true),
        async *[Symbol.asyncIterator]() {
          for (const e of events()) {
            if (stopped) return;
            yield e;
          }
          await new Promise(() => {}); // stays open
        },
      };
    },
  };
}

/** Runs an informer until `expected` handler calls were seen; returns elapsed ms from start. */
async function timeInformer(lw: ListerWatcher<KubeObject>, expected: number, useWatchList = false): Promise<number> {
  const ac = new AbortController();
  const inf = new SharedIndexInformer<KubeObject>(lw, { indexers: byNode, reflector: { useWatchList } });
  let seen = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const count = () => {
    if (++seen === expected) resolve();
  };
  inf.addEventHandler({ onAdd: count, onUpdate: (_o, _n) => count(), onDelete: count });
  const t0 = performance.now();
  void inf.run(ac.signal);
  await done;
  const ms = performance.now() - t0;
  ac.abort();
  return ms;
}

// 1. Heap per cached pod (measured first, on a clean heap): distinct decoded pods, through the informer into its store.
{
  const measureHeap = () => {
    Bun.gc(true);
    Bun.gc(true);
    return process.memoryUsage().heapUsed;
  };
  const N = 20_000;
  const json = Array.from({ length: N }, (_, i) => JSON.stringify(makePod(i, `ns-${i % 50}`)));
  const bytes = json.reduce((s, j) => s + j.length, 0) / N;
  const before = measureHeap();
  const items = json.map((j) => JSON.parse(j) as KubeObject);
  const ac = new AbortController();
  const inf = new SharedIndexInformer<KubeObject>(
    { list: async () => ({ metadata: { resourceVersion: "1" }, items }) as KubeList<KubeObject>, watch: () => new Promise(() => {}) },
    { indexers: byNode, reflector: { useWatchList: false } },
  );
  void inf.run(ac.signal);
  while (!inf.hasSynced()) await Bun.sleep(5);
  items.length = 0;
  const after = measureHeap();
  figures.push({ name: `heap per cached Pod (${Math.round(bytes)} B of JSON, 2 indices)`, value: (after - before) / N, unit: "bytes" });
  do_not_optimize(inf.getStore().size);
  do_not_optimize(json); // the source strings must stay alive across both measurements
  ac.abort();
}

// 2. In-memory watch: MODIFIED events for 10,000 pods, 20 rounds.
{
  const pods = Array.from({ length: PODS }, (_, i) => fresh(i));
  let rv = 10;
  const events = function* () {
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of pods) {
        rv++;
        yield { type: "MODIFIED" as const, object: { ...p, metadata: { ...p.metadata, resourceVersion: String(rv) } } };
      }
    }
  };
  const n = PODS * ROUNDS;
  const ms = await timeInformer(memoryListerWatcher(pods, events), PODS + n);
  const listMs = await timeInformer(memoryListerWatcher(pods, () => []), PODS);
  figures.push({ name: "watch events applied (in memory, 2 indices, 1 handler)", value: (n / (ms - listMs)) * 1000, unit: "events/s" });
}

// 3. Over HTTP: a server streams pre-encoded JSON lines as fast as the client reads.
{
  const pods = Array.from({ length: PODS }, (_, i) => fresh(i));
  const listBody = JSON.stringify({ kind: "PodList", apiVersion: "v1", metadata: { resourceVersion: "1" }, items: pods });
  const enc = new TextEncoder();
  const HTTP_ROUNDS = 5;
  const chunks: Uint8Array[] = [];
  let rv = 10;
  for (let r = 0; r < HTTP_ROUNDS; r++) {
    let batch = "";
    for (const p of pods) {
      rv++;
      batch += JSON.stringify({ type: "MODIFIED", object: { ...p, metadata: { ...p.metadata, resourceVersion: String(rv) } } }) + "\n";
      if (batch.length > 1 << 20) {
        chunks.push(enc.encode(batch));
        batch = "";
      }
    }
    if (batch) chunks.push(enc.encode(batch));
  }
  let watchServed = false;
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    fetch(req) {
      const url = new URL(req.url);
      if (url.searchParams.get("watch") !== "true") return new Response(listBody, { headers: { "Content-Type": "application/json" } });
      if (url.searchParams.get("sendInitialEvents") === "true") return Response.json({ kind: "Status", status: "Failure", code: 400, reason: "BadRequest", metadata: {} }, { status: 400 });
      if (watchServed) return new Response(new ReadableStream({ start: (c) => c.enqueue(enc.encode("\n")) }));
      watchServed = true;
      let i = 0;
      return new Response(
        new ReadableStream({
          pull(c) {
            if (i < chunks.length) c.enqueue(chunks[i++] as Uint8Array);
          },
        }),
        { headers: { "Content-Type": "application/json" } },
      );
    },
  });
  const client = createClient({ host: `http://127.0.0.1:${server.port}`, qps: -1 });
  const lw = listWatchFromClient(client.resource<KubeObject>(podsRi));
  const n = PODS * HTTP_ROUNDS;
  const ms = await timeInformer(lw, PODS + n);
  watchServed = false;
  const listOnly = createClient({ host: `http://127.0.0.1:${server.port}`, qps: -1 });
  const listMs = await timeInformer(listWatchFromClient(listOnly.resource<KubeObject>(podsRi)), PODS);
  figures.push({ name: "watch events applied over HTTP (JSON lines decoded)", value: (n / (ms - listMs)) * 1000, unit: "events/s" });
  figures.push({ name: "initial list of 10,000 pods over HTTP to synced", value: listMs, unit: "ms" });
  server.stop(true);
}

// 4. The indexed store alone.
{
  const store = newIndexer<KubeObject>(byNode);
  const pods = Array.from({ length: PODS }, (_, i) => fresh(i));
  for (const p of pods) store.add(p);
  let i = 0;
  bench("indexed store update (namespace + node index)", () => {
    store.update(pods[i++ % PODS] as KubeObject);
  });
  bench("indexed store byIndex(namespace) of 200", () => do_not_optimize(store.byIndex("namespace", "ns-7")));
}

figures.push(...(await runMitata()));
report(
  "Client: informer",
  figures,
  `Pods are the ~2 KB fixture of test/unit/storage/fixtures/pod.ts, 10,000 of them in 50 namespaces. Event rates exclude the initial list; the HTTP figure includes JSON.parse of every line (JSON.parse alone of these pods runs at about 100-150k/s here). Load average when the run started: ${loadAtStart.toFixed(1)} (a shared 2-core machine: compare ratios within one run).`,
);
process.exit(0);
