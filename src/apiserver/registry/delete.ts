/**
 * DELETE of one object (upstream Store.Delete with BeforeDelete): preconditions, graceful
 * deletion, finalizers added by propagationPolicy, deletionTimestamp, and the final
 * removal once nothing holds the object.
 */
import type { DeleteOptions, KubeObject } from "../../api/meta/index.ts";
import { ConflictError, NotFoundError } from "../../storage/errors.ts";
import { errors } from "../http/status.ts";
import type { ResourceRegistry } from "./resource-registry.ts";
import { timestamp, type RequestScope } from "./scope.ts";
import { jsonClone } from "../util/clone.ts";

export const ORPHAN_FINALIZER = "orphan";
export const FOREGROUND_FINALIZER = "foregroundDeletion";

export interface DeleteOutcome {
  /** The object: deleted (its last state) or still present with deletionTimestamp. */
  obj: KubeObject;
  /** True when the object is gone from storage. */
  deleted: boolean;
}

function checkPreconditions(reg: ResourceRegistry, name: string, obj: KubeObject, modRevision: number, opts: DeleteOptions): void {
  const p = opts.preconditions;
  if (!p) return;
  if (p.uid !== undefined && p.uid !== null && p.uid !== obj.metadata.uid) {
    throw errors.conflict(reg.qr, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${obj.metadata.uid ?? ""}`);
  }
  if (p.resourceVersion !== undefined && p.resourceVersion !== null && p.resourceVersion !== String(modRevision)) {
    throw errors.conflict(reg.qr, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${modRevision}`);
  }
}

/** The finalizers the propagation policy asks for (upstream deletionFinalizersForGarbageCollection). */
function propagationFinalizers(current: string[], opts: DeleteOptions): string[] {
  let orphan: boolean | undefined;
  let foreground = false;
  if (opts.propagationPolicy === "Orphan") orphan = true;
  else if (opts.propagationPolicy === "Foreground") foreground = true;
  else if (opts.propagationPolicy === "Background") orphan = false;
  else if (opts.orphanDependents !== undefined) orphan = opts.orphanDependents;
  const set = new Set(current);
  if (orphan === true) {
    set.add(ORPHAN_FINALIZER);
    set.delete(FOREGROUND_FINALIZER);
  } else if (foreground) {
    set.add(FOREGROUND_FINALIZER);
    set.delete(ORPHAN_FINALIZER);
  } else if (orphan === false) {
    set.delete(ORPHAN_FINALIZER);
  }
  return [...set];
}

export function validateDeleteOptions(opts: DeleteOptions): void {
  if (opts.propagationPolicy !== undefined && !["Orphan", "Background", "Foreground"].includes(opts.propagationPolicy)) {
    throw errors.invalid("", "DeleteOptions", "", `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`, [
      { reason: "FieldValueNotSupported", message: `Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`, field: "propagationPolicy" },
    ]);
  }
  if (opts.orphanDependents !== undefined && opts.propagationPolicy !== undefined) {
    throw errors.invalid("", "DeleteOptions", "", `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "${opts.propagationPolicy}": orphanDependents and deletionPropagation cannot be both set`, [
      { reason: "FieldValueInvalid", message: "orphanDependents and deletionPropagation cannot be both set", field: "propagationPolicy" },
    ]);
  }
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts.gracePeriodSeconds = 1;
}

const MAX_RETRIES = 8;

export async function deleteObject(reg: ResourceRegistry, scope: RequestScope, namespace: string, name: string, opts: DeleteOptions): Promise<DeleteOutcome> {
  const key = reg.key(namespace, name);
  for (let attempt = 0; ; attempt++) {
    const kv = await reg.getStored(namespace, name);
    const obj = kv.value;
    obj.metadata.resourceVersion = String(kv.modRevision);
    checkPreconditions(reg, name, obj, kv.modRevision, opts);
    await reg.admission.validate({ resource: reg.ri, subresource: "", operation: "DELETE", namespace, name, object: undefined, oldObject: obj, user: scope.user, dryRun: scope.dryRun, warnings: scope.warnings });
    const meta = obj.metadata;
    const wasDeleting = meta.deletionTimestamp !== undefined;
    if (wasDeleting) reg.strategy.repeatedDelete?.(obj);
    const finalizers = propagationFinalizers(meta.finalizers ?? [], opts);
    let grace = reg.strategy.gracePeriod ? reg.strategy.gracePeriod(obj, opts.gracePeriodSeconds) : 0;
    if (wasDeleting && meta.deletionGracePeriodSeconds !== undefined) {
      // a repeated delete can only shorten the grace period
      if (opts.gracePeriodSeconds === undefined || grace > meta.deletionGracePeriodSeconds) grace = meta.deletionGracePeriodSeconds;
    }
    const next = jsonClone(obj);
    const nm = next.metadata;
    if (finalizers.length > 0) nm.finalizers = finalizers;
    else delete nm.finalizers;
    let stays = finalizers.length > 0 || grace > 0;
    if (!wasDeleting && reg.strategy.beginDeletion?.(next)) stays = true;
    if (stays) {
      const changed = !wasDeleting || nm.deletionGracePeriodSeconds !== grace || (meta.finalizers ?? []).join() !== finalizers.join();
      if (!changed) return { obj, deleted: false };
      if (!wasDeleting || grace !== meta.deletionGracePeriodSeconds) {
        nm.deletionTimestamp = timestamp(new Date(scope.now.getTime() + grace * 1000));
        nm.deletionGracePeriodSeconds = grace;
      }
      if (wasDeleting && meta.deletionTimestamp && nm.deletionTimestamp && nm.deletionTimestamp > meta.deletionTimestamp) nm.deletionTimestamp = meta.deletionTimestamp;
      if (nm.generation !== undefined && !wasDeleting) nm.generation += 1;
      delete nm.resourceVersion;
      if (scope.dryRun) return { obj: next, deleted: false };
      try {
        const r = await reg.store.update(key, reg.codec.toStored(next), kv.modRevision);
        nm.resourceVersion = String(r.revision);
        return { obj: next, deleted: false };
      } catch (e) {
        if ((e instanceof ConflictError || e instanceof NotFoundError) && attempt < MAX_RETRIES) continue;
        if (e instanceof NotFoundError) throw errors.notFound(reg.qr, name);
        throw e;
      }
    }
    if (scope.dryRun) return { obj, deleted: true };
    try {
      const r = await reg.store.delete<KubeObject>(key, kv.modRevision);
      obj.metadata.resourceVersion = String(r.revision);
      return { obj, deleted: true };
    } catch (e) {
      if (e instanceof ConflictError && attempt < MAX_RETRIES) continue;
      if (e instanceof NotFoundError) throw errors.notFound(reg.qr, name);
      throw e;
    }
  }
}
