import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Event, Pod } from "../../../src/api/types/index.ts";
import { isNotFound } from "../../../src/client/errors.ts";
import type { Client } from "../../../src/client/rest/clientset.ts";
import { ClientSource } from "../../../src/scheduler/client-adapter.ts";
import { SharedInformerFactory } from "../../../src/client/cache/index.ts";
import { EventBroadcaster, eventSinkFromClient } from "../../../src/client/record/index.ts";
import type { PodRef } from "../../../src/scheduler/source.ts";
import { runScheduler, type RunningScheduler } from "../../../src/scheduler/run.ts";
import { boundTo, eventually, node, pod, type SchedCluster, startCluster } from "./harness.ts";

let c: SchedCluster;

beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c.stop();
});

async function events(client: Client, podName: string, reason: string): Promise<Event[]> {
  const list = await client.events("default").list();
  return (list.items as Event[]).filter((e) => e.reason === reason && e.involvedObject?.name === podName);
}

describe("preemption through the API", () => {
  test("a critical pod evicts a lower-priority pod and takes its node", async () => {
    await c.client.nodes().create(node("small", { cpu: "1" }));
    const s = await c.startScheduler();
    await c.client.pods("default").create(pod("low", {}, {}, "800m"));
    expect(await boundTo(c.client, "low")).toBe("small");
    await c.client.pods("default").create(pod("critical", { priorityClassName: "system-cluster-critical" }, {}, "800m"));
    await eventually("victim deleted", async () => {
      try {
        const p = await c.client.pods("default").get("low");
        return !!p.metadata.deletionTimestamp;
      } catch (e) {
        return isNotFound(e);
      }
    });
    const crit = await eventually("nominatedNodeName set", async () => {
      const p = await c.client.pods("default").get("critical");
      const st = p.status as { nominatedNodeName?: string } | undefined;
      return st?.nominatedNodeName || ((p.spec as { nodeName?: string }).nodeName ? "bound" : undefined);
    });
    expect(["small", "bound"]).toContain(crit);
    expect((await events(c.client, "low", "Preempted"))[0]?.message).toMatch(/^Preempted by pod .+ on node small$/);
    // The victim has no kubelet to finish its termination: remove it as a kubelet would.
    await c.client.pods("default").delete("low", { gracePeriodSeconds: 0 }).catch(() => {});
    expect(await boundTo(c.client, "critical")).toBe("small");
    expect(s.scheduler()!.metrics.preemptionAttempts).toBeGreaterThan(0);
    await s.stop();
  }, 30_000);
});

/** A source whose bind loses a race: another binder assigns the pod first, so our bind gets 409. */
class RacingSource extends ClientSource {
  raced = 0;
  constructor(private readonly rival: Client, ...args: ConstructorParameters<typeof ClientSource>) {
    super(...args);
  }
  override async bind(p: PodRef, nodeName: string): Promise<void> {
    if (p.name === "raced" && this.raced++ === 0) {
      await this.rival.pods(p.namespace).bind({ metadata: { name: p.name, namespace: p.namespace }, target: { apiVersion: "v1", kind: "Node", name: "other" } } as never);
    }
    return super.bind(p, nodeName);
  }
}

describe("failed bind through the API", () => {
  test("a rejected binding is reported, the assumed pod forgotten, and the pod not rescheduled once bound elsewhere", async () => {
    await c.client.nodes().create(node("target", { cpu: "1" }));
    await c.client.nodes().create(node("other", { cpu: "1" }));
    const ctl = new AbortController();
    const client = c.newClient();
    const broadcaster = new EventBroadcaster();
    const watcher = broadcaster.startRecordingToSink(eventSinkFromClient(client));
    const src = new RacingSource(c.client, { client, informers: new SharedInformerFactory(client), recorder: broadcaster.newRecorder({ component: "default-scheduler" }), signal: ctl.signal });
    const s: RunningScheduler = runScheduler({ source: src, pool: false });
    await eventually("scheduler", () => s.scheduler() !== null);
    await c.client.pods("default").create(pod("raced", { nodeSelector: { "kubernetes.io/hostname": "target" } }));
    const ev = await eventually("FailedScheduling for the bind", async () => (await events(client, "raced", "FailedScheduling"))[0]);
    expect(ev.message).toMatch(/^Binding rejected: running Bind plugin "DefaultBinder": /);
    expect(ev.type).toBe("Warning");
    expect(await boundTo(c.client, "raced")).toBe("other");
    const sched = s.scheduler()!;
    expect(sched.metrics.bindFailures).toBe(1);
    await eventually("cache holds the pod on the node it was bound to", () => {
      const p = sched.cache.getPod({ metadata: { uid: ((sched.stores.pod("default", "raced") as Pod | undefined)?.metadata?.uid) ?? "" } } as never);
      return p?.spec?.nodeName === "other";
    });
    expect(sched.queue.has({ metadata: { uid: sched.stores.pod("default", "raced")!.metadata.uid } } as never)).toBeNull();
    await s.stop();
    ctl.abort();
    await broadcaster.flush();
    watcher.stop();
    broadcaster.shutdown();
  }, 30_000);
});
