import { afterAll, describe, expect, test } from "bun:test";
import type { Event } from "../../../src/api/types/index.ts";
import { resourceFor, type ResourceInfo } from "../../../src/api/resources.ts";
import { setLogSink } from "../../../src/util/log.ts";
import { FakeClock } from "../../../src/client/internal/clock.ts";
import { EventBroadcaster } from "../../../src/client/record/broadcaster.ts";
import { EventCorrelator } from "../../../src/client/record/correlator.ts";
import { Recorder } from "../../../src/client/record/recorder.ts";
import { eventSinkFromClient, type EventSink } from "../../../src/client/record/sink.ts";
import { createClient } from "../../../src/client/rest/clientset.ts";
import { FakeApiServer, pod } from "./fake-apiserver.ts";
import { eventually } from "./helpers.ts";

const logLines: string[] = [];
setLogSink((l) => logLines.push(l));
afterAll(() => setLogSink("silent")); // stop capturing once this file is done
const events = resourceFor("", "v1", "events") as ResourceInfo;

const thePod = { ...pod("web-1", "prod"), metadata: { name: "web-1", namespace: "prod", uid: "u-1", resourceVersion: "42" } };
const theNode = { apiVersion: "v1", kind: "Node", metadata: { name: "node-a", uid: "n-1" } };

function record(clock = new FakeClock()): { events: Event[]; recorder: Recorder; clock: FakeClock } {
  const out: Event[] = [];
  return { events: out, recorder: new Recorder({ component: "default-scheduler", host: "host-1" }, (e) => out.push(e), clock), clock };
}

