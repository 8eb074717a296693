/**
 * Stand-ins for API machinery still being built elsewhere: RFC 6902 JSON patch, RFC 7396
 * merge patch, a strategic merge that merges lists of objects by their schema merge key,
 * and an apply without field ownership. Replaced by src/api/{patch,apply,defaults}.
 */
import type { FieldSchema, KubeObject, ManagedFieldsEntry } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { errors } from "../http/status.ts";
import type { ApplyOptions, ApplyResult, ManagedFieldsOptions } from "./machinery.ts";

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

export function applyDefaults(_resource: ResourceInfo, _obj: KubeObject): void {}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

function parsePointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw errors.badRequest(`invalid JSON pointer: ${p}`);
  return p.slice(1).split("/").map(unescapePointer);
}

function getAt(doc: Json, path: string[]): Json {
  let cur = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObj(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

export function applyJsonPatch(doc: Json, patch: Json): Json {
  if (!Array.isArray(patch)) throw errors.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  let root = clone(doc);
  for (const op of patch as Record<string, Json>[]) {
    const path = parsePointer(String(op.path ?? ""));
    const kind = op.op;
    if (kind === "test") {
      if (JSON.stringify(getAt(root, path)) !== JSON.stringify(op.value)) throw errors.badRequest(`the server rejected our request due to an error in our request`);
      continue;
    }
    if (kind === "copy" || kind === "move") {
      const from = parsePointer(String(op.from ?? ""));
      const v = clone(getAt(root, from));
      if (kind === "move") root = removeAt(root, from);
      root = addAt(root, path, v, false);
      continue;
    }
    if (kind === "add") root = addAt(root, path, clone(op.value), false);
    else if (kind === "replace") root = addAt(root, path, clone(op.value), true);
    else if (kind === "remove") root = removeAt(root, path);
    else throw errors.badRequest(`Unexpected kind: ${String(kind)}`);
  }
  return root;
}

function addAt(root: Json, path: string[], value: Json, replace: boolean): Json {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const i = last === "-" ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw errors.internal(`add operation does not apply: doc is missing path: "/${path.join("/")}"`);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (isObj(parent)) {
    if (replace && !(last in parent)) throw errors.internal(`replace operation does not apply: doc is missing key: /${path.join("/")}`);
    parent[last] = value;
  } else throw errors.internal(`add operation does not apply: doc is missing path: "/${path.join("/")}"`);
  return root;
}

function removeAt(root: Json, path: string[]): Json {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObj(parent) && last in parent) delete parent[last];
  else throw errors.internal(`remove operation does not apply: doc is missing path: "/${path.join("/")}"`);
  return root;
}

export function applyMergePatch(doc: Json, patch: Json): Json {
  if (!isObj(patch)) return clone(patch);
  const out: Record<string, Json> = isObj(doc) ? clone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

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
