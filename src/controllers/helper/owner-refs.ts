/**
 * Owner references and the claim decision (upstream ControllerRefManager): a controller
 * owns the objects whose controller reference carries its uid, adopts orphans its
 * selector matches, and releases owned objects its selector no longer matches.
 */
import type { ObjectMeta, OwnerReference } from "../../api/meta/types.ts";

export interface Owned {
  metadata: ObjectMeta;
}

export interface OwnerIdentity {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** The owner reference with controller: true, if any (metav1.GetControllerOf). */
export function getControllerOf(obj: Owned): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function isControlledBy(obj: Owned, ownerUid: string): boolean {
  return getControllerOf(obj)?.uid === ownerUid;
}

/** A controller reference to owner with blockOwnerDeletion (metav1.NewControllerRef). */
export function newControllerRef(owner: OwnerIdentity): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

export type ClaimAction = "keep" | "adopt" | "release" | "ignore";

/**
 * What the owner should do with obj (upstream ClaimObject):
 * - controlled by another object: ignore;
 * - controlled by owner: keep when matched, else release (unless owner is being deleted);
 * - orphan: adopt when matched, owner and obj alive, same namespace; else ignore.
 */
export function claimDecision(owner: OwnerIdentity, obj: Owned, matches: boolean): ClaimAction {
  const ref = getControllerOf(obj);
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  if (ref) {
    if (ref.uid !== owner.metadata.uid) return "ignore";
    if (matches) return "keep";
    return ownerDeleting ? "ignore" : "release";
  }
  if (ownerDeleting || !matches) return "ignore";
  if (obj.metadata.deletionTimestamp) return "ignore";
  if ((obj.metadata.namespace ?? "") !== (owner.metadata.namespace ?? "")) return "ignore";
  return "adopt";
}

/** Strategic-merge patch adding owner's controller reference, guarded by obj's uid (upstream ownerRefControllerPatch). */
export function adoptPatch(owner: OwnerIdentity, objUid: string): Record<string, unknown> {
  return { metadata: { ownerReferences: [newControllerRef(owner)], uid: objUid } };
}

/** Strategic-merge patch deleting owner's reference, guarded by obj's uid (upstream GenerateDeleteOwnerRefStrategicMergeBytes). */
export function releasePatch(ownerUid: string, objUid: string): Record<string, unknown> {
  return { metadata: { ownerReferences: [{ $patch: "delete", uid: ownerUid }], uid: objUid } };
}

/** ownerReferences with owner's reference added or replaced (for update/merge-patch paths). */
export function withControllerRef(refs: readonly OwnerReference[] | undefined, ref: OwnerReference): OwnerReference[] {
  return [...(refs ?? []).filter((r) => r.uid !== ref.uid), ref];
}

/** ownerReferences without the given uid. */
export function withoutOwner(refs: readonly OwnerReference[] | undefined, uid: string): OwnerReference[] {
  return (refs ?? []).filter((r) => r.uid !== uid);
}
