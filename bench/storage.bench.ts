/**
 * Storage backends side by side (LMDB embedded, etcd via a private Debian etcd 3.4 on
 * loopback) on ~2 KB Pod-like objects: durable creates/s with 1, 16 and 256 concurrent
 * writers, gets/s, a 10,000-key list, watch delivery latency (write issued -> event
 * received, each watcher reading the value) to 1 and 1,000 watchers, resident memory;
 * then etcd-to-LMDB ratios. One line per figure; the "Storage" section of RESULTS.md.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { do_not_optimize, measure } from "mitata";
import type { Store } from "../src/storage/interface.ts";
import { openEtcdStore } from "../src/storage/etcd/index.ts";
import { openLmdbStore, type LmdbStore } from "../src/storage/lmdb/index.ts";
import { startEtcd, type EtcdServer } from "../test/integration/storage/etcd-server.ts";
import { makePod } from "../test/unit/storage/fixtures/pod.ts";
import { percentile, report, rssMiB, type Figure } from "./harness.ts";

const PODS = Array.from({ length: 1000 }, (_, i) => makePod(i));
const LIST_KEYS = 10_000;

/** Closed-loop writers: each awaits its durable create before the next, for `ms`. */
async function creates(s: Store, prefix: string, writers: number, ms: number): Promise<number> {
  let next = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < end) {
        const i = next++;
        await s.create(`${prefix}${i}`, PODS[i % PODS.length]);
      }
    }),
  );
  return next / ((performance.now() - t0) / 1000);
}

async function fill(s: Store, prefix: string, n: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (next < n) {
        const i = next++;
        await s.create(`${prefix}${String(i).padStart(6, "0")}`, PODS[i % PODS.length]);
      }
    }),
  );
}

async function gets(s: Store, prefix: string): Promise<number> {
  let i = 0;
  const keys = Array.from({ length: LIST_KEYS }, (_, k) => `${prefix}${String(k).padStart(6, "0")}`);
  const stats = await measure(async () => do_not_optimize(await s.get(keys[i++ % LIST_KEYS]!)), { min_cpu_time: 1e9 });
  return 1e9 / stats.avg;
}

async function list(s: Store, prefix: string): Promise<number> {
  const stats = await measure(async () => {
    const r = await s.list(prefix);
    if (r.kvs.length !== LIST_KEYS) throw new Error(`list returned ${r.kvs.length}`);
  }, { min_cpu_time: 2e9, max_samples: 30 });
  return stats.avg / 1e6;
}

/** Latency in ms from issuing a write to each watcher's receipt of its event (p50, p99). */
async function watchLatency(s: Store, prefix: string, watchers: number, writes: number): Promise<[number, number]> {
  const sent = new Map<string, number>();
  const sample: number[] = [];
  const start = await s.currentRevision();
  const handles = Array.from({ length: watchers }, () =>
    s.watch<{ metadata: { name: string } }>({ prefix, afterRevision: start }, {
      onEvents(events) {
        const now = performance.now();
        for (const ev of events) {
          const t = sent.get(ev.kv.value.metadata.name);
          if (t !== undefined) sample.push(now - t);
        }
      },
      onError(err) {
        throw err;
      },
    }),
  );
  await Bun.sleep(watchers > 1 ? 1500 : 200); // etcd: let every watch stream be created
  for (let i = 0; i < writes; i++) {
    const pod = { ...PODS[i % PODS.length]!, metadata: { ...(PODS[i % PODS.length]!.metadata as object), name: `w-${i}` } };
    sent.set(`w-${i}`, performance.now());
    await s.create(`${prefix}${i}`, pod);
    await Bun.sleep(2);
  }
  const deadline = Date.now() + 10_000;
  while (sample.length < watchers * writes && Date.now() < deadline) await Bun.sleep(10);
  for (const h of handles) h.cancel();
  if (sample.length < watchers * writes) throw new Error(`watch delivered ${sample.length} of ${watchers * writes}`);
  return [percentile(sample, 50), percentile(sample, 99)];
}

function procRssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function runBackend(name: string, s: Store, f: Figure[], extra: () => Figure[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const add = (fig: string, value: number, unit: string, target?: string) => {
    out.set(fig, value);
    f.push(target ? { name: `${name} ${fig}`, value, unit, target } : { name: `${name} ${fig}`, value, unit });
    console.log(`${name} ${fig} = ${value.toFixed(1)} ${unit}`);
  };
  const lmdb = name === "lmdb";
  for (const w of [1, 16, 256]) add(`creates/s ${w} writer${w > 1 ? "s" : ""}`, await creates(s, `/bench/c${w}/`, w, 2500), "ops/s", lmdb && w === 256 ? ">= 50,000" : undefined);
  await fill(s, "/bench/list/", LIST_KEYS);
  add("gets/s", await gets(s, "/bench/list/"), "ops/s", lmdb ? ">= 500,000" : undefined);
  add("list 10,000 keys", await list(s, "/bench/list/"), "ms");
  for (const [w, writes] of [[1, 300], [1000, 100]] as const) {
    const [p50, p99] = await watchLatency(s, `/bench/watch${w}/`, w, writes);
    add(`watch p50 ${w} watcher${w > 1 ? "s" : ""}`, p50, "ms");
    add(`watch p99 ${w} watcher${w > 1 ? "s" : ""}`, p99, "ms", lmdb && w === 1000 ? "< 5" : undefined);
  }
  for (const x of extra()) {
    f.push(x);
    console.log(`${x.name} = ${x.value.toFixed(1)} ${x.unit}`);
  }
  return out;
}

const figures: Figure[] = [];
const dir = mkdtempSync(join(tmpdir(), "kubun-bench-"));
const rss0 = rssMiB();
const lmdb = (await openLmdbStore({ path: join(dir, "db"), compactIntervalMs: 0 })) as LmdbStore;
const lm = await runBackend("lmdb", lmdb, figures, () => {
  const m = lmdb.writerMetrics();
  return [
    { name: "lmdb writes per commit (mean)", value: m.jobs / m.batches, unit: "writes" },
    { name: "lmdb resident memory (process)", value: rssMiB(), unit: "MiB" },
    { name: "lmdb resident memory growth", value: rssMiB() - rss0, unit: "MiB" },
  ];
});
await lmdb.close();
rmSync(dir, { recursive: true, force: true });

let etcd: EtcdServer | undefined;
let notes = "";
try {
  etcd = await startEtcd();
} catch (err) {
  notes = `etcd not measured: ${(err as Error).message.split("\n")[0]}`;
  console.log(notes);
}
if (etcd) {
  const server = etcd;
  const rssClient0 = rssMiB();
  let et: Map<string, number>;
  try {
    const es = await openEtcdStore({ hosts: [server.clientUrl], compactIntervalMs: 0 });
    et = await runBackend("etcd", es, figures, () => [
      { name: "etcd resident memory (etcd server)", value: procRssMiB(server.pid), unit: "MiB" },
      { name: "etcd resident memory growth (client process)", value: rssMiB() - rssClient0, unit: "MiB" },
    ]);
    await es.close();
  } finally {
    await server.stop();
  }
  for (const [fig, lv] of lm) {
    const ev = et.get(fig);
    if (ev === undefined) continue;
    const ratio = ev / lv;
    figures.push({ name: `etcd/lmdb ${fig}`, value: ratio, unit: "x" });
    console.log(`etcd/lmdb ${fig} = ${ratio.toFixed(3)} x`);
  }
  notes = [
    "Ratios are etcd figure / LMDB figure (throughput: below 1 means etcd is slower; times: above 1 means etcd is slower).",
    "Creates are closed-loop writers each awaiting a durable acknowledgement (LMDB: fdatasync per group commit; etcd: WAL fsync).",
    "Watch latency runs from issuing a write to each watcher receiving its event and reading the value, so it includes the durable commit.",
    "etcd runs on the same 2 cores (Debian etcd 3.4, one member, loopback); store watchers of one prefix share one etcd watch.",
    `Load average at the end of the run: ${loadavg().map((l) => l.toFixed(1)).join(", ")} (other work shares this machine; compare ratios from one run).`,
  ].join("\n");
}
report("Storage", figures, notes);