describe("Recorder", () => {
  test("builds a core/v1 Event as upstream does", () => {
    // A time later than any earlier event of this process: names only ever increase.
    const { events: out, recorder, clock } = record(new FakeClock(4_000_000_000_000));
    recorder.event(thePod, "Normal", "Scheduled", "Successfully assigned prod/web-1 to node-a");
    const e = out[0] as Event;
    const hex = (BigInt(clock.now()) * 1_000_000n).toString(16);
    expect(e.metadata.name).toBe(`web-1.${hex}`);
    expect(e).toMatchObject({
      apiVersion: "v1",
      kind: "Event",
      metadata: { namespace: "prod" },
      involvedObject: { kind: "Pod", apiVersion: "v1", namespace: "prod", name: "web-1", uid: "u-1", resourceVersion: "42" },
      reason: "Scheduled",
      message: "Successfully assigned prod/web-1 to node-a",
      type: "Normal",
      count: 1,
      source: { component: "default-scheduler", host: "host-1" },
      reportingComponent: "default-scheduler",
      reportingInstance: "host-1",
    });
    expect(e.firstTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(e.lastTimestamp).toBe(e.firstTimestamp as string);
  });

  test("cluster-scoped objects get events in default; names stay unique at the same instant", () => {
    const { events: out, recorder } = record();
    recorder.event(theNode, "Warning", "NodeNotReady", "x");
    recorder.event(theNode, "Warning", "NodeNotReady", "x");
    expect(out[0]?.metadata.namespace).toBe("default");
    expect(out[0]?.metadata.name).not.toBe(out[1]?.metadata.name as string);
  });

  test("annotations, explicit references; bad type or missing kind drop the event", () => {
    const { events: out, recorder } = record();
    recorder.annotatedEvent(theNode, { a: "b" }, "Normal", "R", "m");
    recorder.event({ kind: "Pod", apiVersion: "v1", name: "p", namespace: "ns", fieldPath: "spec.containers{c}" }, "Normal", "Pulled", "ok");
    recorder.event(theNode, "Fatal" as never, "R", "m");
    recorder.event({ metadata: { name: "nokind" } }, "Normal", "R", "m");
    expect(out.length).toBe(2);
    expect(out[0]?.metadata.annotations).toEqual({ a: "b" });
    expect(out[1]?.involvedObject.fieldPath).toBe("spec.containers{c}");
    expect(out[1]?.metadata.namespace).toBe("ns");
  });
});

describe("EventCorrelator", () => {
  const base = (message: string, reason = "FailedScheduling"): Event => {
    const { events: out, recorder } = record();
    recorder.event(thePod, "Warning", reason, message);
    return out[0] as Event;
  };

  test("an identical event becomes a count/lastTimestamp/message patch of the first one", async () => {
    const clock = new FakeClock();
    const c = new EventCorrelator({ clock });
    const first = c.correlate(base("0/3 nodes are available"));
    expect(first.patch).toBeUndefined();
    c.updateState({ ...first.event, metadata: { ...first.event.metadata, resourceVersion: "7" } });
    await clock.step(5000);
    const second = c.correlate({ ...base("0/3 nodes are available"), lastTimestamp: "2030-01-01T00:00:05Z" });
    expect(second.event.metadata.name).toBe(first.event.metadata.name as string);
    expect(second.event.count).toBe(2);
    expect(second.event.firstTimestamp).toBe(first.event.firstTimestamp as string);
    expect(second.patch).toEqual({ count: 2, lastTimestamp: "2030-01-01T00:00:05Z", message: "0/3 nodes are available" });
    expect(c.correlate(base("0/3 nodes are available")).event.count).toBe(3);
  });

  test("the 10th similar event (same reason, new message) within 10 minutes is aggregated", async () => {
    const clock = new FakeClock();
    const c = new EventCorrelator({ clock });
    const results = Array.from({ length: 12 }, (_, i) => c.correlate(base(`message ${i}`)));
    expect(results.slice(0, 9).every((r) => !r.event.message?.startsWith("(combined"))).toBe(true);
    const agg = results[9]?.event as Event;
    expect(agg.message).toBe("(combined from similar events): message 9");
    expect(agg.count).toBe(1);
    expect(results[10]?.event.message).toBe("(combined from similar events): message 10");
    expect(results[10]?.event.count).toBe(2);
    expect(results[10]?.event.metadata.name).toBe(agg.metadata.name as string);
    expect(results[11]?.event.count).toBe(3);
    // other reasons are separate groups
    expect(c.correlate(base("different", "Other")).event.message).toBe("different");
    // after 10 quiet minutes the group starts over
    await clock.step(601_000);
    expect(c.correlate(base("message 99")).event.message).toBe("message 99");
  });

  test("spam filter: 25 events per source and object, then one per 5 minutes", async () => {
    const clock = new FakeClock();
    const c = new EventCorrelator({ clock, maxEvents: 1000 });
    const skipped = Array.from({ length: 27 }, (_, i) => c.correlate(base(`m${i}`)).skip);
    expect(skipped.filter((s) => !s).length).toBe(25);
    expect(skipped.slice(25)).toEqual([true, true]);
    await clock.step(300_000);
    expect(c.correlate(base("later")).skip).toBe(false);
    expect(c.correlate(base("later2")).skip).toBe(true);
  });
});

describe("EventBroadcaster", () => {
  const server = new FakeApiServer();
  afterAll(() => server.stop());
  const client = createClient(server.config());

  test("writes events to the API; repeats PATCH the count; a deleted event is created again", async () => {
    const b = new EventBroadcaster({ sleepDurationMs: 10 });
    b.startRecordingToSink(eventSinkFromClient(client));
    const rec = b.newRecorder({ component: "kubelet", host: "node-a" });
    rec.event(thePod, "Warning", "BackOff", "Back-off restarting failed container");
    await b.flush();
    let stored = server.list(events, "prod");
    expect(stored.length).toBe(1);
    expect(stored[0]).toMatchObject({ count: 1, reason: "BackOff", involvedObject: { name: "web-1" } });
    rec.event(thePod, "Warning", "BackOff", "Back-off restarting failed container");
    rec.event(thePod, "Warning", "BackOff", "Back-off restarting failed container");
    await b.flush();
    stored = server.list(events, "prod");
    expect(stored.length).toBe(1);
    expect(stored[0]?.count).toBe(3);
    const patches = server.requests.filter((r) => r.method === "PATCH");
    expect(patches.length).toBe(2);
    expect(patches[0]?.headers.get("Content-Type")).toBe("application/strategic-merge-patch+json");
    expect(Object.keys(JSON.parse(patches[0]?.body ?? "{}")).sort()).toEqual(["count", "lastTimestamp", "message"]);
    // someone deletes the event: the next repeat creates it anew
    server.remove(events, "prod", stored[0]?.metadata.name as string);
    rec.event(thePod, "Warning", "BackOff", "Back-off restarting failed container");
    await b.flush();
    stored = server.list(events, "prod");
    expect(stored.length).toBe(1);
    expect(stored[0]?.count).toBe(4);
    b.shutdown();
  });

  test("a full queue drops events without blocking, logged once per interval with the count; watchers own their events", async () => {
    const clock = new FakeClock();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: Event[] = [];
    const b = new EventBroadcaster({ maxQueuedEvents: 2, clock });
    b.startEventWatcher(async (e) => {
      seen.push(e);
      await gate;
    });
    const other: Event[] = [];
    b.startEventWatcher((e) => {
      other.push(e);
    });
    const rec = b.newRecorder({ component: "c" });
    const before = logLines.filter((l) => l.includes("dropped event")).length;
    // one at a time, so the second watcher keeps up: the first handler takes R0 and blocks,
    // R1 and R2 wait in its queue, R3..R9 are dropped
    for (let i = 0; i < 10; i++) {
      rec.event(theNode, "Normal", `R${i}`, "m");
      await Bun.sleep(0);
    }
    const dropLines = () => logLines.filter((l) => l.includes("dropped event")).slice(before);
    expect(dropLines().length).toBe(1);
    expect(dropLines()[0]).toContain("dropped=1");
    for (const r of ["L1", "L2"]) {
      rec.event(theNode, "Normal", r, "m"); // dropped, counted, not logged yet
      await Bun.sleep(0);
    }
    expect(dropLines().length).toBe(1);
    await clock.step(10_001);
    rec.event(theNode, "Normal", "L3", "m"); // dropped: the interval is over, one line with the count
    await Bun.sleep(0);
    expect(dropLines().length).toBe(2);
    expect(dropLines()[1]).toContain("dropped=9");
    expect(other.map((e) => e.reason)).toEqual([...Array.from({ length: 10 }, (_, i) => `R${i}`), "L1", "L2", "L3"]);
    expect(other[0]).not.toBe(seen[0]);
    expect(other[0]).toEqual(seen[0]!);
    release();
    await b.flush();
    expect(seen.map((e) => e.reason)).toEqual(["R0", "R1", "R2"]);
    b.shutdown();
  });

  test("transport errors are retried; API rejections are not", async () => {
    let calls = 0;
    const created: Event[] = [];
    const flaky: EventSink = {
      create: async (e) => {
        calls++;
        if (calls <= 2) throw new TypeError("ECONNREFUSED");
        if (e.reason === "Rejected") throw Object.assign(new (await import("../../../src/client/errors.ts")).ApiError({ kind: "Status", metadata: {}, status: "Failure", code: 422, reason: "Invalid" }));
        created.push(e);
        return e;
      },
      update: async (e) => e,
      patch: async (e) => e,
    };
    const b = new EventBroadcaster({ sleepDurationMs: 5 });
    b.startRecordingToSink(flaky);
    const rec = b.newRecorder({ component: "c" });
    rec.event(theNode, "Normal", "Retried", "m");
    await eventually(() => expect(created.length).toBe(1));
    expect(calls).toBe(3);
    rec.event(theNode, "Normal", "Rejected", "m");
    await b.flush();
    expect(calls).toBe(4);
    b.shutdown();
  });

  test("gives up after 12 tries; shutdown abandons retries", async () => {
    let calls = 0;
    const down: EventSink = {
      create: async () => {
        calls++;
        throw new TypeError("ECONNREFUSED");
      },
      update: async (e) => e,
      patch: async (e) => e,
    };
    const b = new EventBroadcaster({ sleepDurationMs: 1 });
    b.startRecordingToSink(down);
    b.newRecorder({ component: "c" }).event(theNode, "Normal", "R", "m");
    await eventually(() => expect(calls).toBe(12));
    await Bun.sleep(20);
    expect(calls).toBe(12);
    expect(logLines.some((l) => l.includes("retry limit exceeded"))).toBe(true);
    b.shutdown();
  });

  test("a full watcher queue drops events instead of blocking; every watcher gets its own copy", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const b = new EventBroadcaster({ maxQueuedEvents: 2 });
    b.startEventWatcher(async (e) => {
      await gate;
      seen.push(e.reason as string);
    });
    const other: Event[] = [];
    b.startEventWatcher((e) => {
      other.push(e);
    });
    const rec = b.newRecorder({ component: "c" });
    rec.event(theNode, "Normal", "a", "m");
    await Bun.sleep(1); // the handler takes "a" and blocks
    for (const r of ["b", "c", "d"]) {
      rec.event(theNode, "Normal", r, "m");
      await Bun.sleep(1); // the second watcher keeps up
    }
    release();
    await b.flush();
    // "a" was taken by the handler at once, "b" and "c" waited, "d" did not fit
    expect(seen).toEqual(["a", "b", "c"]);
    expect(other.map((e) => e.reason)).toEqual(["a", "b", "c", "d"]);
    (other[0] as Event).reason = "mutated";
    expect(seen[0]).toBe("a");
    b.shutdown();
  });

  test("structured logging watcher prints upstream's line", async () => {
    const b = new EventBroadcaster();
    b.startStructuredLogging(0);
    b.newRecorder({ component: "c" }).event(thePod, "Normal", "Pulled", "Container image pulled");
    await b.flush();
    expect(logLines.some((l) => l.includes("Event occurred") && l.includes("object=prod/web-1") && l.includes("reason=Pulled"))).toBe(true);
    b.shutdown();
  });
});
