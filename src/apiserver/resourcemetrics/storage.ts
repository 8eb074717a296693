/**
 * The latest two samples of every node and pod container, as metrics-server's storage keeps
 * them: each scrape round replaces the set (a node or pod missing from a round has no
 * metrics until two more samples arrive), the previous sample is kept only when older than
 * the new one and, for containers, when the container did not restart in between. Usage is
 * the rate between the two, so nothing is served before the second round, except for a
 * container that started less than one resolution (and at least 10 s) ago, measured from
 * its start with zero CPU then.
 */
import { podKey, type MetricsBatch, type PodPoint } from "./summary.ts";
import { resourceUsage, type MetricsPoint, type ResourceUsage, type TimeInfo } from "./usage.ts";

/** Below this much time since a container's start its first sample alone is too noisy. */
const FRESH_CONTAINER_MIN_MS = 10_000;

export interface NodeUsage extends TimeInfo {
  usage: ResourceUsage;
}

export interface PodUsage extends TimeInfo {
  containers: { name: string; usage: ResourceUsage }[];
}

export class MetricsStorage {
  private nodesLast = new Map<string, MetricsPoint>();
  private nodesPrev = new Map<string, MetricsPoint>();
  private podsLast = new Map<string, PodPoint>();
  private podsPrev = new Map<string, PodPoint>();

  /** `resolutionMs`: the scrape period (metrics-server --metric-resolution). */
  constructor(private readonly resolutionMs: number) {}

  store(batch: MetricsBatch): void {
    this.storeNodes(batch.nodes);
    this.storePods(batch.pods);
  }

  private storeNodes(nodes: Map<string, MetricsPoint>): void {
    const last = new Map<string, MetricsPoint>();
    const prev = new Map<string, MetricsPoint>();
    for (const [name, point] of nodes) {
      last.set(name, point);
      const stored = this.nodesLast.get(name);
      if (!stored) continue;
      if (point.timestamp > stored.timestamp) prev.set(name, stored);
      else {
        const older = this.nodesPrev.get(name);
        if (older && older.timestamp < point.timestamp) prev.set(name, older);
      }
    }
    this.nodesLast = last;
    this.nodesPrev = prev;
  }

  private storePods(pods: Map<string, PodPoint>): void {
    const last = new Map<string, PodPoint>();
    const prev = new Map<string, PodPoint>();
    for (const [key, pod] of pods) {
      const newPrev: PodPoint = new Map();
      const storedPod = this.podsLast.get(key);
      const olderPod = this.podsPrev.get(key);
      for (const [name, point] of pod) {
        const sinceStart = point.timestamp - point.startTime;
        if (sinceStart > 0 && sinceStart < this.resolutionMs && sinceStart >= FRESH_CONTAINER_MIN_MS) {
          newPrev.set(name, { ...point, timestamp: point.startTime, cumulativeCpu: 0 });
          continue;
        }
        const stored = storedPod?.get(name);
        // a container that restarted since the stored sample starts over
        if (!stored || !(point.startTime < stored.timestamp)) continue;
        if (point.timestamp > stored.timestamp) newPrev.set(name, stored);
        else {
          const older = olderPod?.get(name);
          if (older && older.timestamp < point.timestamp) newPrev.set(name, older);
        }
      }
      if (newPrev.size > 0) prev.set(key, newPrev);
      last.set(key, pod);
    }
    this.podsLast = last;
    this.podsPrev = prev;
  }

  /** The node's usage, or undefined while it has fewer than two comparable samples. */
  nodeUsage(name: string): NodeUsage | undefined {
    const last = this.nodesLast.get(name);
    const prev = this.nodesPrev.get(name);
    if (!last || !prev) return undefined;
    const u = resourceUsage(last, prev);
    return u ? { usage: u.usage, ...u.time } : undefined;
  }

  /**
   * The pod's usage per container, or undefined while any container lacks a previous
   * sample. Timestamp and window are those of the container measured earliest.
   */
  podUsage(namespace: string, name: string): PodUsage | undefined {
    const key = podKey(namespace, name);
    const last = this.podsLast.get(key);
    const prev = this.podsPrev.get(key);
    if (!last || !prev) return undefined;
    const containers: PodUsage["containers"] = [];
    let earliest: TimeInfo | undefined;
    for (const [container, point] of last) {
      const before = prev.get(container);
      if (!before) return undefined;
      const u = resourceUsage(point, before);
      if (!u) continue;
      containers.push({ name: container, usage: u.usage });
      if (!earliest || u.time.timestamp < earliest.timestamp) earliest = u.time;
    }
    return { containers, timestamp: earliest?.timestamp ?? 0, windowMs: earliest?.windowMs ?? 0 };
  }

  /** Whether any node or pod has usage to serve (for the scraper's first-result log line). */
  get hasUsage(): boolean {
    return this.nodesPrev.size > 0 || this.podsPrev.size > 0;
  }
}
