/**
 * The API-machinery functions the registry calls (defaulting, the four patch types,
 * server-side apply, managedFields), gathered in one module so the registry does not
 * care which are built yet. Until src/api/{defaults,patch,apply} land, the simple
 * stand-ins in ./interim.ts answer.
 */
import type { FieldSchema, KubeObject, ManagedFieldsEntry } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { applyDefaults as defaults } from "../../api/defaults/index.ts";
import { applyJsonPatch as jsonPatch, applyMergePatch as mergePatch, applyStrategicMergePatch as strategicPatch, decodeJsonPatch, PatchError } from "../../api/patch/index.ts";
import { ApiError, errors, statusFailure } from "../http/status.ts";
import * as interim from "./interim.ts";

export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  schema: FieldSchema;
  now: Date;
  subresource?: string;
}

export interface ApplyConflict {
  manager: string;
  field: string;
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

/** Upstream defaulting; with no `old` also the create-time preparation. */
export function applyDefaults(resource: ResourceInfo, obj: KubeObject, old?: KubeObject): void {
  defaults(resource, obj, old);
}

/** Maps a patch failure to the Status upstream answers with. */
function patchFailure(e: unknown): never {
  if (e instanceof PatchError) {
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
    patchFailure(e);
  }
}

export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  try {
    return mergePatch(doc, patch);
  } catch (e) {
    patchFailure(e);
  }
}

export function applyStrategicMergePatch(doc: unknown, patch: unknown, schema: FieldSchema): unknown {
  try {
    return strategicPatch(doc, patch, schema);
  } catch (e) {
    patchFailure(e);
  }
}

/** Server-side apply of `applied` over `live` (undefined: create). */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): ApplyResult {
  return interim.serverSideApply(live, applied, opts);
}

/** Records `manager`'s Update of `updated` (from `old`) in updated.metadata.managedFields. */
export function updateManagedFields(old: KubeObject | undefined, updated: KubeObject, opts: ManagedFieldsOptions): void {
  interim.updateManagedFields(old, updated, opts);
}

export type { ManagedFieldsEntry };
