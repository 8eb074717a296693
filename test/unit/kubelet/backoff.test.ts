import { describe, expect, test } from "bun:test";
import { Backoff, goDuration } from "../../../src/kubelet/backoff.ts";

describe("Backoff (client-go flowcontrol)", () => {
  test("10s doubling to 5m, then reset after 10 minutes of quiet", () => {
    let now = 0;
    const b = new Backoff(10_000, 300_000, () => now);
    const seen: number[] = [];
    for (let i = 0; i < 7; i++) {
      b.next("k", now);
      seen.push(b.get("k"));
      now += 1000;
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    now += 600_001;
    b.next("k", now);
    expect(b.get("k")).toBe(10_000);
  });

  test("isInBackOffSince measures from the event (a container's finish time)", () => {
    let now = 100_000;
    const b = new Backoff(10_000, 300_000, () => now);
    const finished = now;
    expect(b.isInBackOffSince("c", finished)).toBe(false);
    b.next("c", finished);
    now += 9_999;
    expect(b.isInBackOffSince("c", finished)).toBe(true);
    now += 2;
    expect(b.isInBackOffSince("c", finished)).toBe(false);
  });

  test("isInBackOffSinceUpdate measures from the last failure", () => {
    let now = 0;
    const b = new Backoff(10_000, 300_000, () => now);
    b.next("i", now);
    expect(b.isInBackOffSinceUpdate("i", 5_000)).toBe(true);
    expect(b.isInBackOffSinceUpdate("i", 10_000)).toBe(false);
    b.reset("i");
    expect(b.isInBackOffSinceUpdate("i", 1)).toBe(false);
  });

  test("gc drops entries idle for 2*max", () => {
    let now = 0;
    const b = new Backoff(10, 100, () => now);
    b.next("a", 0);
    now = 201;
    b.gc();
    expect(b.get("a")).toBe(0);
  });

  const durations: Array<[number, string]> = [
    [10_000, "10s"],
    [300_000, "5m0s"],
    [80_000, "1m20s"],
    [3_600_000, "1h0m0s"],
  ];
  for (const [ms, s] of durations) test(`goDuration(${ms}) = ${s}`, () => expect(goDuration(ms)).toBe(s));
});
