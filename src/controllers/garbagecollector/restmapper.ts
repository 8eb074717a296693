/**
 * What the collector knows about resources (upstream's RESTMapper and deletable-resource
 * discovery): the built-in catalog, plus the custom resources the last discovery reported.
 * Owner references and graph nodes are resolved from apiVersion/kind to a resource here;
 * the set of resources to monitor is derived from the same discovery.
 */
import { groupVersion, RESOURCES, resourceForKind, type ResourceInfo } from "../../api/resources.ts";

export class UnknownKindError extends Error {}

/** Resolves an apiVersion/kind to the resource that serves it. */
export interface KindMapper {
  /** Throws UnknownKindError when no known resource serves the kind. */
  resourceInfo(apiVersion: string, kind: string): ResourceInfo;
}

/** Resources the collector never tracks (upstream ignoredResources). */
const IGNORED = new Set(["/events", "events.k8s.io/events"]);

/** Whether the collector monitors a resource: it can be listed, watched and deleted, and is not ignored. */
export function deletable(ri: ResourceInfo): boolean {
  return ["list", "watch", "delete"].every((v) => ri.verbs.includes(v as never)) && !IGNORED.has(`${ri.group}/${ri.plural}`);
}

/** Every built-in resource that can be listed, watched and deleted, except events. */
export function monitoredResources(): ResourceInfo[] {
  return RESOURCES.filter(deletable);
}

/** The key a monitor is filed under (upstream's GroupVersionResource). */
export function resourceKey(ri: Pick<ResourceInfo, "group" | "version" | "plural">): string {
  return `${groupVersion(ri)}/${ri.plural}`;
}

/**
 * The discovered resources to monitor (upstream GetDeletableResources over
 * ServerPreferredResources): one version per group and resource, the first listed (discovery
 * lists a group's preferred version first), kept when it is deletable.
 */
export function deletableResources(discovered: readonly ResourceInfo[]): ResourceInfo[] {
  const seen = new Set<string>();
  const out: ResourceInfo[] = [];
  for (const ri of discovered) {
    const gr = `${ri.group}/${ri.plural}`;
    if (seen.has(gr)) continue;
    seen.add(gr);
    if (deletable(ri)) out.push(ri);
  }
  return out;
}

/**
 * The built-in catalog plus the custom resources of the last discovery, every served
 * version of each (an owner reference may name any of them). Reset by every discovery
 * that reports a change, as upstream resets its RESTMapper.
 */
export class RestMapper implements KindMapper {
  private custom = new Map<string, ResourceInfo>();

  resourceInfo(apiVersion: string, kind: string): ResourceInfo {
    const ri = resourceForKind(apiVersion, kind) ?? this.custom.get(`${apiVersion}/${kind}`);
    if (!ri) throw new UnknownKindError(`unable to get REST mapping for ${apiVersion}, Kind=${kind}`);
    return ri;
  }

  /** Replaces the custom resources; true when the mapping changed. */
  reset(discovered: readonly ResourceInfo[]): boolean {
    const next = new Map<string, ResourceInfo>();
    for (const ri of discovered) {
      const key = `${groupVersion(ri)}/${ri.kind}`;
      if (ri.kind && !next.has(key)) next.set(key, ri);
    }
    const same = next.size === this.custom.size && [...next].every(([k, ri]) => {
      const cur = this.custom.get(k);
      return cur !== undefined && cur.plural === ri.plural && cur.namespaced === ri.namespaced && cur.verbs.join() === ri.verbs.join();
    });
    this.custom = next;
    return !same;
  }
}

/** The built-in catalog only. */
export const builtinMapper: KindMapper = new RestMapper();
