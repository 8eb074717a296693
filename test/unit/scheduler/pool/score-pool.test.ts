import { afterAll, describe, expect, test } from "bun:test";
import { Scheduler } from "../../../../src/scheduler/core/scheduler.ts";
import { CycleState } from "../../../../src/scheduler/framework/cycle-state.ts";
import type { NodeInfo } from "../../../../src/scheduler/framework/node-info.ts";
import { PodInfo } from "../../../../src/scheduler/framework/pod-info.ts";
import { piscinaPoolFactory } from "../../../../src/scheduler/pool/factory.ts";
import { NodeTable } from "../../../../src/scheduler/pool/node-table.ts";
import { ScorePool, type WorkerPool } from "../../../../src/scheduler/pool/score-pool.ts";
import type { ScoreTask } from "../../../../src/scheduler/pool/task.ts";
import runScoreTask from "../../../../src/scheduler/pool/worker.ts";
import { BalancedAllocation } from "../../../../src/scheduler/plugins/noderesources/balanced-allocation.ts";
import { Fit, type NodeResourcesFitArgs } from "../../../../src/scheduler/plugins/noderesources/fit.ts";
import { FakeSource } from "../../../../src/scheduler/testing/fake-source.ts";
import { setLogSink } from "../../../../src/util/log.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";

setLogSink("silent");

/** Runs tasks in this thread through the real worker function. */
const inProcessPool = (): WorkerPool & { tasks: number } => {
  const p = {
    tasks: 0,
    threads: [1, 2],
    run: async (t: ScoreTask) => {
      p.tasks++;
      return runScoreTask(structuredClone(t));
    },
    destroy: async () => {},
  };
  return p;
};

function randomNodes(n: number, seed = 1): NodeInfo[] {
  let x = seed;
  const rnd = (m: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % m);
  const out: NodeInfo[] = [];
  for (let i = 0; i < n; i++) {
    const pods = Array.from({ length: rnd(5) }, (_, k) => makePod(`p${i}-${k}`, rnd(3) === 0 ? {} : { cpu: `${rnd(900) + 1}m`, memory: `${rnd(900) + 1}Mi`, ephemeral: `${rnd(3)}Gi` }));
    out.push(nodeInfo(makeNode(`n${i}`, { cpu: `${rnd(8) + 1}`, memory: `${rnd(16) + 1}Gi`, ephemeral: rnd(2) ? "20Gi" : "0" }), pods));
  }
  return out;
}

describe("score kernels match the inline plugins", () => {
  const table = new NodeTable(4);
  const nodes = randomNodes(300);
  for (const ni of nodes) table.write(ni);
  const pool = new ScorePool(inProcessPool(), { threads: 2, minChunk: 50, cutover: 1 });
  (pool as unknown as { table: NodeTable }).table.sab = table.sab; // share rows written above
  const strategies: [string, NodeResourcesFitArgs][] = [
    ["LeastAllocated", {}],
    ["MostAllocated", { scoringStrategy: { type: "MostAllocated" } }],
    ["RequestedToCapacityRatio", { scoringStrategy: { type: "RequestedToCapacityRatio", requestedToCapacityRatio: { shape: [{ utilization: 0, score: 2 }, { utilization: 40, score: 9 }, { utilization: 100, score: 1 }] } } }],
    ["three resources", { scoringStrategy: { resources: [{ name: "cpu", weight: 2 }, { name: "memory", weight: 1 }, { name: "ephemeral-storage", weight: 3 }] } }],
  ];
  const pods = [makePod("a", { cpu: "500m", memory: "1Gi" }), makePod("b"), makePod("c", { cpu: "3", ephemeral: "1Gi" })];
  for (const [name, args] of strategies) {
    test(`NodeResourcesFit ${name}`, async () => {
      const pl = new Fit(args);
      for (const pod of pods) {
        const state = new CycleState();
        pl.preScore(state, pod);
        const want = nodes.map((ni) => pl.score(state, pod, ni));
        const [got] = await pool.run([pl.scoreKernel(state, pod)!], nodes);
        expect([...got!]).toEqual(want);
      }
    });
  }
  test("BalancedAllocation", async () => {
    const pl = new BalancedAllocation({ resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "ephemeral-storage", weight: 1 }] });
    for (const pod of [pods[0]!, pods[2]!]) {
      const state = new CycleState();
      pl.preScore(state, pod);
      const want = nodes.map((ni) => pl.score(state, pod, ni));
      const [got] = await pool.run([pl.scoreKernel(state, pod)!], nodes);
      expect([...got!]).toEqual(want);
    }
  });
  test("a requested scalar resource has no kernel", () => {
    const pl = new Fit({ scoringStrategy: { resources: [{ name: "cpu", weight: 1 }, { name: "example.com/gpu", weight: 1 }] } });
    const pod = makePod("g", { scalar: { "example.com/gpu": "1" } });
    const state = new CycleState();
    pl.preScore(state, pod);
    expect(pl.scoreKernel(state, pod)).toBeNull();
    const other = new CycleState();
    pl.preScore(other, makePod("x"));
    expect(pl.scoreKernel(other, makePod("x"))).not.toBeNull();
  });
});

