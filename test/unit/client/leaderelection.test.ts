import { afterEach, describe, expect, test } from "bun:test";
import { resourceFor, type ResourceInfo } from "../../../src/api/resources.ts";
import { setLogSink } from "../../../src/util/log.ts";
import { LeaderElector, type LeaderElectionConfig } from "../../../src/client/leaderelection/leader-elector.ts";
import { LeaseLock } from "../../../src/client/leaderelection/lease-lock.ts";
import { createClient } from "../../../src/client/rest/clientset.ts";
import { FakeApiServer } from "./fake-apiserver.ts";
import { eventually } from "./helpers.ts";

setLogSink("silent");
const leases = resourceFor("coordination.k8s.io", "v1", "leases") as ResourceInfo;

// Fast but valid timings: the Lease stores whole seconds, so 1 s is the shortest lease.
const FAST = { leaseDurationMs: 1000, renewDeadlineMs: 600, retryPeriodMs: 150, jitterFactor: 0 };

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

interface Span {
  id: string;
  start: number;
  end?: number;
}

function candidate(server: FakeApiServer, id: string, timeline: Span[], extra: Partial<LeaderElectionConfig> = {}) {
  const client = createClient(server.config({ maxRetries: 0 }));
  const ac = new AbortController();
  const newLeaders: string[] = [];
  let stopped = 0;
  const elector = new LeaderElector({
    ...FAST,
    lock: new LeaseLock(client.leases(), { namespace: "kube-system", name: "kube-scheduler", identity: id }),
    callbacks: {
      onStartedLeading(signal) {
        const span: Span = { id, start: performance.now() };
        timeline.push(span);
        signal.addEventListener("abort", () => (span.end = performance.now()));
      },
      onStoppedLeading: () => stopped++,
      onNewLeader: (who) => newLeaders.push(who),
    },
    ...extra,
  });
  const done = elector.run(ac.signal);
  cleanups.push(() => ac.abort());
  return { elector, ac, done, newLeaders, stopped: () => stopped };
}

function lease(server: FakeApiServer) {
  return server.list(leases, "kube-system")[0] as { spec: Record<string, unknown> } | undefined;
}

/** No two leadership spans overlap. */
function expectExclusive(timeline: Span[]) {
  const spans = [...timeline].sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1] as Span;
    const cur = spans[i] as Span;
    expect(prev.end).toBeDefined();
    expect(prev.end as number).toBeLessThanOrEqual(cur.start);
  }
}

