/**
 * Stand-ins for server-side apply until src/api/apply lands: apply merges the applied
 * configuration like a strategic merge patch and records a managedFields entry per
 * manager without field ownership (no conflicts are detected).
 */
import type { FieldSchema, KubeObject, ManagedFieldsEntry } from "../../api/meta/index.ts";
import type { ApplyOptions, ApplyResult, ManagedFieldsOptions } from "./machinery.ts";

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

export function applyStrategicMergePatch(doc: Json, patch: Json, schema: FieldSchema | undefined): Json {
  if (!isObj(patch)) return clone(patch);
  const out: Record<string, Json> = isObj(doc) ? clone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$")) continue;
    const fs = schema?.field(k);
    if (v === null) delete out[k];
    else if (Array.isArray(v) && fs?.patchMergeKey && Array.isArray(out[k])) {
      const key = fs.patchMergeKey;
      const merged = [...(out[k] as Json[])];
      for (const item of v) {
        const i = isObj(item) ? merged.findIndex((m) => isObj(m) && m[key] === item[key]) : -1;
        if (i >= 0) merged[i] = applyStrategicMergePatch(merged[i], item, fs.items);
        else merged.push(clone(item));
      }
      out[k] = merged;
    } else out[k] = isObj(v) ? applyStrategicMergePatch(out[k], v, fs) : clone(v);
  }
  return out;
}

export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): ApplyResult {
  const object = (live ? applyStrategicMergePatch(live, applied, opts.schema) : clone(applied)) as KubeObject;
  const entries = (object.metadata.managedFields ?? []).filter((e) => !(e.manager === opts.manager && e.operation === "Apply"));
  entries.push(entry(opts.manager, "Apply", opts));
  object.metadata.managedFields = entries;
  return { object, conflicts: [] };
}

function entry(manager: string, operation: "Apply" | "Update", opts: { apiVersion: string; now: Date; subresource?: string }): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = { manager, operation, apiVersion: opts.apiVersion, time: opts.now.toISOString().replace(/\.\d+Z$/, "Z"), fieldsType: "FieldsV1", fieldsV1: {} };
  if (opts.subresource) e.subresource = opts.subresource;
  return e;
}

export function updateManagedFields(_old: KubeObject | undefined, updated: KubeObject, opts: ManagedFieldsOptions): void {
  const entries = (updated.metadata.managedFields ?? []).filter((e) => !(e.manager === opts.manager && e.operation === "Update" && (e.subresource ?? "") === (opts.subresource ?? "")));
  entries.push(entry(opts.manager, "Update", opts));
  updated.metadata.managedFields = entries;
}
