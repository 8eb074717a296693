import { describe, expect, test } from "bun:test";
import { MAX_SAMPLES, percentile, SchedulerMetrics } from "../../../../src/scheduler/core/metrics.ts";

describe("SchedulerMetrics", () => {
  test("latency samples stay bounded, keeping the most recent", () => {
    const m = new SchedulerMetrics();
    const n = MAX_SAMPLES * 2 + 10;
    for (let i = 0; i < n; i++) m.observe(i, i);
    expect(m.e2eLatencies.length).toBeLessThanOrEqual(MAX_SAMPLES);
    expect(m.cycleLatencies.length).toBe(m.e2eLatencies.length);
    expect(m.e2eLatencies[m.e2eLatencies.length - 1]).toBe(n - 1);
    // contiguous recent window
    expect(m.e2eLatencies[0]).toBe(n - m.e2eLatencies.length);
  });

  test("percentile is nearest-rank", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
    expect(percentile([], 50)).toBe(0);
  });
});
