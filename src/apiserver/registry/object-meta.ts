/** Metadata bookkeeping of creates and updates (upstream rest.BeforeCreate/BeforeUpdate). */
import type { KubeObject } from "../../api/meta/index.ts";
import { getOwn } from "../../util/own-keys.ts";

const SERVER_SET_ON_CREATE = ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "uid", "creationTimestamp", "generation"] as const;

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let n = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    n++;
    // own members only: a key b lacks ("__proto__", "constructor") must not meet what b inherits
    if (!deepEqual(ao[k], Object.hasOwn(bo, k) ? bo[k] : undefined)) return false;
  }
  let m = 0;
  for (const k in bo) if (bo[k] !== undefined) m++;
  return n === m;
}

/** True when anything outside metadata and status differs: the change bumps generation. */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === "metadata" || k === "status" || k === "apiVersion" || k === "kind") continue;
    if (!deepEqual(getOwn(a, k), getOwn(b, k))) return true;
  }
  return false;
}

/**
 * True when an update would store nothing new: resourceVersion aside, and managedFields
 * aside unless `withOwnership` (server-side apply changes ownership without changing
 * content); entry timestamps never count.
 */
export function sameContent(a: KubeObject, b: KubeObject, withOwnership = false): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _rv, managedFields, ...meta } = o.metadata;
    if (withOwnership && managedFields) return { ...o, metadata: { ...meta, managedFields: managedFields.map(({ time: _t, ...e }) => e) } };
    return { ...o, metadata: meta };
  };
  return deepEqual(strip(a), strip(b));
}

/** Clears what the server owns on create and stamps identity and time. */
export function stampCreate(obj: KubeObject, uid: string, created: string, tracksGeneration: boolean): void {
  const meta = obj.metadata;
  for (const k of SERVER_SET_ON_CREATE) delete meta[k as keyof typeof meta];
  meta.uid = uid;
  meta.creationTimestamp = created;
  if (tracksGeneration) meta.generation = 1;
}

/** Carries over what an update cannot change; bumps generation on a spec change. */
export function carryOverOnUpdate(obj: KubeObject, old: KubeObject, tracksGeneration: boolean): void {
  const meta = obj.metadata;
  const om = old.metadata;
  meta.uid = om.uid!;
  meta.creationTimestamp = om.creationTimestamp!;
  if (om.deletionTimestamp) meta.deletionTimestamp = om.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (om.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  delete meta.generateName;
  if (om.generateName) meta.generateName = om.generateName;
  if (tracksGeneration) {
    const gen = om.generation ?? 1;
    meta.generation = specChanged(obj, old) ? gen + 1 : gen;
  } else if (om.generation !== undefined) meta.generation = om.generation;
  else delete meta.generation;
  delete (meta as Record<string, unknown>)["selfLink"];
}

/** The status subresource: everything but status comes from the stored object. */
export function statusUpdate(body: KubeObject, old: KubeObject): KubeObject {
  const out: KubeObject = { ...old, metadata: { ...old.metadata } };
  if (body["status"] === undefined) delete out["status"];
  else out["status"] = body["status"];
  if (body.metadata?.managedFields) out.metadata.managedFields = body.metadata.managedFields;
  return out;
}
