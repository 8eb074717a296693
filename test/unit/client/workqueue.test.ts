import { describe, expect, test } from "bun:test";
import { FakeClock, flushMicrotasks } from "../../../src/client/internal/clock.ts";
import { DelayingQueue } from "../../../src/client/workqueue/delaying-queue.ts";
import { PrometheusQueueMetrics } from "../../../src/client/workqueue/prometheus-metrics.ts";
import { Queue } from "../../../src/client/workqueue/queue.ts";
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
  WithMaxWaitRateLimiter,
} from "../../../src/client/workqueue/rate-limiters.ts";
import { RateLimitingQueue } from "../../../src/client/workqueue/rate-limiting-queue.ts";

/**
 * Queue scripts: "+x" add, "get x" get (must return x), "done x", "len n",
 * "shutdown", "get shutdown" (must report shutdown).
 */
const scripts: [string, string[]][] = [
  ["FIFO order", ["+a", "+b", "+c", "get a", "get b", "get c", "len 0"]],
  ["duplicate waiting items are handed out once", ["+a", "+b", "+a", "len 2", "get a", "get b", "len 0"]],
  ["added while processing: held back, then handed out once after done", ["+a", "get a", "+a", "+a", "len 0", "done a", "len 1", "get a", "done a", "len 0"]],
  ["done without re-add does not requeue", ["+a", "get a", "done a", "len 0"]],
  ["re-added item goes to the back", ["+a", "+b", "get a", "+a", "done a", "get b", "get a"]],
  ["after shutdown adds are ignored but queued items still come out", ["+a", "+b", "shutdown", "+c", "len 2", "get a", "get b", "get shutdown"]],
  ["held-back item still comes out after shutdown", ["+a", "get a", "+a", "shutdown", "done a", "get a", "done a", "get shutdown"]],
];

describe("Queue", () => {
  for (const [name, steps] of scripts) {
    test(name, async () => {
      const q = new Queue<string>();
      for (const step of steps) {
        const [op, arg] = step.startsWith("+") ? ["+", step.slice(1)] : (step.split(" ") as [string, string]);
        switch (op) {
          case "+":
            q.add(arg);
            break;
          case "get": {
            const r = await q.get();
            if (arg === "shutdown") expect(r.shutdown).toBe(true);
            else expect([step, r.item]).toEqual([step, arg]);
            break;
          }
          case "done":
            q.done(arg);
            break;
          case "len":
            expect([step, q.len()]).toEqual([step, Number(arg)]);
            break;
          case "shutdown":
            q.shutDown();
            break;
        }
      }
    });
  }

  test("a waiting get() is woken by add() and by shutDown()", async () => {
    const q = new Queue<string>();
    const p1 = q.get();
    const p2 = q.get();
    q.add("x");
    expect(await p1).toEqual({ item: "x", shutdown: false });
    q.shutDown();
    expect(await p2).toEqual({ item: undefined, shutdown: true });
  });

  test("many workers: an item is never processed twice at once, and every add after a get is processed", async () => {
    const q = new Queue<number>();
    const inFlight = new Set<number>();
    const processedAfterAdd = new Map<number, number>();
    let overlaps = 0;
    const addsPending = new Map<number, number>(); // adds not yet covered by a later processing start
    const add = (i: number) => {
      addsPending.set(i, (addsPending.get(i) ?? 0) + 1);
      q.add(i);
    };
    const worker = async () => {
      for (;;) {
        const { item, shutdown } = await q.get();
        if (shutdown) return;
        if (inFlight.has(item)) overlaps++;
        inFlight.add(item);
        addsPending.delete(item);
        processedAfterAdd.set(item, (processedAfterAdd.get(item) ?? 0) + 1);
        await Bun.sleep(Math.random() * 2);
        if (Math.random() < 0.3) add(item); // re-added while in flight
        inFlight.delete(item);
        q.done(item);
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 20; i++) add(i);
      await Bun.sleep(1);
    }
    await Bun.sleep(50);
    const drained = q.shutDownWithDrain();
    await drained;
    await Promise.all(workers);
    expect(overlaps).toBe(0);
    expect(addsPending.size).toBe(0);
    expect(processedAfterAdd.size).toBe(20);
  });

  test("shutDownWithDrain resolves only when in-flight items are done", async () => {
    const q = new Queue<string>();
    q.add("a");
    await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => (drained = true));
    await flushMicrotasks();
    expect(drained).toBe(false);
    q.done("a");
    await p;
    expect(drained).toBe(true);
    expect(await new Queue<string>().shutDownWithDrain()).toBeUndefined();
  });
});

describe("DelayingQueue", () => {
  test("items become ready in ready-time order, with one timer", async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter("late", 300);
    q.addAfter("early", 100);
    q.addAfter("mid", 200);
    q.addAfter("now", 0);
    expect(q.len()).toBe(1);
    expect(clock.pendingTimers()).toBe(1);
    const order: string[] = [(await q.get()).item as string];
    for (const step of [100, 100, 100]) {
      await clock.step(step);
      order.push((await q.get()).item as string);
    }
    expect(order).toEqual(["now", "early", "mid", "late"]);
    expect(clock.pendingTimers()).toBe(0);
  });

  test("a waiting item keeps the earlier of two ready times", async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter("a", 500);
    q.addAfter("a", 100); // earlier wins
    q.addAfter("a", 900); // later is ignored
    expect(q.waitingCount()).toBe(1);
    await clock.step(100);
    expect(q.len()).toBe(1);
    await clock.step(1000);
    expect(q.len()).toBe(1);
  });

  test("shutdown drops waiting items and disarms the timer", async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter("a", 100);
    q.shutDown();
    expect(clock.pendingTimers()).toBe(0);
    await clock.step(200);
    expect(q.len()).toBe(0);
    q.addAfter("b", 0);
    expect(q.len()).toBe(0);
  });

  test("works with the real clock", async () => {
    const q = new DelayingQueue<string>();
    const t0 = performance.now();
    q.addAfter("x", 30);
    const r = await q.get();
    expect(r.item).toBe("x");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });
});

