/**
 * Object keys of the cache ("namespace/name", or "name" for cluster-scoped objects)
 * and the tombstone a delete carries when the final state was missed.
 */
import type { KubeObject } from "../../api/meta/index.ts";

/**
 * A deleted object whose final state is unknown: the reflector missed the delete
 * while disconnected and noticed it on relist. `obj` is the last state the cache held
 * (possibly stale). Delete handlers receive either the object or this tombstone.
 */
export class DeletedFinalStateUnknown<T> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

export type KeyFunc<T> = (obj: T | DeletedFinalStateUnknown<T>) => string;

/** "namespace/name", or "name" without a namespace (cache.MetaNamespaceKeyFunc). */
export function metaNamespaceKey(obj: Pick<KubeObject, "metadata">): string {
  const m = obj.metadata;
  const name = m?.name;
  if (!name) throw new Error("object has no meta: missing metadata.name");
  return m.namespace ? `${m.namespace}/${name}` : name;
}

/** metaNamespaceKey that also accepts tombstones (cache.DeletionHandlingMetaNamespaceKeyFunc). */
export function deletionHandlingMetaNamespaceKey<T extends Pick<KubeObject, "metadata">>(obj: T | DeletedFinalStateUnknown<T>): string {
  return obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKey(obj);
}

/** Splits a key into namespace ("" for cluster-scoped) and name. */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const parts = key.split("/");
  if (parts.length === 1) return { namespace: "", name: parts[0] as string };
  if (parts.length === 2) return { namespace: parts[0] as string, name: parts[1] as string };
  throw new Error(`unexpected key format: "${key}"`);
}

/** The object inside a tombstone, or the object itself. */
export function unwrapTombstone<T>(obj: T | DeletedFinalStateUnknown<T>): T {
  return obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
}
