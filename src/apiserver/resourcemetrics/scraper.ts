/**
 * Polls every node's kubelet Summary API (GET /stats/summary, over HTTPS with the kubelet
 * token, as the apiserver's kubelet proxy does) once per resolution, as metrics-server's
 * scraper does: all nodes at once, each with its own timeout, a failing node only missing
 * from that round. Rounds never overlap; the first starts at once.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { logger } from "../../util/log.ts";
import { kubeletBaseUrl, type KubeletProxyOptions } from "../streams/kubelet-proxy.ts";
import type { MetricsStorage } from "./storage.ts";
import { decodeSummary, emptyBatch, mergeBatch, type MetricsBatch, type Summary } from "./summary.ts";

const log = logger("apiserver/metrics");

/** metrics-server's default --kubelet-request-timeout. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface ScraperOptions {
  /** The current Node objects. */
  nodes(): readonly KubeObject[];
  storage: MetricsStorage;
  /** Time between the starts of two rounds (metrics-server --metric-resolution). */
  intervalMs: number;
  /** Per-node request timeout; default 10 s, at most 90% of the interval. */
  timeoutMs?: number;
  /** The kubelet token and CA, as the kubelet proxy uses them. */
  kubelet: Pick<KubeletProxyOptions, "token" | "caPem">;
}

export class SummaryScraper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly stopping = new AbortController();
  private readonly failing = new Set<string>();
  private served = false;

  constructor(private readonly o: ScraperOptions) {}

  /** Starts the rounds; the first one runs now. */
  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    const started = Date.now();
    try {
      const batch = await this.scrape();
      if (this.stopping.signal.aborted) return;
      this.o.storage.store(batch);
      if (!this.served && this.o.storage.hasUsage) {
        this.served = true;
        log.info("resource metrics available", { nodes: batch.nodes.size, pods: batch.pods.size });
      }
    } catch (err) {
      log.error("scraping kubelets failed", { err });
    }
    if (this.stopping.signal.aborted) return;
    const wait = Math.max(0, this.o.intervalMs - (Date.now() - started));
    this.timer = setTimeout(() => void this.tick(), wait);
    this.timer.unref?.();
  }

  /** One round over every node that says where its kubelet listens. */
  async scrape(): Promise<MetricsBatch> {
    const batch = emptyBatch();
    const results = await Promise.all(this.o.nodes().map((n) => this.scrapeNode(n)));
    for (const r of results) if (r) mergeBatch(batch, r);
    return batch;
  }

  private async scrapeNode(node: KubeObject): Promise<MetricsBatch | undefined> {
    const name = node.metadata.name ?? "";
    const base = kubeletBaseUrl(node);
    if (!base) return undefined;
    const timeoutMs = this.o.timeoutMs ?? Math.min(DEFAULT_TIMEOUT_MS, Math.max(1, Math.floor(this.o.intervalMs * 0.9)));
    try {
      const { token, caPem } = this.o.kubelet;
      const ca = caPem?.();
      const res = await fetch(`${base}/stats/summary`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        tls: ca ? { ca } : { rejectUnauthorized: false },
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(timeoutMs)]),
      });
      if (!res.ok) throw new Error(`kubelet answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const batch = decodeSummary(name, (await res.json()) as Summary);
      if (this.failing.delete(name)) log.info("scraping node recovered", { node: name });
      return batch;
    } catch (err) {
      if (this.stopping.signal.aborted) return undefined;
      // said once per failing spell, not every round
      if (!this.failing.has(name)) log.warn("failed to scrape node", { node: name, url: base, err });
      this.failing.add(name);
      return undefined;
    }
  }
}
