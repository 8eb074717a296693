/**
 * NodeMetrics and PodMetrics objects as metrics-server answers them: the name, namespace and
 * current labels of the node or pod, creationTimestamp the time of the answer, the sample's
 * timestamp and window, and the usage.
 */
import type { KubeObject, ObjectMeta } from "../../api/meta/index.ts";
import type { NodeMetrics, PodMetrics } from "../../api/types/metrics/metrics.ts";
import type { NodeUsage, PodUsage } from "./storage.ts";
import { metaTime, windowText } from "./usage.ts";

export const METRICS_GROUP = "metrics.k8s.io";
export const METRICS_API_VERSION = "metrics.k8s.io/v1beta1";

function meta(source: KubeObject, now: number, namespaced: boolean): ObjectMeta {
  const m: ObjectMeta = { name: source.metadata.name ?? "" };
  if (namespaced) m.namespace = source.metadata.namespace ?? "";
  m.creationTimestamp = metaTime(now);
  const labels = source.metadata.labels;
  if (labels && Object.keys(labels).length > 0) m.labels = { ...labels };
  return m;
}

/** A zero time is null on the wire, as metav1.Time's. */
function timestamp(ms: number): string {
  return (ms > 0 ? metaTime(ms) : null) as string;
}

export function nodeMetrics(node: KubeObject, u: NodeUsage, now: number): NodeMetrics {
  return {
    kind: "NodeMetrics",
    apiVersion: METRICS_API_VERSION,
    metadata: meta(node, now, false),
    timestamp: timestamp(u.timestamp),
    window: windowText(u.windowMs),
    usage: { ...u.usage },
  };
}

export function podMetrics(pod: KubeObject, u: PodUsage, now: number): PodMetrics {
  return {
    kind: "PodMetrics",
    apiVersion: METRICS_API_VERSION,
    metadata: meta(pod, now, true),
    timestamp: timestamp(u.timestamp),
    window: windowText(u.windowMs),
    containers: u.containers.map((c) => ({ name: c.name, usage: { ...c.usage } })),
  };
}

/** A list of metrics objects; items go without kind and apiVersion, as upstream's lists. */
export function metricsList(listKind: string, items: readonly (NodeMetrics | PodMetrics)[]): Record<string, unknown> {
  return {
    kind: listKind,
    apiVersion: METRICS_API_VERSION,
    metadata: {},
    items: items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
  };
}
