/** Latency samples kept per series; the older half goes when full. */
export const MAX_SAMPLES = 200_000;

/** Counters and latency samples of the scheduler, read by benchmarks, tests and /metrics wiring. */
export class SchedulerMetrics {
  scheduled = 0;
  unschedulable = 0;
  errors = 0;
  bindFailures = 0;
  preemptionAttempts = 0;
  /** Per-pod scheduling latency (ms): first attempt to bound, including retries (upstream's SLI). */
  readonly e2eLatencies: number[] = [];
  /** Scheduling cycle of the successful attempt (ms): pop to assumed. */
  readonly cycleLatencies: number[] = [];
  keepSamples = true;
  /** performance.now() of the last successful bind. */
  lastBindAt = 0;

  observe(cycleMs: number, e2eMs: number): void {
    this.lastBindAt = performance.now();
    if (!this.keepSamples) return;
    // a scheduler runs for months: keep the most recent samples only (halved when full)
    if (this.e2eLatencies.length >= MAX_SAMPLES) {
      this.e2eLatencies.splice(0, MAX_SAMPLES / 2);
      this.cycleLatencies.splice(0, MAX_SAMPLES / 2);
    }
    this.cycleLatencies.push(cycleMs);
    this.e2eLatencies.push(e2eMs);
  }
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
