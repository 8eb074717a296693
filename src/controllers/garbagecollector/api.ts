/**
 * The garbage collector's API calls: reading objects by identity, and the guarded
 * patches that drop owner references and finalizers (upstream's removeFinalizer and
 * ownerRef patches), retried on conflict with a fresh read. Kinds are resolved through
 * the collector's mapper, which knows the discovered custom resources too.
 */
import type { KubeObject, OwnerReference } from "../../api/meta/types.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { isConflict, isNotFound } from "../../client/errors.ts";
import type { Client } from "../../client/rest/clientset.ts";
import type { ResourceClient } from "../../client/rest/resource-client.ts";
import type { Identity } from "./identity.ts";
import { builtinMapper, type KindMapper, UnknownKindError } from "./restmapper.ts";

export { UnknownKindError };

const CONFLICT_RETRIES = 5;

/** The client the calls go through and the mapping of kinds to resources they use. */
export interface ApiAccess {
  client: Client;
  mapper: KindMapper;
}

/** The resource of a kind (built-in catalog unless a mapper with discovered resources is given). */
export function resourceInfo(apiVersion: string, kind: string, mapper: KindMapper = builtinMapper): ResourceInfo {
  return mapper.resourceInfo(apiVersion, kind);
}

export function clientFor(api: ApiAccess, id: Pick<Identity, "apiVersion" | "kind" | "namespace">): ResourceClient<KubeObject> {
  const ri = api.mapper.resourceInfo(id.apiVersion, id.kind);
  return api.client.resource<KubeObject>(ri, ri.namespaced ? id.namespace : undefined);
}

/** The object, or undefined when it is gone. */
export async function getObject(api: ApiAccess, id: Identity): Promise<KubeObject | undefined> {
  try {
    return await clientFor(api, id).get(id.name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Re-reads the object and patches its metadata with edit(latest) until no conflict;
 * stops quietly when the object is gone, replaced (other uid) or edit returns undefined.
 */
export async function patchMetadata(api: ApiAccess, id: Identity, edit: (obj: KubeObject) => Record<string, unknown> | undefined): Promise<void> {
  const rc = clientFor(api, id);
  for (let attempt = 0; ; attempt++) {
    const latest = await getObject(api, id);
    if (!latest || latest.metadata.uid !== id.uid) return;
    const fields = edit(latest);
    if (!fields) return;
    try {
      await rc.patch(id.name, { metadata: { uid: id.uid, resourceVersion: latest.metadata.resourceVersion, ...fields } }, { type: "merge" });
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isConflict(err) || attempt >= CONFLICT_RETRIES) throw err;
    }
  }
}

export function removeFinalizer(api: ApiAccess, id: Identity, finalizer: string): Promise<void> {
  return patchMetadata(api, id, (obj) => {
    const list = obj.metadata.finalizers ?? [];
    if (!list.includes(finalizer)) return undefined;
    const rest = list.filter((f) => f !== finalizer);
    return { finalizers: rest.length > 0 ? rest : null };
  });
}

/** Drops the references to the given owner uids. */
export function removeOwnerReferences(api: ApiAccess, id: Identity, ownerUids: readonly string[]): Promise<void> {
  const drop = new Set(ownerUids);
  return patchMetadata(api, id, (obj) => {
    const refs = obj.metadata.ownerReferences ?? [];
    if (!refs.some((r) => drop.has(r.uid))) return undefined;
    const rest = refs.filter((r) => !drop.has(r.uid));
    return { ownerReferences: rest.length > 0 ? rest : null };
  });
}

/** Replaces the owner references (used to unblock them). */
export function setOwnerReferences(api: ApiAccess, id: Identity, edit: (refs: OwnerReference[]) => OwnerReference[]): Promise<void> {
  return patchMetadata(api, id, (obj) => ({ ownerReferences: edit(obj.metadata.ownerReferences ?? []) }));
}