describe("rate limiters", () => {
  const seq = (l: RateLimiter<string>, item: string, n: number) => Array.from({ length: n }, () => l.when(item));

  const table: [string, () => RateLimiter<string>, number[]][] = [
    ["exponential 5ms doubling", () => new ItemExponentialFailureRateLimiter(5, 1000_000), [5, 10, 20, 40, 80, 160]],
    ["exponential capped", () => new ItemExponentialFailureRateLimiter(1, 10), [1, 2, 4, 8, 10, 10, 10]],
    ["fast then slow", () => new ItemFastSlowRateLimiter(5, 10_000, 3), [5, 5, 5, 10_000, 10_000]],
    ["max of exponential and fast-slow", () => new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter(1, 1000), new ItemFastSlowRateLimiter(3, 100, 2)), [3, 3, 100, 100, 100, 100, 100, 128, 256]],
    ["capped by max wait", () => new WithMaxWaitRateLimiter(new ItemExponentialFailureRateLimiter(100, 100_000), 300), [100, 200, 300, 300]],
  ];
  for (const [name, make, want] of table) {
    test(name, () => {
      const l = make();
      expect(seq(l, "a", want.length)).toEqual(want);
      expect(l.numRequeues("a")).toBe(want.length);
      expect(l.when("b")).toBe(want[0] as number); // per item
      l.forget("a");
      expect(l.numRequeues("a")).toBe(0);
      expect(l.when("a")).toBe(want[0] as number);
    });
  }

  test("exponential never overflows", () => {
    const l = new ItemExponentialFailureRateLimiter<string>(5, 1000_000);
    let last = 0;
    for (let i = 0; i < 2000; i++) last = l.when("x");
    expect(last).toBe(1000_000);
  });

  test("bucket: burst at once, then spaced at qps, across items", async () => {
    const clock = new FakeClock();
    const l = new BucketRateLimiter<string>(10, 3, clock);
    expect(["a", "b", "c", "d", "e"].map((i) => l.when(i))).toEqual([0, 0, 0, 100, 200]);
    await clock.step(1000);
    expect(l.when("f")).toBe(0);
    expect(l.numRequeues("a")).toBe(0);
  });

  test("default controller limiter: exponential from 5ms until the bucket's burst of 100 runs out", () => {
    const clock = new FakeClock();
    const l = defaultControllerRateLimiter<string>(clock);
    expect(seq(l, "x", 3)).toEqual([5, 10, 20]);
    for (let i = 0; i < 97; i++) l.when(`item-${i}`);
    // the bucket is empty now: the next item waits for a token (10 qps) rather than 5ms
    expect(l.when("fresh")).toBe(100);
  });
});

describe("RateLimitingQueue", () => {
  test("addRateLimited waits the limiter's delay; forget resets it", async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>(new ItemExponentialFailureRateLimiter(100, 10_000), { clock });
    q.addRateLimited("a");
    expect(q.len()).toBe(0);
    await clock.step(99);
    expect(q.len()).toBe(0);
    await clock.step(1);
    expect(q.len()).toBe(1);
    const { item } = await q.get();
    q.addRateLimited(item as string); // second failure: 200ms
    q.done(item as string);
    expect(q.numRequeues("a")).toBe(2);
    await clock.step(199);
    expect(q.len()).toBe(0);
    await clock.step(1);
    expect(q.len()).toBe(1);
    q.forget("a");
    expect(q.numRequeues("a")).toBe(0);
  });

  test("metrics: adds, depth, latency, work duration, retries, unfinished work", async () => {
    const clock = new FakeClock();
    const m = new PrometheusQueueMetrics();
    const q = new RateLimitingQueue<string>(new ItemExponentialFailureRateLimiter(10, 1000), { name: "deployment", metricsProvider: m, clock });
    q.add("a");
    q.add("b");
    q.add("a"); // deduplicated: not an add
    expect(m.value("workqueue_adds_total", "deployment")).toBe(2);
    expect(m.value("workqueue_depth", "deployment")).toBe(2);
    await clock.step(50);
    const { item } = await q.get();
    expect(m.value("workqueue_depth", "deployment")).toBe(1);
    await clock.step(20);
    q.delaying.queue.metrics.updateUnfinishedWork();
    expect(m.value("workqueue_unfinished_work_seconds", "deployment")).toBeCloseTo(0.02, 5);
    q.addRateLimited(item as string);
    q.done(item as string);
    expect(m.value("workqueue_retries_total", "deployment")).toBe(1);
    expect(m.value("workqueue_queue_duration_seconds", "deployment")).toBe(1);
    expect(m.value("workqueue_work_duration_seconds", "deployment")).toBe(1);
    const text = m.render();
    expect(text).toContain('workqueue_adds_total{name="deployment"} 2');
    expect(text).toContain("# TYPE workqueue_work_duration_seconds histogram");
    expect(text).toContain('workqueue_work_duration_seconds_bucket{name="deployment",le="0.1"} 1');
    expect(text).toContain('workqueue_queue_duration_seconds_sum{name="deployment"} 0.05');
    q.shutDown();
  });

  test("a queue without a name records no metrics", () => {
    const m = new PrometheusQueueMetrics();
    const q = new Queue<string>({ metricsProvider: m });
    q.add("a");
    expect(m.render()).toBe("\n");
  });
});
