/**
 * Which resources the TLS front may answer GETs of from its replica: built-in resources
 * whose GET is exactly the watch cache's JSON of the object at the version asked for, and
 * whose list is those objects joined (no custom resources, whose definitions come and go,
 * nor aggregated or virtual APIs).
 */
import { groupVersion } from "../../api/resources.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import type { ReplicaSource } from "../watchcache/replica-feed.ts";

/** The group, version and resource of a resource path ("/api/v1/pods", "/apis/apps/v1/deployments"). */
export function parseResourcePath(path: string): { group: string; version: string; plural: string } | undefined {
  const seg = path.split("/");
  if (seg.length === 4 && seg[1] === "api" && seg[2] === "v1" && seg[3]) return { group: "", version: "v1", plural: seg[3] };
  if (seg.length === 5 && seg[1] === "apis" && seg[2] && seg[3] && seg[4]) return { group: seg[2], version: seg[3], plural: seg[4] };
  return undefined;
}

export function replicaSource(registries: RegistrySet, path: string): ReplicaSource | undefined {
  const p = parseResourcePath(path);
  if (!p) return undefined;
  const catalog = registries.catalog;
  if (p.group !== "" && catalog.aggregatedFor(p.group, p.version)) return undefined;
  const ri = catalog.resourceFor(p.group, p.version, p.plural);
  if (!ri || ri.custom || !(ri.verbs as readonly string[]).includes("get")) return undefined;
  const reg = registries.registry(ri);
  if (!reg || reg.ri.group !== ri.group || reg.ri.version !== ri.version || reg.ri.plural !== ri.plural || reg.ri.custom) return undefined;
  const apiVersion = groupVersion(ri);
  const listHead = `{"kind":${JSON.stringify(ri.listKind)},"apiVersion":${JSON.stringify(apiVersion)}`;
  return { cache: reg.cache, group: ri.group, plural: ri.plural, namespaced: ri.namespaced, listHead, kind: ri.kind, apiVersion };
}
