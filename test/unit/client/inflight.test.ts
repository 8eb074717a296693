import { describe, expect, test } from "bun:test";
import { Semaphore } from "../../../src/client/internal/semaphore.ts";
import { HttpClient } from "../../../src/client/transport/http-client.ts";

describe("Semaphore", () => {
  test("holds at most its limit and hands slots to waiters in order", async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    expect(s.acquire()).toBeUndefined();
    expect(s.acquire()).toBeUndefined();
    const waits = [3, 4, 5].map((n) => s.acquire()!.then(() => order.push(n)));
    expect(s.inUse).toBe(2);
    expect(s.waiting).toBe(3);
    s.release();
    await waits[0];
    s.release();
    s.release();
    await Promise.all(waits);
    expect(order).toEqual([3, 4, 5]);
    expect(s.inUse).toBe(2);
    s.release();
    s.release();
    expect(s.inUse).toBe(0);
    expect(s.acquire()).toBeUndefined();
  });
});

describe("HttpClient in-flight limit", () => {
  test("bursts wait for a slot; streams do not count; every request completes", async () => {
    let active = 0;
    let peak = 0;
    const fetch = async (_url: string, init: RequestInit) => {
      active++;
      peak = Math.max(peak, active);
      await Bun.sleep(2);
      active--;
      return new Response(init.method === "GET" ? '{"ok":true}' : "{}", { status: 200 });
    };
    const c = new HttpClient({ host: "https://example.invalid", qps: -1, maxInFlight: 4 }, { fetch });
    const results = await Promise.all(Array.from({ length: 40 }, () => c.json<{ ok: boolean }>({ method: "GET", path: "/api" })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(peak).toBe(4);
    expect(c.inFlight.inUse).toBe(0);
    // streams bypass the limit, so long watches never starve other requests
    peak = 0;
    await Promise.all([...Array.from({ length: 6 }, () => c.request({ method: "GET", path: "/w", stream: true })), c.json({ method: "GET", path: "/api" })]);
    expect(peak).toBe(7);
  });

  test("a failing request gives its slot back", async () => {
    const c = new HttpClient({ host: "https://example.invalid", qps: -1, maxInFlight: 1, maxRetries: 0 }, { fetch: async () => new Response('{"kind":"Status","code":404,"reason":"NotFound"}', { status: 404 }) });
    for (let i = 0; i < 3; i++) await expect(c.json({ method: "GET", path: "/x" })).rejects.toThrow();
    expect(c.inFlight.inUse).toBe(0);
  });
});