describe("ScorePool", () => {
  test("starts its workers only when first used", async () => {
    let made = 0;
    const pool = ScorePool.create(() => (made++, inProcessPool()), { cutover: 1 });
    expect([made, pool.started]).toEqual([0, false]);
    const ni = nodeInfo(makeNode("n1"));
    pool.table.write(ni);
    const fit = new Fit();
    const state = new CycleState();
    fit.preScore(state, makePod("p"));
    await pool.run([fit.scoreKernel(state, makePod("p"))!], [ni]);
    expect([made, pool.started]).toEqual([1, true]);
    await pool.destroy();
    expect(pool.started).toBe(false);
  });
});

describe("NodeTable", () => {
  test("grows, reuses released rows and bumps its version", () => {
    const t = new NodeTable(2);
    const infos = [1, 2, 3].map((i) => nodeInfo(makeNode(`n${i}`, { cpu: `${i}` })));
    for (const ni of infos) t.write(ni);
    expect(t.version).toBe(1);
    expect(infos.map((n) => n.slot)).toEqual([0, 1, 2]);
    expect(t.data[2 * 10]).toBe(3000);
    t.release(infos[1]!);
    const again = nodeInfo(makeNode("n4"));
    t.write(again);
    expect(again.slot).toBe(1);
    infos[0]!.addPodInfo(new PodInfo(makePod("p", { cpu: "250m" })));
    t.write(infos[0]!);
    expect(t.data[3]).toBe(250);
  });
});

describe("scheduler with the scoring pool", () => {
  const piscina = ScorePool.create(piscinaPoolFactory, { threads: 1, cutover: 1 });
  afterAll(() => piscina.destroy());

  test("schedules through piscina workers like inline", async () => {
    const results: Record<string, string[]> = {};
    for (const [name, pool] of [["inline", null], ["pool", piscina]] as const) {
      const src = new FakeSource();
      for (let i = 0; i < 20; i++) src.createNode(makeNode(`n${i}`, { cpu: `${(i % 4) + 1}` }));
      const s = new Scheduler({ source: src, offloader: pool, rand: () => 0 });
      await s.start();
      for (let i = 0; i < 10; i++) {
        src.createPod(makePod(`p${i}`, { cpu: "900m" }));
        for (let k = 0; k < 20 && src.bindings.length <= i; k++) await Bun.sleep(2);
      }
      await s.stop();
      results[name] = src.bindings.map((b) => `${b.pod}@${b.node}`);
    }
    expect(results.pool!.length).toBe(10);
    expect(results.pool).toEqual(results.inline!);
  });
});
