import type { FieldSchema } from "../meta/field-schema.ts";
import type { KubeObject, ManagedFieldsEntry } from "../meta/types.ts";
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, managerId, type Managers, STRIP_SET, timeText } from "./managed.ts";
import { resetFields, updateManagers, withoutManagedFields, zeroSkeleton } from "./updater.ts";

export interface UpdateManagedFieldsOptions {
  manager: string;
  operation: "Update";
  /** The apiVersion of the request (e.g. "apps/v1"). */
  apiVersion: string;
  schema: FieldSchema;
  /** Time recorded on the manager's entry (a Date, or RFC 3339 text). */
  now: string | Date;
  /** "status" or "scale" for writes to those subresources. */
  subresource?: string;
}

/** Which managed fields an update starts from (upstream decodeLiveOrNew). */
function baseManagers(old: KubeObject | undefined, updated: KubeObject, subresource?: string): Managers {
  const live = () => decodeManagedFields(old?.metadata?.managedFields) ?? new Map();
  if (subresource) return live();
  const given = updated.metadata?.managedFields;
  if (Array.isArray(given)) {
    if (given.length === 0) return new Map();
    if (given.length === 1 && Object.keys(given[0] ?? {}).length === 0) return new Map();
    const decoded = decodeManagedFields(given);
    if (decoded && decoded.size > 0) return decoded;
  }
  return live();
}

/**
 * The managedFields to store after a create (old undefined), update or non-apply patch:
 * the manager's entry gains the fields this write added or changed, every entry loses
 * fields the write removed or took over. Call it on the final object (after defaulting),
 * as upstream records defaults under the writer.
 */
export function updateManagedFields(old: KubeObject | undefined, updated: KubeObject, opts: UpdateManagedFieldsOptions): ManagedFieldsEntry[] {
  const managers = baseManagers(old, updated, opts.subresource);
  const next = withoutManagedFields(updated);
  const live = old ? withoutManagedFields(old) : zeroSkeleton(next, opts.schema);
  const ignored = resetFields(opts.schema, opts.subresource);
  const current = "\u0000current-operation";
  const { comparison } = updateManagers(live, next, opts.schema, managers, current, true, ignored);
  const opSet = comparison.added.union(comparison.modified).recursiveDifference(ignored).difference(STRIP_SET);
  if (!opSet.isEmpty()) {
    const id = managerId(opts.manager, "Update", opts.apiVersion, opts.subresource);
    const prev = managers.get(id);
    if (prev) {
      prev.set = prev.set.union(opSet);
      prev.time = timeText(opts.now);
    } else {
      const rec = { manager: opts.manager, operation: "Update" as const, apiVersion: opts.apiVersion, time: timeText(opts.now), set: opSet };
      managers.set(id, opts.subresource ? { ...rec, subresource: opts.subresource } : rec);
    }
  }
  capUpdateManagers(managers);
  return encodeManagedFields(managers);
}
