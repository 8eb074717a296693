/**
 * The API-machinery functions the registry calls (defaulting, the four patch types,
 * server-side apply, managedFields), gathered in one module so the registry does not
 * care which are built yet. Until src/api/{defaults,patch,apply} land, the simple
 * stand-ins in ./interim.ts answer.
 */
import type { FieldSchema, KubeObject, ManagedFieldsEntry } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
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

export function applyDefaults(resource: ResourceInfo, obj: KubeObject): void {
  interim.applyDefaults(resource, obj);
}

export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  return interim.applyJsonPatch(doc, patch);
}

export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  return interim.applyMergePatch(doc, patch);
}

export function applyStrategicMergePatch(doc: unknown, patch: unknown, schema: FieldSchema): unknown {
  return interim.applyStrategicMergePatch(doc, patch, schema);
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
