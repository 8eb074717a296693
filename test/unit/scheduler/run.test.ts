import { expect, test } from "bun:test";
import { type LeaderElectionRunner, runScheduler } from "../../../src/scheduler/run.ts";
import { FakeSource } from "../../../src/scheduler/testing/fake-source.ts";
import { setLogSink } from "../../../src/util/log.ts";
import { makeNode, makePod } from "./builders.ts";

setLogSink("silent");

/** A leader election that grants leadership when told to and can take it away. */
function manualElection() {
  let grant!: () => void;
  const granted = new Promise<void>((r) => (grant = r));
  const leaderCtl = new AbortController();
  let stoppedLeading = 0;
  const runner: LeaderElectionRunner = {
    async run(cb, signal) {
      await Promise.race([granted, new Promise((r) => signal.addEventListener("abort", r, { once: true }))]);
      if (!signal.aborted) await cb.onStartedLeading(AbortSignal.any([leaderCtl.signal, signal]));
      stoppedLeading++;
      cb.onStoppedLeading();
    },
  };
  return { runner, grant: () => grant(), lose: () => leaderCtl.abort(), stopped: () => stoppedLeading };
}

test("schedules only while leading and reports a lost lease", async () => {
  const src = new FakeSource();
  src.createNode(makeNode("n1"));
  const el = manualElection();
  const r = runScheduler({ source: src, leaderElection: el.runner, pool: false });
  src.createPod(makePod("p1"));
  await Bun.sleep(30);
  expect(src.bindings).toEqual([]);
  expect(r.isLeader()).toBe(false);
  el.grant();
  for (let i = 0; i < 100 && src.bindings.length === 0; i++) await Bun.sleep(5);
  expect(src.bindings).toEqual([{ pod: "default/p1", node: "n1" }]);
  expect(r.isLeader()).toBe(true);
  el.lose();
  await r.done;
  expect(r.lostLeadership()).toBe(true);
  expect(r.scheduler()).toBeNull();
  src.createPod(makePod("p2"));
  await Bun.sleep(30);
  expect(src.bindings.length).toBe(1);
});

test("without leader election it schedules until stopped", async () => {
  const src = new FakeSource();
  src.createNode(makeNode("n1"));
  const r = runScheduler({ source: src, pool: false });
  src.createPod(makePod("p1"));
  for (let i = 0; i < 100 && src.bindings.length === 0; i++) await Bun.sleep(5);
  expect(src.bindings.length).toBe(1);
  await r.stop();
  expect(r.lostLeadership()).toBe(false);
});