describe("LeaderElector", () => {
  test("config is validated as upstream", () => {
    const lock = { identity: () => "x" } as never;
    const cb = { onStartedLeading() {}, onStoppedLeading() {} };
    const table: [Partial<LeaderElectionConfig>, RegExp][] = [
      [{ leaseDurationMs: 10_000, renewDeadlineMs: 10_000 }, /leaseDuration must be greater than renewDeadline/],
      [{ renewDeadlineMs: 2_000, retryPeriodMs: 2_000 }, /renewDeadline must be greater than retryPeriod\*JitterFactor/],
      [{ lock: { identity: () => "" } as never }, /identity is empty/],
    ];
    for (const [cfg, re] of table) expect(() => new LeaderElector({ lock, callbacks: cb, ...cfg })).toThrow(re);
  });

  test("acquires a missing lease, renews it, and reports itself as leader", async () => {
    const server = new FakeApiServer();
    cleanups.push(() => server.stop());
    const timeline: Span[] = [];
    const a = candidate(server, "a", timeline);
    await eventually(() => expect(a.elector.isLeader()).toBe(true));
    const l1 = lease(server);
    expect(l1?.spec).toMatchObject({ holderIdentity: "a", leaseDurationSeconds: 1, leaseTransitions: 0 });
    expect(String(l1?.spec.renewTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await eventually(() => expect(lease(server)?.spec.renewTime).not.toBe(l1?.spec.renewTime));
    expect(lease(server)?.spec.acquireTime).toBe(l1?.spec.acquireTime);
    await eventually(() => expect(a.newLeaders).toEqual(["a"]));
    expect(a.elector.check(0)).toBeUndefined();
  });

  test("two candidates: exactly one leads; killed leader fails over within lease duration + retry period", async () => {
    const server = new FakeApiServer();
    cleanups.push(() => server.stop());
    const timeline: Span[] = [];
    const a = candidate(server, "a", timeline);
    await eventually(() => expect(a.elector.isLeader()).toBe(true));
    const b = candidate(server, "b", timeline);
    await Bun.sleep(FAST.leaseDurationMs * 1.5);
    expect(b.elector.isLeader()).toBe(false);
    expect(timeline.map((s) => s.id)).toEqual(["a"]);
    await eventually(() => expect(b.newLeaders).toEqual(["a"]));

    // "Kill" a: it stops renewing at once and does not release.
    const lastRenew = String(lease(server)?.spec.renewTime);
    a.ac.abort();
    const killedAt = performance.now();
    await eventually(() => expect(b.elector.isLeader()).toBe(true), 5000, 5);
    const failover = performance.now() - killedAt;
    expect(failover).toBeLessThanOrEqual(FAST.leaseDurationMs + FAST.retryPeriodMs + 100);
    const l = lease(server);
    expect(l?.spec).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
    expect(l?.spec.renewTime).not.toBe(lastRenew);
    expectExclusive(timeline);
    await a.done;
    expect(a.stopped()).toBe(1);
  });

  test("releaseOnCancel clears the holder so the next candidate takes over at once", async () => {
    const server = new FakeApiServer();
    cleanups.push(() => server.stop());
    const timeline: Span[] = [];
    const a = candidate(server, "a", timeline, { releaseOnCancel: true });
    await eventually(() => expect(a.elector.isLeader()).toBe(true));
    const b = candidate(server, "b", timeline);
    await Bun.sleep(300);
    a.ac.abort();
    await a.done;
    expect(lease(server)?.spec.holderIdentity).toBe("");
    const released = performance.now();
    await eventually(() => expect(b.elector.isLeader()).toBe(true), 3000, 5);
    expect(performance.now() - released).toBeLessThan(FAST.retryPeriodMs + 100);
    expect(lease(server)?.spec).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
    expectExclusive(timeline);
  });

  test("a leader that cannot renew stops before another candidate takes over", async () => {
    const server = new FakeApiServer();
    cleanups.push(() => server.stop());
    const timeline: Span[] = [];
    const a = candidate(server, "a", timeline);
    await eventually(() => expect(a.elector.isLeader()).toBe(true));
    const b = candidate(server, "b", timeline);
    await Bun.sleep(200);
    // Every lease write fails from now on (an apiserver that accepts reads only).
    server.fail(1000, { code: 500, match: /^PUT \/apis\/coordination/ });
    const brokeAt = performance.now();
    await eventually(() => expect(timeline[0]?.end).toBeDefined(), 3000, 5);
    const stoppedAfter = (timeline[0]?.end as number) - brokeAt;
    expect(stoppedAfter).toBeLessThanOrEqual(FAST.renewDeadlineMs + 50);
    await a.done;
    expect(a.elector.isLeader()).toBe(true); // it still believes the record names it; it just stopped working
    server.clearFaults();
    await eventually(() => expect(b.elector.isLeader()).toBe(true), 5000, 5);
    expectExclusive(timeline);
    expect(timeline.map((s) => s.id)).toEqual(["a", "b"]);
  });

  test("candidates racing for a missing lease: one wins, the other follows", async () => {
    const server = new FakeApiServer();
    cleanups.push(() => server.stop());
    const timeline: Span[] = [];
    const cs = ["a", "b", "c"].map((id) => candidate(server, id, timeline));
    await eventually(() => expect(timeline.length).toBe(1));
    await Bun.sleep(FAST.leaseDurationMs);
    expect(timeline.length).toBe(1);
    const leader = timeline[0]?.id;
    expect(cs.filter((c) => c.elector.isLeader()).length).toBe(1);
    for (const c of cs) expect(c.elector.getLeader()).toBe(leader as string);
  });
});
