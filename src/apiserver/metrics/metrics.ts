/**
 * The apiserver's Prometheus metrics: request counts and latency by verb, resource and
 * code (upstream's apiserver_request_total and apiserver_request_duration_seconds), open
 * watches, and storage figures collected at scrape time.
 */

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelText(verb: string, group: string, resource: string, subresource: string): string {
  return `verb="${esc(verb)}",group="${esc(group)}",resource="${esc(resource)}",subresource="${esc(subresource)}"`;
}

export class ApiMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  /** Extra gauges computed at scrape time: name → [help, () => samples]. */
  private readonly gauges: { name: string; help: string; collect: () => Promise<[Record<string, string>, number][]> | [Record<string, string>, number][] }[] = [];

  /** Records one finished request. Keys are joined raw; label escaping happens at scrape time. */
  observe(verb: string, group: string, resource: string, subresource: string, code: number, seconds: number): void {
    const labels = `${verb}\u0000${group}\u0000${resource}\u0000${subresource}`;
    const ck = `${labels}\u0000${code}`;
    this.requests.set(ck, (this.requests.get(ck) ?? 0) + 1);
    if (verb === "WATCH") return;
    let h = this.latency.get(labels);
    if (!h) this.latency.set(labels, (h = { counts: new Array(BUCKETS.length).fill(0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  gauge(name: string, help: string, collect: () => Promise<[Record<string, string>, number][]> | [Record<string, string>, number][]): void {
    this.gauges.push({ name, help, collect });
  }

  /** Runs before each render (e.g. to collect counts kept on another thread). */
  beforeRender: () => Promise<void> = async () => {};

  async render(): Promise<string> {
    await this.beforeRender();
    const out: string[] = [];
    out.push("# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, group, resource, subresource and HTTP response code.");
    out.push("# TYPE apiserver_request_total counter");
    for (const [k, v] of this.requests) {
      const [verb, group, resource, subresource, code] = k.split("\u0000");
      out.push(`apiserver_request_total{${labelText(verb!, group!, resource!, subresource!)},code="${code}"} ${v}`);
    }
    out.push("# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb, group, resource and subresource.");
    out.push("# TYPE apiserver_request_duration_seconds histogram");
    for (const [raw, h] of this.latency) {
      const [verb, group, resource, subresource] = raw.split("\u0000");
      const k = labelText(verb!, group!, resource!, subresource!);
      for (let i = 0; i < BUCKETS.length; i++) out.push(`apiserver_request_duration_seconds_bucket{${k},le="${BUCKETS[i]}"} ${h.counts[i]}`);
      out.push(`apiserver_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      out.push(`apiserver_request_duration_seconds_sum{${k}} ${h.sum}`);
      out.push(`apiserver_request_duration_seconds_count{${k}} ${h.count}`);
    }
    for (const g of this.gauges) {
      out.push(`# HELP ${g.name} ${g.help}`);
      out.push(`# TYPE ${g.name} gauge`);
      for (const [labels, v] of await g.collect()) {
        const l = Object.entries(labels).map(([k, x]) => `${k}="${esc(x)}"`).join(",");
        out.push(l ? `${g.name}{${l}} ${v}` : `${g.name} ${v}`);
      }
    }
    return out.join("\n") + "\n";
  }
}
