/**
 * Leader election between separate processes over the real apiserver: exactly one
 * leads at a time, a killed leader is replaced within lease duration + retry period,
 * and a leader that shuts down releases the Lease at once.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { setLogSink } from "../../../src/util/log.ts";
import { type Cluster, eventually, startCluster } from "./cluster.ts";

setLogSink("silent");
const LEASE_MS = 1000; // the Lease stores whole seconds: 1 s is the shortest
const RENEW_MS = 600;
const RETRY_MS = 150;

let cluster: Cluster;
const procs: Subprocess[] = [];
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  for (const p of procs) p.kill("SIGKILL");
  await cluster.stop();
});

interface Candidate {
  id: string;
  proc: Subprocess<"ignore", "pipe", "inherit">;
  lines: { what: string; at: number }[];
}

function spawnCandidate(id: string): Candidate {
  const proc = Bun.spawn(["bun", join(import.meta.dir, "elector-process.ts"), cluster.server.kubeconfigPath, id, String(LEASE_MS), String(RENEW_MS), String(RETRY_MS)], {
    stdout: "pipe",
    stderr: "inherit",
  });
  procs.push(proc);
  const c: Candidate = { id, proc, lines: [] };
  void (async () => {
    const decoder = new TextDecoder();
    let buf = "";
    for await (const chunk of proc.stdout) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const parts = buf.slice(0, nl).split(" ");
        buf = buf.slice(nl + 1);
        c.lines.push({ what: parts.slice(0, -1).join(" "), at: Number(parts.at(-1)) });
      }
    }
  })();
  return c;
}

const leadingAt = (c: Candidate) => c.lines.find((l) => l.what === "LEADING")?.at;

async function lease() {
  const l = await cluster.newClient().leases("kube-system").get("it-lock");
  return l.spec ?? {};
}

test("two processes contest a Lease: one leads at a time, and a killed leader fails over within lease duration + retry period", async () => {
  const a = spawnCandidate("proc-a");
  const b = spawnCandidate("proc-b");
  await eventually(() => expect([a, b].filter((c) => leadingAt(c) !== undefined).length).toBe(1), 15_000);
  const [leader, follower] = leadingAt(a) !== undefined ? [a, b] : [b, a];
  expect((await lease()).holderIdentity).toBe(leader.id);
  // Several lease durations later, still exactly one leader.
  await Bun.sleep(3 * LEASE_MS);
  expect(leadingAt(follower)).toBeUndefined();
  expect(follower.lines.some((l) => l.what === `NEWLEADER ${leader.id}`)).toBe(true);
  expect((await lease()).holderIdentity).toBe(leader.id);

  leader.proc.kill("SIGKILL");
  const killedAt = Date.now();
  await leader.proc.exited;
  await eventually(() => expect(leadingAt(follower)).toBeDefined(), 10_000, 5);
  const failover = (leadingAt(follower) as number) - killedAt;
  if (process.env.KUBUN_TEST_VERBOSE) console.log("failover ms", failover);
  expect(failover).toBeGreaterThan(0); // never while the old leader could still act
  expect(failover).toBeLessThanOrEqual(LEASE_MS + RETRY_MS + 100);
  const spec = await lease();
  expect(spec.holderIdentity).toBe(follower.id);
  expect(spec.leaseTransitions).toBe(1);

  // A leader that shuts down releases the Lease: a newcomer takes over within a retry period.
  const c = spawnCandidate("proc-c");
  await eventually(() => expect(c.lines.some((l) => l.what === `NEWLEADER ${follower.id}`)).toBe(true), 10_000);
  follower.proc.kill("SIGTERM");
  await follower.proc.exited;
  const releasedAt = Math.max(...follower.lines.filter((l) => l.what === "LOST").map((l) => l.at));
  expect(follower.lines.map((l) => l.what)).toContain("EXIT");
  await eventually(() => expect(leadingAt(c)).toBeDefined(), 10_000, 5);
  expect((leadingAt(c) as number) - releasedAt).toBeLessThanOrEqual(RETRY_MS + 250);
  expect((leadingAt(c) as number) - releasedAt).toBeGreaterThanOrEqual(0);
  expect((await lease()).holderIdentity).toBe("proc-c");
  c.proc.kill("SIGTERM");
  await c.proc.exited;
}, 60_000);
