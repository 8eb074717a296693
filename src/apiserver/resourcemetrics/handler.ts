/**
 * GET and LIST of metrics.k8s.io/v1beta1 `nodes` (NodeMetrics) and `pods` (PodMetrics,
 * namespaced), answered from the scraped samples and the current Node and Pod objects, as
 * metrics-server's REST storage does: lists take the nodes or pods matching the label
 * selector and the field selector (metadata.name, metadata.namespace) and leave out those
 * without usage yet (kubectl top then says "metrics not available yet"); GET of one without
 * usage is NotFound. Watch is not supported.
 */
import { fieldsOf } from "../../api/fields/index.ts";
import type { KubeObject } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { NodeMetrics, PodMetrics } from "../../api/types/metrics/metrics.ts";
import { negotiateRendering } from "../http/accept.ts";
import type { ResourceRequest } from "../http/request-info.ts";
import { json } from "../http/respond.ts";
import { errors } from "../http/status.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import { toTable, type IncludeObject } from "../table/index.ts";
import { Predicate } from "../watchcache/predicate.ts";
import { METRICS_GROUP, metricsList, nodeMetrics, podMetrics } from "./objects.ts";
import type { MetricsStorage } from "./storage.ts";

export interface ResourceMetricsDeps {
  registries: RegistrySet;
  /** The scraped samples; absent when this server does not reach kubelets (always empty). */
  storage?: MetricsStorage;
}

type Metrics = NodeMetrics | PodMetrics;

function matches(pred: Predicate, ri: ResourceInfo, obj: KubeObject): boolean {
  if (pred.labels && !pred.labels.matches(obj.metadata.labels)) return false;
  return !pred.fields || pred.fields.matches(fieldsOf(ri, obj));
}

function getOne(ri: ResourceInfo, rr: ResourceRequest, deps: ResourceMetricsDeps, now: number): Metrics {
  const { namespace, name } = rr;
  if (ri.plural === "nodes") {
    const node = deps.registries.get("", "nodes", "", name);
    if (!node) throw errors.notFound({ group: "", resource: "node" }, name);
    const u = deps.storage?.nodeUsage(name);
    if (!u) throw errors.notFound({ group: METRICS_GROUP, resource: "nodemetrics" }, name);
    return nodeMetrics(node, u, now);
  }
  const pod = deps.registries.get("", "pods", namespace, name);
  if (!pod) throw errors.notFound({ group: "", resource: "pods" }, name);
  const u = deps.storage?.podUsage(namespace, name);
  if (!u) throw errors.notFound({ group: METRICS_GROUP, resource: "podmetrics" }, `${namespace}/${name}`);
  return podMetrics(pod, u, now);
}

function listAll(ri: ResourceInfo, rr: ResourceRequest, url: URL, deps: ResourceMetricsDeps, now: number): Metrics[] {
  const q = url.searchParams;
  const pred = Predicate.parse(ri, rr.namespace, q.get("labelSelector") ?? "", q.get("fieldSelector") ?? "");
  const out: Metrics[] = [];
  if (ri.plural === "nodes") {
    for (const node of deps.registries.list("", "nodes")) {
      if (!matches(pred, ri, node)) continue;
      const u = deps.storage?.nodeUsage(node.metadata.name ?? "");
      if (u) out.push(nodeMetrics(node, u, now));
    }
    return out.sort((a, b) => compare(a.metadata.name, b.metadata.name));
  }
  const pods = deps.registries.registry({ group: "", plural: "pods" });
  for (const cached of pods ? pods.cache.list(Predicate.everything(pods.ri, pred.namespace)) : []) {
    const pod = cached.obj;
    if (!matches(pred, ri, pod)) continue;
    const u = deps.storage?.podUsage(cached.namespace, cached.name);
    if (u) out.push(podMetrics(pod, u, now));
  }
  return out.sort((a, b) => compare(a.metadata.namespace, b.metadata.namespace) || compare(a.metadata.name, b.metadata.name));
}

function compare(a: string | undefined, b: string | undefined): number {
  const x = a ?? "";
  const y = b ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

function includeOf(url: URL): IncludeObject {
  const inc = url.searchParams.get("includeObject");
  return inc === "None" || inc === "Object" ? inc : "Metadata";
}

/** Serves one metrics.k8s.io request that authorization already allowed. */
export function serveResourceMetrics(req: Request, url: URL, ri: ResourceInfo, rr: ResourceRequest, deps: ResourceMetricsDeps): Response {
  if (rr.verb !== "get" && rr.verb !== "list") throw errors.methodNotSupported({ group: ri.group, resource: ri.plural }, rr.verb);
  const rendering = negotiateRendering(req.headers.get("accept"));
  const now = Date.now();
  if (rr.verb === "get") {
    const obj = getOne(ri, rr, deps, now);
    if (rendering === "table") return json(toTable(ri, [obj], { includeObject: includeOf(url) }));
    if (rendering === "metadata") return json({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata });
    return json(obj);
  }
  const items = listAll(ri, rr, url, deps, now);
  if (rendering === "table") return json(toTable(ri, items, { includeObject: includeOf(url), listMeta: {} }));
  if (rendering === "metadata") {
    return json({ kind: "PartialObjectMetadataList", apiVersion: "meta.k8s.io/v1", metadata: {}, items: items.map((o) => ({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata })) });
  }
  return json(metricsList(ri.listKind, items));
}
