import { getOwn, setOwn } from "../../util/own-keys.ts";
import { PatchError } from "./errors.ts";

/** RFC 7396 JSON Merge Patch as evanphx/json-patch MergePatch applies it. */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === null ? x : pruneNulls(x)));
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else v[k] = pruneNulls(x);
    }
  }
  return v;
}

function mergeDocs(doc: Obj, patch: Obj): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    // keys are client data: "__proto__" or "constructor" are members like any other
    const cur = getOwn(doc, k);
    if (cur === undefined || cur === null || !isObj(cur)) setOwn(doc, k, pruneNulls(v));
    else if (!isObj(v)) setOwn(doc, k, v);
    else mergeDocs(cur, v);
  }
}

/**
 * Applies a merge patch to a copy of `doc`: objects merge recursively, null deletes,
 * anything else replaces. A null patch is "Invalid JSON Patch" (400).
 */
export function applyMergePatch<T = unknown>(doc: T, patch: unknown): T {
  if (patch === null || patch === undefined) throw new PatchError("Invalid JSON Patch", 400);
  if (!isObj(patch)) {
    if (Array.isArray(patch)) return pruneNulls(structuredClone(patch)) as T;
    throw new PatchError("Invalid JSON Patch", 400);
  }
  const copy = structuredClone(patch);
  if (!isObj(doc)) return pruneNulls(copy) as T;
  const out = structuredClone(doc) as Obj;
  mergeDocs(out, copy);
  return out as T;
}
