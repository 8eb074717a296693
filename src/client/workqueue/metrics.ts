/**
 * Work queue metrics hooks (client-go workqueue metrics). A MetricsProvider makes the
 * metric objects each named queue updates; the default provider does nothing. The
 * controller manager installs a real one (e.g. PrometheusQueueMetrics below) and
 * serves its text on /metrics. Metric names and meanings follow upstream:
 *   workqueue_depth, workqueue_adds_total, workqueue_queue_duration_seconds,
 *   workqueue_work_duration_seconds, workqueue_unfinished_work_seconds,
 *   workqueue_longest_running_processor_seconds, workqueue_retries_total.
 */

export interface GaugeMetric {
  inc(): void;
  dec(): void;
}
export interface SettableGaugeMetric {
  set(v: number): void;
}
export interface CounterMetric {
  inc(): void;
}
export interface HistogramMetric {
  /** Seconds. */
  observe(v: number): void;
}

export interface MetricsProvider {
  newDepthMetric(name: string): GaugeMetric;
  newAddsMetric(name: string): CounterMetric;
  /** Time an item waits in the queue before get(). */
  newLatencyMetric(name: string): HistogramMetric;
  /** Time from get() to done(). */
  newWorkDurationMetric(name: string): HistogramMetric;
  /** Sum of how long in-flight items have been processed so far. */
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  newRetriesMetric(name: string): CounterMetric;
}

const noop = { inc() {}, dec() {}, set() {}, observe() {} };

export const noopMetricsProvider: MetricsProvider = {
  newDepthMetric: () => noop,
  newAddsMetric: () => noop,
  newLatencyMetric: () => noop,
  newWorkDurationMetric: () => noop,
  newUnfinishedWorkSecondsMetric: () => noop,
  newLongestRunningProcessorSecondsMetric: () => noop,
  newRetriesMetric: () => noop,
};

let globalProvider: MetricsProvider = noopMetricsProvider;

/** Sets the provider used by queues created afterwards without an explicit one. */
export function setMetricsProvider(p: MetricsProvider): void {
  globalProvider = p;
}

export function defaultMetricsProvider(): MetricsProvider {
  return globalProvider;
}

/** The per-queue metric bundle the queue layers update. */
export class QueueMetrics<T> {
  private readonly depth: GaugeMetric;
  private readonly adds: CounterMetric;
  private readonly latency: HistogramMetric;
  private readonly workDuration: HistogramMetric;
  private readonly unfinished: SettableGaugeMetric;
  private readonly longest: SettableGaugeMetric;
  private readonly retries: CounterMetric;
  private readonly addTimes = new Map<T, number>();
  private readonly processingStart = new Map<T, number>();
  readonly enabled: boolean;

  constructor(
    name: string,
    provider: MetricsProvider,
    private readonly now: () => number,
  ) {
    this.enabled = name !== "" && provider !== noopMetricsProvider;
    const p = this.enabled ? provider : noopMetricsProvider;
    this.depth = p.newDepthMetric(name);
    this.adds = p.newAddsMetric(name);
    this.latency = p.newLatencyMetric(name);
    this.workDuration = p.newWorkDurationMetric(name);
    this.unfinished = p.newUnfinishedWorkSecondsMetric(name);
    this.longest = p.newLongestRunningProcessorSecondsMetric(name);
    this.retries = p.newRetriesMetric(name);
  }

  add(item: T): void {
    if (!this.enabled) return;
    this.adds.inc();
    this.depth.inc();
    if (!this.addTimes.has(item)) this.addTimes.set(item, this.now());
  }

  get(item: T): void {
    if (!this.enabled) return;
    this.depth.dec();
    const now = this.now();
    this.processingStart.set(item, now);
    const t = this.addTimes.get(item);
    if (t !== undefined) {
      this.latency.observe((now - t) / 1000);
      this.addTimes.delete(item);
    }
  }

  done(item: T): void {
    if (!this.enabled) return;
    const t = this.processingStart.get(item);
    if (t !== undefined) {
      this.workDuration.observe((this.now() - t) / 1000);
      this.processingStart.delete(item);
    }
  }

  retry(): void {
    if (this.enabled) this.retries.inc();
  }

  /** Refreshes the unfinished-work gauges (queues call this every 500 ms while metrics are on). */
  updateUnfinishedWork(): void {
    if (!this.enabled) return;
    const now = this.now();
    let total = 0;
    let oldest = 0;
    for (const t of this.processingStart.values()) {
      const d = now - t;
      total += d;
      if (d > oldest) oldest = d;
    }
    this.unfinished.set(total / 1000);
    this.longest.set(oldest / 1000);
  }
}
