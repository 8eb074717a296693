/**
 * Storage keys: /registry/<group>/<plural>/<namespace>/<name>, with "core" for the legacy
 * group and no namespace segment for cluster-scoped kinds. Every key of a resource shares
 * the prefix /registry/<group>/<plural>/, which is what its watch cache watches; a
 * resource stored as another (events.k8s.io events as core events) uses that one's keys.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { storageOf } from "./conversion/index.ts";

/** Prefixes made, by group then plural (every request builds keys). */
const prefixes = new Map<string, Map<string, string>>();

/** The key prefix of a resource (of the resource it shares storage with, for aliases). */
export function resourcePrefix(ri: Pick<ResourceInfo, "group" | "plural">): string {
  let byPlural = prefixes.get(ri.group);
  if (byPlural === undefined) prefixes.set(ri.group, (byPlural = new Map()));
  let prefix = byPlural.get(ri.plural);
  if (prefix === undefined) {
    const s = storageOf(ri);
    prefix = `/registry/${s.group === "" ? "core" : s.group}/${s.plural}/`;
    // bounded by the resources served (custom ones come and go, and are few)
    if (byPlural.size < 10_000) byPlural.set(ri.plural, prefix);
  }
  return prefix;
}

export function namespacePrefix(ri: Pick<ResourceInfo, "group" | "plural" | "namespaced">, namespace: string): string {
  return ri.namespaced && namespace !== "" ? `${resourcePrefix(ri)}${namespace}/` : resourcePrefix(ri);
}

export function objectKey(ri: Pick<ResourceInfo, "group" | "plural" | "namespaced">, namespace: string, name: string): string {
  return ri.namespaced ? `${resourcePrefix(ri)}${namespace}/${name}` : `${resourcePrefix(ri)}${name}`;
}
