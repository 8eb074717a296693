/**
 * Adopting and releasing objects through the API (upstream ControllerRefManager's
 * AdoptPod/ReleasePod): a JSON merge patch of the whole ownerReferences list, guarded by
 * the object's uid and resourceVersion so a concurrent change fails with a conflict
 * instead of being overwritten.
 */
import type { KubeObject } from "../../api/meta/types.ts";
import { isInvalid, isNotFound } from "../../client/errors.ts";
import type { ResourceClient } from "../../client/rest/resource-client.ts";
import { newControllerRef, type OwnerIdentity, withControllerRef, withoutOwner } from "./owner-refs.ts";

function guard(obj: KubeObject): Record<string, string> {
  const g: Record<string, string> = {};
  if (obj.metadata.uid) g.uid = obj.metadata.uid;
  if (obj.metadata.resourceVersion) g.resourceVersion = obj.metadata.resourceVersion;
  return g;
}

/** Makes owner the controller of obj. Resolves false when obj no longer exists. */
export async function adopt<T extends KubeObject>(client: ResourceClient<T>, owner: OwnerIdentity, obj: T): Promise<boolean> {
  const ownerReferences = withControllerRef(obj.metadata.ownerReferences, newControllerRef(owner));
  try {
    await client.patch(obj.metadata.name ?? "", { metadata: { ...guard(obj), ownerReferences } }, { type: "merge" });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Removes owner's reference from obj; a vanished or recreated obj is not an error. */
export async function release<T extends KubeObject>(client: ResourceClient<T>, ownerUid: string, obj: T): Promise<void> {
  const ownerReferences = withoutOwner(obj.metadata.ownerReferences, ownerUid);
  try {
    await client.patch(obj.metadata.name ?? "", { metadata: { ...guard(obj), ownerReferences } }, { type: "merge" });
  } catch (err) {
    if (isNotFound(err) || isInvalid(err)) return;
    throw err;
  }
}
