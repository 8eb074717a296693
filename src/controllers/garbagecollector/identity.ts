/** Object coordinates the garbage collector tracks (upstream objectReference). */
import type { ObjectMeta, OwnerReference } from "../../api/meta/types.ts";

export const FOREGROUND_FINALIZER = "foregroundDeletion";
export const ORPHAN_FINALIZER = "orphan";

export interface Identity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

export function identityKey(id: Identity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.uid === b.uid && a.apiVersion === b.apiVersion && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

/** The owner a reference names, in the dependent's namespace (owners are never in another one). */
export function ownerIdentity(ref: OwnerReference, dependentNamespace: string): Identity {
  return { apiVersion: ref.apiVersion, kind: ref.kind, namespace: dependentNamespace, name: ref.name, uid: ref.uid };
}

export function beingDeleted(meta: ObjectMeta): boolean {
  return !!meta.deletionTimestamp;
}

export function hasFinalizer(meta: ObjectMeta, f: string): boolean {
  return meta.finalizers?.includes(f) ?? false;
}

/** Deletion started with the foregroundDeletion finalizer. */
export function deletingDependents(meta: ObjectMeta): boolean {
  return beingDeleted(meta) && hasFinalizer(meta, FOREGROUND_FINALIZER);
}

/** Deletion started with the orphan finalizer. */
export function orphaningDependents(meta: ObjectMeta): boolean {
  return beingDeleted(meta) && hasFinalizer(meta, ORPHAN_FINALIZER);
}
