/**
 * Storage backends side by side (LMDB embedded, etcd via a private Debian etcd 3.4 on
 * loopback) on ~2 KB Pod-like objects: durable creates/s with 1, 16 and 256 concurrent
 * writers (and the process CPU each create costs), gets/s (each reading a field of the
 * value), a 10,000-key list, watch delivery latency to 1 and 1,000 watchers, resident
 * memory; then etcd-to-LMDB ratios. Each backend runs KUBUN_BENCH_REPEAT rounds (default
 * 3) on a fresh store and every figure is the median of its rounds. KUBUN_BENCH_BACKENDS
 * (default "lmdb,etcd") picks the backends. One line per figure; the "Storage" section of
 * RESULTS.md.
 *
 * Watch latency is reported two ways: from issuing the write (so it includes the durable
 * commit, fsync and all), and, for LMDB, from the commit: from the moment the JS thread
 * learns the transaction is durable (just before its events are published) to each
 * watcher's handler running with its own copy of the value. etcd's commit moment is not
 * observable from the client, so etcd has only the first.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { do_not_optimize, measure } from "mitata";
import type { Store } from "../src/storage/interface.ts";
import { openEtcdStore } from "../src/storage/etcd/index.ts";
import { LmdbStore, openLmdbStore } from "../src/storage/lmdb/index.ts";
import { startEtcd, type EtcdServer } from "../test/integration/storage/etcd-server.ts";
import { makePod } from "../test/unit/storage/fixtures/pod.ts";
import { percentile, report, rssMiB, type Figure } from "./harness.ts";

const PODS = Array.from({ length: 1000 }, (_, i) => makePod(i));
const LIST_KEYS = 10_000;
const WATCH_WARMUP_WRITES = 30;
const ROUNDS = Math.max(1, Number(process.env.KUBUN_BENCH_REPEAT ?? 3));
const BACKENDS = (process.env.KUBUN_BENCH_BACKENDS ?? "lmdb,etcd").split(",");

type Pod = { metadata: { name: string } };

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Closed-loop writers: each awaits its durable create before the next, for `ms`. Returns [creates/s, process CPU µs per create]. */
async function creates(s: Store, prefix: string, writers: number, ms: number): Promise<[number, number]> {
  let next = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  const c0 = cpuUs();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < end) {
        const i = next++;
        await s.create(`${prefix}${i}`, PODS[i % PODS.length]);
      }
    }),
  );
  return [next / ((performance.now() - t0) / 1000), (cpuUs() - c0) / next];
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

const listKeys = (prefix: string) => Array.from({ length: LIST_KEYS }, (_, k) => `${prefix}${String(k).padStart(6, "0")}`);

/** Gets per mitata iteration: one iteration's timer reads cost about a tenth of a get. */
const GETS_PER_ITERATION = 64;
/** Untimed gets before the measured ones. */
const GETS_WARMUP_MS = 300;

/** Reads per second, each awaited in turn and reading a field of the value it got. */
async function gets(read: (key: string) => Promise<{ kv?: { value: unknown } | undefined }>, prefix: string): Promise<number> {
  let i = 0;
  const keys = listKeys(prefix);
  // Warm-up: a fresh store's compiled copiers start in JSC's interpreter.
  for (const end = performance.now() + GETS_WARMUP_MS; performance.now() < end; ) {
    for (let j = 0; j < GETS_PER_ITERATION; j++) await read(keys[i++ % LIST_KEYS]!);
  }
  const stats = await measure(async () => {
    for (let j = 0; j < GETS_PER_ITERATION; j++) {
      const r = await read(keys[i++ % LIST_KEYS]!);
      do_not_optimize((r.kv!.value as Pod).metadata.name);
    }
  }, { min_cpu_time: 1e9 });
  return (GETS_PER_ITERATION * 1e9) / stats.avg;
}

async function list(s: Store, prefix: string): Promise<number> {
  const stats = await measure(async () => {
    const r = await s.list(prefix);
    if (r.kvs.length !== LIST_KEYS) throw new Error(`list returned ${r.kvs.length}`);
  }, { min_cpu_time: 2e9, max_samples: 30 });
  return stats.avg / 1e6;
}

interface WatchFigures {
  /** From issuing the write to each watcher's receipt of its event (ms). */
  fromWrite: [number, number];
  /** LMDB: from the commit being acknowledged on the JS thread to each receipt (ms). */
  fromCommit?: [number, number];
}

