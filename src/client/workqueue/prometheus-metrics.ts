/**
 * An in-memory MetricsProvider that renders the Prometheus text format, with
 * upstream's metric names, labels ({name="<queue>"}) and histogram buckets
 * (10^-8 .. 10^1 seconds, as client-go's workqueue metrics).
 */
import type { CounterMetric, GaugeMetric, HistogramMetric, MetricsProvider, SettableGaugeMetric } from "./metrics.ts";

const BUCKETS = Array.from({ length: 10 }, (_, i) => 10 ** (i - 8));

class Gauge implements GaugeMetric, SettableGaugeMetric, CounterMetric {
  value = 0;
  inc(): void {
    this.value++;
  }
  dec(): void {
    this.value--;
  }
  set(v: number): void {
    this.value = v;
  }
}

class Histogram implements HistogramMetric {
  counts = BUCKETS.map(() => 0);
  sum = 0;
  count = 0;
  observe(v: number): void {
    this.sum += v;
    this.count++;
    for (let i = 0; i < BUCKETS.length; i++) if (v <= (BUCKETS[i] as number)) this.counts[i] = (this.counts[i] as number) + 1;
  }
}

interface Family {
  help: string;
  type: "gauge" | "counter" | "histogram";
  series: Map<string, Gauge | Histogram>;
}

export class PrometheusQueueMetrics implements MetricsProvider {
  private readonly families = new Map<string, Family>();

  private metric<M extends Gauge | Histogram>(family: string, help: string, type: Family["type"], queue: string, make: () => M): M {
    let f = this.families.get(family);
    if (!f) this.families.set(family, (f = { help, type, series: new Map() }));
    let m = f.series.get(queue) as M | undefined;
    if (!m) f.series.set(queue, (m = make()));
    return m;
  }

  newDepthMetric = (q: string) => this.metric("workqueue_depth", "Current depth of workqueue", "gauge", q, () => new Gauge());
  newAddsMetric = (q: string) => this.metric("workqueue_adds_total", "Total number of adds handled by workqueue", "counter", q, () => new Gauge());
  newLatencyMetric = (q: string) =>
    this.metric("workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested.", "histogram", q, () => new Histogram());
  newWorkDurationMetric = (q: string) =>
    this.metric("workqueue_work_duration_seconds", "How long in seconds processing an item from workqueue takes.", "histogram", q, () => new Histogram());
  newUnfinishedWorkSecondsMetric = (q: string) =>
    this.metric(
      "workqueue_unfinished_work_seconds",
      "How many seconds of work has done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
      "gauge",
      q,
      () => new Gauge(),
    );
  newLongestRunningProcessorSecondsMetric = (q: string) =>
    this.metric("workqueue_longest_running_processor_seconds", "How many seconds has the longest running processor for workqueue been running.", "gauge", q, () => new Gauge());
  newRetriesMetric = (q: string) => this.metric("workqueue_retries_total", "Total number of retries handled by workqueue", "counter", q, () => new Gauge());

  /** Current value of a gauge or counter (tests, status pages). */
  value(family: string, queue: string): number | undefined {
    const m = this.families.get(family)?.series.get(queue);
    return m instanceof Gauge ? m.value : m?.count;
  }

  /** The Prometheus text exposition of every queue metric. */
  render(): string {
    const lines: string[] = [];
    for (const [name, f] of [...this.families].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const [queue, m] of [...f.series].sort(([a], [b]) => a.localeCompare(b))) {
        const label = `name=${JSON.stringify(queue)}`;
        if (m instanceof Gauge) lines.push(`${name}{${label}} ${m.value}`);
        else {
          BUCKETS.forEach((b, i) => lines.push(`${name}_bucket{${label},le="${b}"} ${m.counts[i]}`));
          lines.push(`${name}_bucket{${label},le="+Inf"} ${m.count}`, `${name}_sum{${label}} ${m.sum}`, `${name}_count{${label}} ${m.count}`);
        }
      }
    }
    return lines.join("\n") + "\n";
  }
}
