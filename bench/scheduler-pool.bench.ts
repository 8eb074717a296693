/**
 * Scheduler scoring pool: time to score N feasible nodes with the default score plugins,
 * inline vs. with the kernel-capable plugins (NodeResourcesFit, BalancedAllocation) on the
 * piscina pool while the others score inline. Decides the pool's cut-over size.
 */
import { Scheduler } from "../src/scheduler/core/scheduler.ts";
import { piscinaPoolFactory } from "../src/scheduler/pool/factory.ts";
import { ScorePool } from "../src/scheduler/pool/score-pool.ts";
import { FakeSource } from "../src/scheduler/testing/fake-source.ts";
import { perfNode, perfPod } from "../src/scheduler/testing/perf.ts";
import { setLogSink } from "../src/util/log.ts";
import { type Figure, report } from "./harness.ts";

setLogSink("silent");
const SIZES = (process.env.BENCH_SIZES ?? "250,500,1000,2000,5000,10000").split(",").map(Number);

async function timeScoring(n: number, pool: ScorePool | null): Promise<number> {
  const src = new FakeSource({ sync: true });
  for (let i = 0; i < n; i++) src.createNode(perfNode(i));
  const s = new Scheduler({ source: src, offloader: pool });
  await s.start();
  for (let i = 0; i < n; i++) src.createPod({ ...perfPod(`x-${i}`), spec: { ...perfPod("x").spec, nodeName: `node-${i}` } });
  s.cache.updateSnapshot(s.snapshot);
  const fwk = s.frameworkFor(perfPod("p"))!;
  const pod = perfPod("p");
  const nodes = s.snapshot.list();
  const once = async () => {
    const state = fwk.newCycleState();
    fwk.runPreScorePlugins(state, pod, nodes);
    const r = fwk.runScorePlugins(state, pod, nodes);
    if (!(r instanceof Float64Array)) await r;
  };
  for (let i = 0; i < Math.max(2000, 2_000_000 / n); i++) await once();
  const iters = Math.max(200, Math.floor(400_000 / n));
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) await once();
  const us = ((performance.now() - t0) * 1000) / iters;
  await s.stop();
  return us;
}

const figures: Figure[] = [];
const pool1 = ScorePool.create(piscinaPoolFactory, { threads: 1, cutover: 1 });
const pool2 = ScorePool.create(piscinaPoolFactory, { threads: 2, cutover: 1, minChunk: 128 });
let cutover = Infinity;
for (const n of SIZES) {
  const inline = await timeScoring(n, null);
  const p1 = await timeScoring(n, pool1);
  const p2 = await timeScoring(n, pool2);
  figures.push({ name: `score ${n} nodes inline`, value: inline, unit: "µs" });
  figures.push({ name: `score ${n} nodes pool 1 thread`, value: p1, unit: "µs" });
  figures.push({ name: `score ${n} nodes pool 2 threads`, value: p2, unit: "µs" });
  if (Math.min(p1, p2) < inline && n < cutover) cutover = n;
}
await pool1.destroy();
await pool2.destroy();
figures.push({ name: "measured cut-over (smallest size where the pool wins)", value: cutover, unit: "nodes" });
report(
  "Scheduler scoring pool",
  figures,
  "Default profile score plugins over N feasible nodes (per scheduling cycle). Pool: NodeResourcesFit and " +
    "NodeResourcesBalancedAllocation run as kernels over the shared node table on piscina workers while " +
    "TaintToleration and ImageLocality score inline; per task only slot lists and params cross threads. " +
    "On 2 cores the main thread and one worker compete with the rest of the process.",
);
