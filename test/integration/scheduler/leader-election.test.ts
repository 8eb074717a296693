import { afterAll, beforeAll, expect, test } from "bun:test";
import { runSchedulerWithClient } from "../../../src/scheduler/run-with-client.ts";
import { boundTo, eventually, node, pod, type SchedCluster, startCluster } from "./harness.ts";

let c: SchedCluster;
beforeAll(async () => {
  c = await startCluster();
  await c.client.nodes().create(node("n1"));
});
afterAll(async () => {
  await c.stop();
});

test("with --leader-elect only the Lease holder schedules; a successor takes over after release", async () => {
  const opts = { leaderElect: true, pool: false as const, leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 };
  const a = runSchedulerWithClient({ client: c.newClient(), identity: "a", ...opts });
  const b = runSchedulerWithClient({ client: c.newClient(), identity: "b", ...opts });
  const first = await eventually("a leader", () => (a.isLeader() ? a : b.isLeader() ? b : undefined));
  const second = first === a ? b : a;
  expect(second.isLeader()).toBe(false);
  const lease = await c.client.leases("kube-system").get("kube-scheduler");
  expect((lease.spec as { holderIdentity?: string }).holderIdentity).toBe(first === a ? "a" : "b");
  await c.client.pods("default").create(pod("p1"));
  expect(await boundTo(c.client, "p1")).toBe("n1");
  await first.stop();
  await eventually("successor leads", () => second.isLeader(), 10_000);
  await c.client.pods("default").create(pod("p2"));
  expect(await boundTo(c.client, "p2")).toBe("n1");
  await second.stop();
}, 30_000);
