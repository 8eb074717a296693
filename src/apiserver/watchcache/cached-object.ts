/**
 * One object as the watch cache holds it: the decoded object (owned by the cache, never
 * mutated after creation), its JSON text encoded once, and its revision. Handlers must not
 * mutate `obj`; they clone before changing it.
 */
import type { KubeObject } from "../../api/meta/index.ts";

export interface CachedObject {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly obj: KubeObject;
  /** JSON.stringify(obj), computed once. */
  readonly json: string;
  /** metadata.resourceVersion as a number. */
  readonly rv: number;
  /** Field-selector values, computed on first use. */
  fields?: Readonly<Record<string, string>>;
}

/** Builds a cached object, stamping `rv` into the object's metadata.resourceVersion. */
export function cacheObject(key: string, obj: KubeObject, rv: number): CachedObject {
  const meta = (obj.metadata ??= {});
  meta.resourceVersion = String(rv);
  return { key, namespace: meta.namespace ?? "", name: meta.name ?? "", obj, json: JSON.stringify(obj), rv };
}
