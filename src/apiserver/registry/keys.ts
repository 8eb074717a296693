/**
 * Storage keys: /registry/<group>/<plural>/<namespace>/<name>, with "core" for the legacy
 * group and no namespace segment for cluster-scoped kinds. Every key of a resource shares
 * the prefix /registry/<group>/<plural>/, which is what its watch cache watches; a
 * resource stored as another (events.k8s.io events as core events) uses that one's keys.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { storageOf } from "./conversion/index.ts";

/** The key prefix of a resource (of the resource it shares storage with, for aliases). */
export function resourcePrefix(ri: Pick<ResourceInfo, "group" | "plural">): string {
  const s = storageOf(ri);
  return `/registry/${s.group === "" ? "core" : s.group}/${s.plural}/`;
}

export function namespacePrefix(ri: Pick<ResourceInfo, "group" | "plural" | "namespaced">, namespace: string): string {
  return ri.namespaced && namespace !== "" ? `${resourcePrefix(ri)}${namespace}/` : resourcePrefix(ri);
}

export function objectKey(ri: Pick<ResourceInfo, "group" | "plural" | "namespaced">, namespace: string, name: string): string {
  return ri.namespaced ? `${resourcePrefix(ri)}${namespace}/${name}` : `${resourcePrefix(ri)}${name}`;
}
