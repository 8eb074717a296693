/**
 * The API-machinery functions the registry calls (defaulting, the four patch types,
 * server-side apply, managedFields), with their failures mapped to API Statuses.
 */
import type { FieldSchema, KubeObject, ManagedFieldsEntry } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { applyDecodeDefaults as decodeDefaults, applyDefaults as defaults } from "../../api/defaults/index.ts";
import { applyJsonPatch as jsonPatch, applyMergePatch as mergePatch, applyStrategicMergePatch as strategicPatch, decodeJsonPatch, PatchError } from "../../api/patch/index.ts";
import {
  ApplyError,
  applyConflictCauses,
  applyConflictMessage,
  serverSideApply as ssa,
  updateManagedFields as managedFieldsAfter,
  type ApplyConflict,
} from "../../api/apply/index.ts";
import { ApiError, errors, statusFailure } from "../http/status.ts";

export type { ApplyConflict };

export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  schema: FieldSchema;
  now: Date;
  subresource?: string;
}

export interface ApplyResult {
  object: KubeObject;
  conflicts: ApplyConflict[];
}

export interface ManagedFieldsOptions {
  manager: string;
  apiVersion: string;
  schema: FieldSchema;
  now: Date;
  subresource?: string;
}

/** Upstream's defaulting as a decode applies it (no create-time preparation). */
export function applyDecodeDefaults(resource: ResourceInfo, obj: KubeObject): void {
  if (resource.custom) resource.custom.defaults(obj);
  else decodeDefaults(resource, obj);
}

/** Upstream defaulting; with no `old` also the create-time preparation. */
export function applyDefaults(resource: ResourceInfo, obj: KubeObject, old?: KubeObject): void {
  if (resource.custom) resource.custom.defaults(obj);
  else defaults(resource, obj, old);
}

/** Maps a patch or apply failure to the Status upstream answers with. */
function failure(e: unknown): never {
  if (e instanceof PatchError || e instanceof ApplyError) {
    if (e.status === 400) throw errors.badRequest(e.message);
    if (e.status === 422) throw new ApiError(statusFailure(422, "Invalid", e.message));
    throw errors.internal(e.message);
  }
  throw e;
}

export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  try {
    return jsonPatch(doc, decodeJsonPatch(patch));
  } catch (e) {
    failure(e);
  }
}

export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  try {
    return mergePatch(doc, patch);
  } catch (e) {
    failure(e);
  }
}

export function applyStrategicMergePatch(doc: unknown, patch: unknown, schema: FieldSchema): unknown {
  try {
    return strategicPatch(doc, patch, schema);
  } catch (e) {
    failure(e);
  }
}

/** Server-side apply of `applied` over `live` (undefined: create). */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): ApplyResult {
  try {
    return ssa(live, applied, opts);
  } catch (e) {
    failure(e);
  }
}

/**
 * Records `manager`'s Update of `updated` (from `old`) in updated.metadata.managedFields.
 * As upstream's UpdateNoErrors, a failure (an object the field sets cannot hold, such as a
 * list item without its key) clears managedFields instead of failing the request: it runs
 * before validation, which then gives such an object its proper Invalid.
 */
export function updateManagedFields(old: KubeObject | undefined, updated: KubeObject, opts: ManagedFieldsOptions): void {
  let entries: ManagedFieldsEntry[];
  try {
    entries = managedFieldsAfter(old, updated, { ...opts, operation: "Update" });
  } catch (e) {
    if (!(e instanceof ApplyError)) throw e;
    delete updated.metadata.managedFields;
    return;
  }
  // none left (an object with nothing but its name): omitted, as upstream encodes nil
  if (entries.length > 0) updated.metadata.managedFields = entries;
  else delete updated.metadata.managedFields;
}

/** The 409 of a refused apply, with one FieldManagerConflict cause per field. */
export function applyConflictError(qr: { group: string; resource: string }, name: string, conflicts: readonly ApplyConflict[]): ApiError {
  const d: { name: string; kind: string; group?: string; causes: ReturnType<typeof applyConflictCauses> } = { name, kind: qr.resource, causes: applyConflictCauses(conflicts) };
  if (qr.group) d.group = qr.group;
  return new ApiError(statusFailure(409, "Conflict", applyConflictMessage(conflicts), d));
}