async function watchLatency(s: Store, prefix: string, watchers: number, writes: number): Promise<WatchFigures> {
  const lmdb = s instanceof LmdbStore ? s : undefined;
  const sent = new Map<string, number>();
  const fromWrite: number[] = [];
  const fromCommit: number[] = [];
  let commitRev = 0;
  let commitAt = 0;
  const start = await s.currentRevision();
  const handles = Array.from({ length: watchers }, () =>
    s.watch<Pod>({ prefix, afterRevision: start }, {
      onEvents(events) {
        const now = performance.now();
        for (const ev of events) {
          const t = sent.get(ev.kv.value.metadata.name);
          if (t === undefined) continue; // a warm-up write
          fromWrite.push(now - t);
          if (lmdb) {
            if (ev.revision !== commitRev) {
              const m = lmdb.writerMetrics();
              if (m.lastCommitRevision !== ev.revision) throw new Error(`event ${ev.revision} is not from the last commit ${m.lastCommitRevision}`);
              commitRev = ev.revision;
              commitAt = m.lastCommitAt;
            }
            fromCommit.push(now - commitAt);
          }
        }
      },
      onError(err) {
        throw err;
      },
    }),
  );
  await Bun.sleep(watchers > 1 ? 1500 : 200); // etcd: let every watch stream be created
  // Warm-up writes, not measured: the first deliveries run the copy and flush code in the
  // interpreter until JSC has compiled it (5-10 ms each for 1,000 watchers, then ~0.6 ms).
  for (let i = 0; i < WATCH_WARMUP_WRITES; i++) {
    const pod = { ...PODS[i % PODS.length]!, metadata: { ...(PODS[i % PODS.length]!.metadata as object), name: `warm-${i}` } };
    await s.create(`${prefix}warm-${i}`, pod);
    await Bun.sleep(2);
  }
  for (let i = 0; i < writes; i++) {
    const pod = { ...PODS[i % PODS.length]!, metadata: { ...(PODS[i % PODS.length]!.metadata as object), name: `w-${i}` } };
    sent.set(`w-${i}`, performance.now());
    await s.create(`${prefix}${i}`, pod);
    await Bun.sleep(2);
  }
  const deadline = Date.now() + 10_000;
  while (fromWrite.length < watchers * writes && Date.now() < deadline) await Bun.sleep(10);
  for (const h of handles) h.cancel();
  if (fromWrite.length < watchers * writes) throw new Error(`watch delivered ${fromWrite.length} of ${watchers * writes}`);
  const out: WatchFigures = { fromWrite: [percentile(fromWrite, 50), percentile(fromWrite, 99)] };
  if (lmdb) out.fromCommit = [percentile(fromCommit, 50), percentile(fromCommit, 99)];
  return out;
}

function procRssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Spec {
  unit: string;
  target?: string;
}

