import type { FieldSchema } from "../meta/field-schema.ts";
import type { KubeObject } from "../meta/types.ts";
import type { ApplyConflict } from "./conflicts.ts";
import { ApplyError } from "./errors.ts";
import { FieldSet } from "./field-set.ts";
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, managerId, type Managers, STRIP_SET, timeText } from "./managed.ts";
import { isObj } from "./schema-type.ts";
import { compareValues, ensureNamedFieldsAreMembers, mergeValues, removeItems, toFieldSet } from "./typed.ts";
import { dropNulls, resetFields, updateManagers, withoutManagedFields } from "./updater.ts";

export interface ServerSideApplyOptions {
  /** fieldManager of the request. */
  manager: string;
  force: boolean;
  /** The apiVersion the resource is served at (e.g. "apps/v1"). */
  apiVersion: string;
  schema: FieldSchema;
  /** Time recorded on the applier's entry (a Date, or RFC 3339 text). */
  now: string | Date;
  subresource?: string;
}

export interface ServerSideApplyResult {
  /** The merged object with its new managedFields (the live object, unchanged, on conflict). */
  object: KubeObject;
  /** Non-empty when the apply was refused (409 FieldManagerConflict). */
  conflicts: ApplyConflict[];
}

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

/** JSON with sorted keys and a trailing newline, as Go encodes unstructured objects. */
function goJSON(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (isObj(x)) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])]));
    return x;
  };
  return `${JSON.stringify(sort(v))}\n`;
}

function lastAppliedOf(o: Record<string, unknown>): string | undefined {
  const meta = isObj(o["metadata"]) ? o["metadata"] : {};
  const ann = isObj(meta["annotations"]) ? meta["annotations"] : {};
  const v = ann[LAST_APPLIED_ANNOTATION];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Conflicts kubectl may take over when moving from client-side to server-side apply: fields
 * of the last-applied annotation whose live values still match it.
 */
function allowedFromLastApplied(live: Record<string, unknown>, schema: FieldSchema): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (!text) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  const lastSet = toFieldSet(last, schema);
  return lastSet.difference(compareValues(last, live, schema).modified);
}

/** The applied config without its last-applied annotation, as the annotation's new value. */
function buildLastApplied(applied: KubeObject): string {
  const copy = structuredClone(applied) as Record<string, unknown>;
  const meta = isObj(copy["metadata"]) ? copy["metadata"] : undefined;
  if (meta && isObj(meta["annotations"])) {
    delete meta["annotations"][LAST_APPLIED_ANNOTATION];
    if (Object.keys(meta["annotations"]).length === 0) delete meta["annotations"];
  }
  return goJSON(copy);
}

function groupVersionOf(apiVersion: unknown): string {
  return typeof apiVersion === "string" ? apiVersion : "";
}

interface Attempt {
  object?: Record<string, unknown>;
  managers: Managers;
  conflicts: ApplyConflict[];
}

function attempt(live: Record<string, unknown>, config: Record<string, unknown>, base: Managers, opts: ServerSideApplyOptions, force: boolean): Attempt {
  const managers: Managers = new Map([...base].map(([id, r]) => [id, { ...r }]));
  const schema = opts.schema;
  const ignored = resetFields(schema, opts.subresource);
  const id = managerId(opts.manager, "Apply", opts.apiVersion, opts.subresource);
  const merged = (mergeValues(live, config, schema) ?? {}) as Record<string, unknown>;
  const lastSet = managers.get(id)?.set;
  const set = toFieldSet(config, schema).recursiveDifference(ignored);
  const rec = { manager: opts.manager, operation: "Apply" as const, apiVersion: opts.apiVersion, set };
  managers.set(id, opts.subresource ? { ...rec, subresource: opts.subresource } : rec);

  // Prune what this applier applied last time, no longer applies, and nobody else owns.
  let next = merged;
  if (lastSet && !lastSet.isEmpty()) {
    let owned = new FieldSet();
    for (const r of managers.values()) owned = owned.union(r.set);
    const remove = ensureNamedFieldsAreMembers(lastSet, schema)
      .intersection(ensureNamedFieldsAreMembers(toFieldSet(merged, schema), schema))
      .difference(ensureNamedFieldsAreMembers(owned, schema));
    if (!remove.isEmpty()) next = (removeItems(merged, remove, schema) ?? {}) as Record<string, unknown>;
  }

  const { conflicts } = updateManagers(live, next, schema, managers, id, force, ignored);
  if (conflicts.length > 0 && !force) return { managers, conflicts };
  return { object: next, managers, conflicts: [] };
}

/**
 * Server-side apply (structured-merge-diff semantics): merges the applied configuration
 * into the live object (or creates it), removes fields this manager applied before and
 * no longer applies when no one else owns them, and records ownership in managedFields.
 * Fields owned by other managers with different values conflict unless `force`.
 * `kubectl` may take over fields a client-side apply set, as upstream allows.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ServerSideApplyOptions): ServerSideApplyResult {
  const version = groupVersionOf(applied.apiVersion);
  if (version !== opts.apiVersion)
    throw new ApplyError(`Incorrect version specified in apply patch. Specified patch version: ${version}, expected: ${opts.apiVersion}`, 400);
  if (applied.metadata?.managedFields !== undefined && applied.metadata.managedFields !== null)
    throw new ApplyError("metadata.managedFields must be nil", 400);

  const liveObj = live ? withoutManagedFields(live) : {};
  const config = structuredClone(applied) as unknown as Record<string, unknown>;
  const base = decodeManagedFields(live?.metadata?.managedFields) ?? new Map();

  let result = attempt(liveObj, config, base, opts, opts.force);
  if (result.conflicts.length > 0 && opts.manager === "kubectl") {
    const allowed = allowedFromLastApplied(liveObj, opts.schema);
    if (allowed) {
      const disallowed = result.conflicts.filter((c) => !allowed.has(c.path));
      result = disallowed.length === 0 ? attempt(liveObj, config, base, opts, true) : { ...result, conflicts: disallowed };
    }
  }
  if (result.conflicts.length > 0 || !result.object) return { object: live ?? (applied as KubeObject), conflicts: result.conflicts };

  const managers = result.managers;
  const id = managerId(opts.manager, "Apply", opts.apiVersion, opts.subresource);
  const mine = managers.get(id);
  if (mine) {
    mine.set = mine.set.difference(STRIP_SET);
    mine.time = timeText(opts.now);
    if (mine.set.isEmpty()) managers.delete(id);
  }
  capUpdateManagers(managers);

  const object = dropNulls(result.object) as unknown as KubeObject;
  if (!isObj(object.metadata)) object.metadata = {};
  if (opts.manager === "kubectl" && lastAppliedOf(liveObj)) {
    object.metadata.annotations = { ...(object.metadata.annotations ?? {}), [LAST_APPLIED_ANNOTATION]: buildLastApplied(applied) };
  }
  const entries = encodeManagedFields(managers);
  if (entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
  return { object, conflicts: [] };
}
