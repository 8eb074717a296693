/**
 * What a create's FieldsV1 walk keeps and drops (as comparing the object with its zero
 * skeleton does, see updater.ts zeroSkeleton), shared by the walk that writes the set
 * (create-fields.ts) and the one that keys its memo (create-fields-key.ts).
 */

/** Thrown where the general path must run. */
export const GENERAL_PATH = Object.freeze({ generalPath: true });

/** Struct fields present in Go's zero value of an object (as zeroSkeleton). */
export const ZERO_STRUCT_FIELDS = new Set(["metadata", "spec", "status", "template", "strategy", "updateStrategy", "jobTemplate"]);
/** The skeleton stops below this depth (as zeroSkeleton). */
export const MAX_SKELETON_DEPTH = 6;
/** metadata fields never tracked (STRIP_SET, below metadata). */
export const STRIPPED_META = new Set(["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"]);
export const STRIPPED_ROOT = new Set(["apiVersion", "kind", "metadata"]);

export function hasDefinedValue(o: Readonly<Record<string, unknown>>): boolean {
  for (const k in o) if (o[k] !== undefined) return true;
  return false;
}

export function withoutKey(o: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  if (!Object.hasOwn(o, key)) return o as Record<string, unknown>;
  const c = { ...o };
  delete c[key];
  return c;
}
