/** URL paths of the Kubernetes REST API for a resource from the catalog. */
import type { ResourceInfo } from "../../api/resources.ts";

/** "/api/v1" for the core group, "/apis/<group>/<version>" otherwise. */
export function groupVersionPath(ri: Pick<ResourceInfo, "group" | "version">): string {
  return ri.group === "" ? `/api/${ri.version}` : `/apis/${ri.group}/${ri.version}`;
}

/**
 * Path of a collection, an object or an object's subresource. A namespaced resource
 * without a namespace addresses all namespaces (list/watch only).
 */
export function resourcePath(ri: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let path = groupVersionPath(ri);
  if (ri.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${ri.plural}`;
  if (name !== undefined) {
    if (name === "") throw new Error(`resource name may not be empty`);
    path += `/${encodeURIComponent(name)}`;
    if (subresource) path += `/${subresource}`;
  }
  return path;
}
