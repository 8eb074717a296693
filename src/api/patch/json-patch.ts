import { setOwn } from "../../util/own-keys.ts";
import { PatchError } from "./errors.ts";

/**
 * RFC 6902 JSON Patch as the apiserver applies it (evanphx/json-patch v4): errors carry
 * that library's messages; replace on a missing object key sets it, negative array
 * indices count from the end. The input document is not modified.
 */

export interface JsonPatchOperation {
  op: string;
  path?: string;
  from?: string;
  value?: unknown;
}

/** Upstream's limit on operations in one patch (413 beyond it). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return v !== null && typeof v === "object";
}

function decodeKey(k: string): string {
  return k.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Go's strconv.Atoi; undefined when it fails. */
function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

function atoiError(s: string): PatchError {
  return new PatchError(`strconv.Atoi: parsing "${s}": invalid syntax`);
}

/** The container holding the path's last segment and that segment, or undefined. */
function findObject(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    const next = get(cur, decodeKey(part), true);
    if (!isContainer(next)) return undefined;
    cur = next;
  }
  return { con: cur, key: decodeKey(split[split.length - 1] as string) };
}

/** Reads a member; `quiet` turns index errors into undefined (findObject's use). */
function get(con: Container, key: string, quiet = false): unknown {
  if (!Array.isArray(con)) return Object.hasOwn(con, key) ? con[key] : undefined;
  const idx = atoi(key);
  if (idx === undefined) {
    if (quiet) return undefined;
    throw atoiError(key);
  }
  if (idx >= con.length || idx < 0) {
    if (quiet) return undefined;
    throw new PatchError(`Unable to access invalid index: ${idx}: invalid index referenced`);
  }
  return con[idx];
}

function add(con: Container, key: string, value: unknown, path: string): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, value);
    return;
  }
  if (key === "-") {
    con.push(value);
    return;
  }
  let idx = atoi(key);
  if (idx === undefined) throw new PatchError(`error in add for path: '${path}': value was not a proper array index: '${key}': strconv.Atoi: parsing "${key}": invalid syntax`);
  const size = con.length + 1;
  if (idx >= size || idx < -size) throw new PatchError(`error in add for path: '${path}': Unable to access invalid index: ${idx}: invalid index referenced`);
  if (idx < 0) idx += size;
  con.splice(idx, 0, value);
}

function remove(con: Container, key: string, path: string, op = "remove"): void {
  if (!Array.isArray(con)) {
    if (!Object.hasOwn(con, key)) throw new PatchError(`error in ${op} for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`);
    delete con[key];
    return;
  }
  let idx = atoi(key);
  if (idx === undefined) throw new PatchError(`error in ${op} for path: '${path}': strconv.Atoi: parsing "${key}": invalid syntax`);
  if (idx >= con.length || idx < -con.length) throw new PatchError(`error in ${op} for path: '${path}': Unable to access invalid index: ${idx}: invalid index referenced`);
  if (idx < 0) idx += con.length;
  con.splice(idx, 1);
}

/** The v4 library's equality: an object equals when each of its keys matches in the other. */
function equal(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isContainer(a)) {
    if (!isContainer(b) || Array.isArray(b)) return false;
    for (const [k, v] of Object.entries(a)) {
      if (!Object.hasOwn(b, k)) return false;
      if (v === null && b[k] === null) continue;
      if (!equal(v, b[k])) return false;
    }
    return true;
  }
  return a === b;
}

function pathOf(op: JsonPatchOperation, what: string): string {
  if (typeof op.path !== "string") throw new PatchError(`${what} operation failed to decode path: missing value`);
  return op.path;
}

function fromOf(op: JsonPatchOperation, what: string): string {
  if (typeof op.from !== "string") throw new PatchError(`${what} operation failed to decode from: operation, missing from field: missing value`);
  return op.from;
}

/** Checks the shape of a decoded patch body; throws PatchError(400) as upstream's decoder does. */
export function decodeJsonPatch(body: unknown): JsonPatchOperation[] {
  if (!Array.isArray(body)) {
    const kind = body === null ? "null" : typeof body === "object" ? "object" : typeof body === "string" ? "string" : typeof body === "number" ? "number" : "bool";
    throw new PatchError(`json: cannot unmarshal ${kind} into Go value of type jsonpatch.Patch`, 400);
  }
  for (const op of body) {
    if (op === null || typeof op !== "object" || Array.isArray(op)) throw new PatchError("json: cannot unmarshal non-object into Go value of type jsonpatch.Operation", 400);
  }
  return body as JsonPatchOperation[];
}

/** Applies operations in order to a copy of `doc`; throws PatchError (422) on the first failure. */
export function applyJsonPatch<T = unknown>(doc: T, ops: readonly JsonPatchOperation[]): T {
  const root: Container = structuredClone(doc) as unknown as Container;
  if (!isContainer(root)) throw new PatchError("invalid JSON document", 400);
  for (const op of ops) {
    const kind = typeof op.op === "string" ? op.op : "unknown";
    switch (kind) {
      case "add": {
        const path = pathOf(op, "add");
        const t = findObject(root, path);
        if (!t) throw new PatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
        add(t.con, t.key, structuredClone(op.value ?? null), path);
        break;
      }
      case "remove": {
        const path = pathOf(op, "remove");
        const t = findObject(root, path);
        if (!t) throw new PatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
        remove(t.con, t.key, path);
        break;
      }
      case "replace": {
        const path = pathOf(op, "replace");
        const t = findObject(root, path);
        if (!t) throw new PatchError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
        if (Array.isArray(t.con)) {
          const idx = atoi(t.key);
          if (idx === undefined || idx < 0 || idx >= t.con.length) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
          t.con[idx] = structuredClone(op.value ?? null);
        } else {
          setOwn(t.con, t.key, structuredClone(op.value ?? null));
        }
        break;
      }
      case "move": {
        const from = fromOf(op, "move");
        const src = findObject(root, from);
        if (!src) throw new PatchError(`move operation does not apply: doc is missing from path: ${from}: missing value`);
        const val = get(src.con, src.key);
        remove(src.con, src.key, src.key, "move");
        const path = pathOf(op, "move");
        const dst = findObject(root, path);
        if (!dst) throw new PatchError(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
        add(dst.con, dst.key, val, path);
        break;
      }
      case "copy": {
        const from = fromOf(op, "copy");
        const src = findObject(root, from);
        if (!src) throw new PatchError(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
        const val = get(src.con, src.key);
        const path = pathOf(op, "copy");
        const dst = findObject(root, path);
        if (!dst) throw new PatchError(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
        add(dst.con, dst.key, structuredClone(val ?? null), path);
        break;
      }
      case "test": {
        const path = pathOf(op, "test");
        const t = findObject(root, path);
        if (!t) throw new PatchError(`test operation does not apply: is missing path: ${path}: missing value`);
        let val: unknown;
        try {
          val = get(t.con, t.key);
        } catch (e) {
          throw new PatchError(`error in test for path: '${path}': ${(e as Error).message}`);
        }
        const hasValue = Object.hasOwn(op, "value");
        if (val === undefined || val === null) {
          if (!hasValue || op.value === null) break;
          throw new PatchError(`testing value ${path} failed: test failed`);
        }
        if (!hasValue || !equal(val, op.value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${kind}`);
    }
  }
  return root as unknown as T;
}
