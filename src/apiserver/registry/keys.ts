/**
 * Storage keys: /registry/<group>/<plural>/<namespace>/<name>, with "core" for the legacy
 * group and no namespace segment for cluster-scoped kinds. Every key of a resource shares
 * the prefix /registry/<group>/<plural>/, which is what its watch cache watches.
 */
import type { ResourceInfo } from "../../api/resources.ts";

export function resourcePrefix(ri: Pick<ResourceInfo, "group" | "plural">): string {
  return `/registry/${ri.group === "" ? "core" : ri.group}/${ri.plural}/`;
}

export function namespacePrefix(ri: Pick<ResourceInfo, "group" | "plural" | "namespaced">, namespace: string): string {
  return ri.namespaced && namespace !== "" ? `${resourcePrefix(ri)}${namespace}/` : resourcePrefix(ri);
}

export function objectKey(ri: Pick<ResourceInfo, "group" | "plural" | "namespaced">, namespace: string, name: string): string {
  return ri.namespaced ? `${resourcePrefix(ri)}${namespace}/${name}` : `${resourcePrefix(ri)}${name}`;
}