/** One round of every figure on a fresh store; `extra` adds backend-specific ones. */
async function round(name: string, s: Store, out: Map<string, number[]>, specs: Map<string, Spec>): Promise<void> {
  const add = (fig: string, value: number, unit: string, target?: string) => {
    const all = out.get(fig) ?? [];
    all.push(value);
    out.set(fig, all);
    specs.set(fig, target ? { unit, target } : { unit });
    console.log(`  ${name} ${fig} = ${value.toFixed(1)} ${unit}`);
  };
  const lmdb = s instanceof LmdbStore ? s : undefined;
  for (const w of [1, 16, 256]) {
    const m0 = lmdb?.writerMetrics();
    const [rate, cpu] = await creates(s, `/bench/c${w}/`, w, 2500);
    add(`creates/s ${w} writer${w > 1 ? "s" : ""}`, rate, "ops/s", lmdb && w === 256 ? ">= 50,000" : undefined);
    if (w === 256) {
      add("process CPU per create, 256 writers", cpu, "µs");
      const m = lmdb?.writerMetrics();
      if (m && m0) add("writes per LMDB transaction, 256 writers (mean)", (m.jobs - m0.jobs) / (m.batches - m0.batches), "writes");
    }
  }
  await fill(s, "/bench/list/", LIST_KEYS);
  Bun.gc(true); // the creates' garbage is not the gets' to collect
  add("gets/s (private decoded copy)", await gets((k) => s.get(k), "/bench/list/"), "ops/s", lmdb ? ">= 500,000" : undefined);
  if (lmdb) add("getShared/s (frozen shared value, LMDB only)", await gets((k) => lmdb.getShared(k), "/bench/list/"), "ops/s");
  add("list 10,000 keys", await list(s, "/bench/list/"), "ms");
  for (const [w, writes] of [[1, 300], [1000, 100]] as const) {
    const f = await watchLatency(s, `/bench/watch${w}/`, w, writes);
    const label = `${w} watcher${w > 1 ? "s" : ""}`;
    add(`watch p50 ${label}, from write`, f.fromWrite[0], "ms");
    add(`watch p99 ${label}, from write`, f.fromWrite[1], "ms");
    if (f.fromCommit) {
      add(`watch p50 ${label}, from commit`, f.fromCommit[0], "ms");
      add(`watch p99 ${label}, from commit`, f.fromCommit[1], "ms", w === 1000 ? "< 5" : undefined);
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function summarize(name: string, out: Map<string, number[]>, specs: Map<string, Spec>, figures: Figure[]): Map<string, number> {
  const med = new Map<string, number>();
  for (const [fig, values] of out) {
    const v = median(values);
    med.set(fig, v);
    const spec = specs.get(fig)!;
    figures.push({ name: `${name} ${fig}`, value: v, unit: spec.unit, ...(spec.target ? { target: spec.target } : {}) });
    const range = values.length > 1 ? ` (rounds: ${values.map((x) => x.toFixed(1)).join(", ")})` : "";
    console.log(`${name} ${fig} = ${v.toFixed(1)} ${spec.unit}${range}`);
  }
  return med;
}

const figures: Figure[] = [];
const load0 = loadavg();
const notes: string[] = [];
let lm: Map<string, number> | undefined;
let et: Map<string, number> | undefined;

if (BACKENDS.includes("lmdb")) {
  const rss0 = rssMiB();
  const out = new Map<string, number[]>();
  const specs = new Map<string, Spec>();
  for (let r = 0; r < ROUNDS; r++) {
    console.log(`lmdb round ${r + 1}/${ROUNDS}`);
    const dir = mkdtempSync(join(tmpdir(), "kubun-bench-"));
    const s = await openLmdbStore({ path: join(dir, "db"), compactIntervalMs: 0 });
    await round("lmdb", s, out, specs);
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
  lm = summarize("lmdb", out, specs, figures);
  figures.push({ name: "lmdb resident memory (process, after the rounds)", value: rssMiB(), unit: "MiB" });
  figures.push({ name: "lmdb resident memory growth", value: rssMiB() - rss0, unit: "MiB" });
}

if (BACKENDS.includes("etcd")) {
  let server: EtcdServer | undefined;
  try {
    server = await startEtcd();
  } catch (err) {
    notes.push(`etcd not measured: ${(err as Error).message.split("\n")[0]}`);
    console.log(notes[notes.length - 1]);
  }
  if (server) {
    const rssClient0 = rssMiB();
    const out = new Map<string, number[]>();
    const specs = new Map<string, Spec>();
    try {
      for (let r = 0; r < ROUNDS; r++) {
        console.log(`etcd round ${r + 1}/${ROUNDS}`);
        const s = await openEtcdStore({ hosts: [server.clientUrl], compactIntervalMs: 0, namespace: `/r${r}` });
        await round("etcd", s, out, specs);
        await s.close();
      }
      et = summarize("etcd", out, specs, figures);
      figures.push({ name: "etcd resident memory (etcd server)", value: procRssMiB(server.pid), unit: "MiB" });
      figures.push({ name: "etcd resident memory growth (client process)", value: rssMiB() - rssClient0, unit: "MiB" });
    } finally {
      await server.stop();
    }
  }
}

if (lm && et) {
  for (const [fig, lv] of lm) {
    const ev = et.get(fig);
    if (ev === undefined) continue;
    figures.push({ name: `etcd/lmdb ${fig}`, value: ev / lv, unit: "x" });
  }
}
const load1 = loadavg();
notes.unshift(
  `Each figure is the median of ${ROUNDS} rounds, each on a fresh store (etcd: a fresh namespace on one server).`,
  "Creates are closed-loop writers each awaiting a durable acknowledgement (LMDB: fdatasync per group commit; etcd: WAL fsync). Process CPU per create is user+system time of this process (LMDB: its write thread included; etcd: the client side only) over the 256-writer run; machine load inflates it less than throughput, but it does inflate it (cache and CPU sharing).",
  `Gets are awaited one after another, ${GETS_PER_ITERATION} per mitata iteration after ${GETS_WARMUP_MS} ms of untimed ones, each reading a field of the value: Store.get returns a private copy every time (decoded, or copied from the decoded version it keeps once a key is read twice); LMDB's getShared (optional, not in the Store interface) returns one deeply frozen object per version, shared by its callers.`,
  `Watch latency "from write" runs from issuing a write to each watcher's handler receiving its event, so it includes the durable commit (fsync). "From commit" (LMDB) runs from the moment the JS thread learns the transaction is durable, just before its events are published, to each handler receiving its own copy of the value: the delivery latency the target is about. Each watcher reads the value. ${WATCH_WARMUP_WRITES} warm-up writes precede the measured ones (until JSC compiles the delivery path, the first deliveries to 1,000 watchers take 5-10 ms each; then about 0.6 ms).`,
  "etcd runs on the same 2 cores (Debian etcd 3.4, one member, loopback); store watchers of one prefix share one etcd watch. Ratios are etcd figure / LMDB figure (throughput: below 1 means etcd is slower; times: above 1 means etcd is slower).",
  `Load average (1, 5, 15 min) at the start: ${load0.map((l) => l.toFixed(1)).join(", ")}; at the end: ${load1.map((l) => l.toFixed(1)).join(", ")}. Other work shares this 2-core machine; compare ratios and CPU per operation from one run.`,
);
report("Storage", figures, notes.join("\n"));
