/** Ready-made informer transforms (cache.TransformFunc). */
import type { KubeObject } from "../../api/meta/index.ts";

/**
 * Drops metadata.managedFields before objects are cached (cache.TransformStripManagedFields):
 * controllers never read them and they are often the largest part of an object.
 */
export function stripManagedFields<T extends KubeObject>(obj: T): T {
  if (obj?.metadata?.managedFields !== undefined) delete obj.metadata.managedFields;
  return obj;
}
