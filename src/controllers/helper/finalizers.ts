/**
 * Removing one finalizer from an object through the API: a JSON merge patch of the
 * finalizer list guarded by uid and resourceVersion, re-read and retried on conflict.
 */
import type { KubeObject } from "../../api/meta/types.ts";
import { isConflict, isNotFound } from "../../client/errors.ts";
import type { ResourceClient } from "../../client/rest/resource-client.ts";

const RETRIES = 5;

/** Resolves true when the finalizer is gone (or the object is), false if another uid now holds the name. */
export async function removeFinalizer<T extends KubeObject>(client: ResourceClient<T>, obj: T, finalizer: string): Promise<boolean> {
  let cur: T = obj;
  for (let attempt = 0; ; attempt++) {
    const list = cur.metadata.finalizers ?? [];
    if (!list.includes(finalizer)) return true;
    const rest = list.filter((f) => f !== finalizer);
    try {
      await client.patch(cur.metadata.name ?? "", { metadata: { uid: cur.metadata.uid, resourceVersion: cur.metadata.resourceVersion, finalizers: rest.length > 0 ? rest : null } }, { type: "merge" });
      return true;
    } catch (err) {
      if (isNotFound(err)) return true;
      if (!isConflict(err) || attempt >= RETRIES) throw err;
    }
    try {
      cur = await client.get(obj.metadata.name ?? "");
    } catch (err) {
      if (isNotFound(err)) return true;
      throw err;
    }
    if (cur.metadata.uid !== obj.metadata.uid) return false;
  }
}
