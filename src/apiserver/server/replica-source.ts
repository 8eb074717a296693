/**
 * Which resources the TLS front may answer GETs of from its replica: built-in resources
 * whose GET is exactly the watch cache's JSON of the object at the version asked for, and
 * whose list is those objects joined (no custom resources, whose definitions come and go,
 * nor aggregated or virtual APIs).
 */
import { groupVersion } from "../../api/resources.ts";
import { parseResourceRequest, splitApiPath } from "../http/request-info.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import type { ReplicaSource } from "../watchcache/replica-feed.ts";

export function replicaSource(registries: RegistrySet, path: string): ReplicaSource | undefined {
  // a resource path is a list request's path: the apiserver's own parser reads it
  const gv = splitApiPath(path);
  const rr = gv ? parseResourceRequest("GET", gv, false) : undefined;
  if (!rr || rr.verb !== "list" || rr.namespace !== "") return undefined;
  const catalog = registries.catalog;
  if (rr.group !== "" && catalog.aggregatedFor(rr.group, rr.version)) return undefined;
  const ri = catalog.resourceFor(rr.group, rr.version, rr.resource);
  if (!ri || ri.custom || !(ri.verbs as readonly string[]).includes("get")) return undefined;
  const reg = registries.registry(ri);
  if (!reg || reg.ri.group !== ri.group || reg.ri.version !== ri.version || reg.ri.plural !== ri.plural || reg.ri.custom) return undefined;
  const apiVersion = groupVersion(ri);
  const listHead = `{"kind":${JSON.stringify(ri.listKind)},"apiVersion":${JSON.stringify(apiVersion)}`;
  return { cache: reg.cache, group: ri.group, plural: ri.plural, namespaced: ri.namespaced, listHead, kind: ri.kind, apiVersion };
}
