import type { FieldSchema } from "../meta/field-schema.ts";
import { setOwn } from "../../util/own-keys.ts";
import type { KubeObject } from "../meta/types.ts";
import type { ApplyConflict } from "./conflicts.ts";
import { FieldSet } from "./field-set.ts";
import { displayManager, type Managers } from "./managed.ts";
import { fieldElement, pathString } from "./path.ts";
import { childSchema, isObj } from "./schema-type.ts";
import { compareValues, type Comparison } from "./typed.ts";

/** The shared steps of apply and update (structured-merge-diff merge.Updater). */

/**
 * A view of an object without metadata.managedFields, as the typed value upstream
 * compares (shallow: shares everything else with `o`; the walkers never mutate).
 */
export function withoutManagedFields(o: KubeObject | undefined): Record<string, unknown> {
  if (!o) return {};
  const view: Record<string, unknown> = { ...o };
  if (isObj(o.metadata)) {
    const meta: Record<string, unknown> = { ...o.metadata };
    delete meta["managedFields"];
    view["metadata"] = meta;
  }
  return view;
}

/**
 * Fields the registry strategy resets, whose ownership is not tracked: status on the main
 * resource, spec on the status subresource.
 */
export function resetFields(schema: FieldSchema, subresource?: string): FieldSet {
  if (subresource === "status") return FieldSet.of([fieldElement("spec")]);
  if (!subresource && schema.field("status")) return FieldSet.of([fieldElement("status")]);
  return new FieldSet();
}

export function filterComparison(c: Comparison, ignored: FieldSet): Comparison {
  if (ignored.isEmpty()) return c;
  return { added: c.added.recursiveDifference(ignored), removed: c.removed.recursiveDifference(ignored), modified: c.modified.recursiveDifference(ignored) };
}

/** Struct fields present in Go's zero value of an object, so creates do not claim them. */
const ZERO_STRUCT_FIELDS = new Set(["metadata", "spec", "status", "template", "strategy", "updateStrategy", "jobTemplate"]);

/**
 * An approximation of the empty typed object upstream compares a create against: the
 * always-present structs the new object has, and null container lists.
 */
export function zeroSkeleton(o: unknown, schema: FieldSchema, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObj(o) || depth > 6) return out;
  for (const [k, v] of Object.entries(o)) {
    const s = childSchema(schema, k);
    if (ZERO_STRUCT_FIELDS.has(k) && isObj(v) && s.kind === "object") out[k] = zeroSkeleton(v, s, depth + 1);
    else if (k === "containers" && Array.isArray(v) && s.kind === "array") out[k] = null;
  }
  return out;
}

/**
 * merge.Updater.update: compares live and new, finds other managers' fields the change
 * touches (conflicts) and strips removed and (when forced) conflicting fields from them.
 */
export function updateManagers(
  live: unknown,
  next: unknown,
  schema: FieldSchema,
  managers: Managers,
  workflowId: string,
  force: boolean,
  ignored: FieldSet,
): { comparison: Comparison; conflicts: ApplyConflict[] } {
  const comparison = filterComparison(compareValues(live, next, schema), ignored);
  const changed = comparison.modified.union(comparison.added);
  const conflicts: ApplyConflict[] = [];
  const conflictSets = new Map<string, FieldSet>();
  for (const [id, rec] of managers) {
    if (id === workflowId) continue;
    const c = rec.set.intersection(changed);
    if (c.isEmpty()) continue;
    conflictSets.set(id, c);
    for (const p of c.paths()) {
      const conflict: ApplyConflict = { manager: rec.manager, field: pathString(p), operation: rec.operation, apiVersion: rec.apiVersion, display: displayManager(rec), id, path: p };
      if (rec.subresource) conflict.subresource = rec.subresource;
      conflicts.push(conflict);
    }
  }
  if (!force && conflicts.length > 0) return { comparison, conflicts };
  for (const [id, rec] of managers) {
    if (id === workflowId) continue;
    const c = conflictSets.get(id);
    if (c) rec.set = rec.set.difference(c);
    if (!comparison.removed.isEmpty()) rec.set = rec.set.difference(comparison.removed);
    if (rec.set.isEmpty()) managers.delete(id);
  }
  return { comparison, conflicts };
}

/** Deep copy without null map values (typed decoding drops them). */
export function dropNulls<T>(v: T): T {
  if (Array.isArray(v)) return v.map(dropNulls) as T;
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) setOwn(out, k, dropNulls(x));
    return out as T;
  }
  return v;
}
