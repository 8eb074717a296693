import type { FieldSchema } from "../meta/field-schema.ts";
import type { KubeObject, ManagedFieldsEntry } from "../meta/types.ts";
import { createFieldsV1 } from "./create-fields.ts";
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, managerId, type Managers, STRIP_SET, timeText } from "./managed.ts";
import { resolve } from "./schema-type.ts";
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
  if (!old && !opts.subresource) {
    const fast = createdManagedFields(updated, opts);
    if (fast) return fast;
  }
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

/**
 * A create without managedFields given: one entry, the manager's, holding every field of
 * the object (createFieldsV1); the general path's result without its intermediate sets.
 * Undefined when the general path must run.
 */
function createdManagedFields(updated: KubeObject, opts: UpdateManagedFieldsOptions): ManagedFieldsEntry[] | undefined {
  const meta = updated.metadata as unknown;
  const given = meta !== null && typeof meta === "object" ? (meta as { managedFields?: unknown }).managedFields : undefined;
  if (given !== undefined && !(Array.isArray(given) && given.length === 0)) return undefined;
  const root = resolve(opts.schema);
  if (root.atomic || (root.kind !== "struct" && root.kind !== "deduced")) return undefined;
  const fieldsV1 = createFieldsV1(updated as unknown as Record<string, unknown>, opts.schema);
  if (!fieldsV1) return undefined;
  for (const _ in fieldsV1) {
    const e: ManagedFieldsEntry = { manager: opts.manager, operation: "Update", apiVersion: opts.apiVersion };
    const time = timeText(opts.now);
    if (time) e.time = time;
    e.fieldsType = "FieldsV1";
    e.fieldsV1 = fieldsV1;
    return [e];
  }
  return [];
}
