import { ANY_FIELD, type FieldSchema } from "../meta/field-schema.ts";
import { ApplyError } from "./errors.ts";
import { fieldElement, indexElement, keyElement, type PathElement, singleKeyElement, valueElement } from "./path.ts";

/**
 * How structured-merge-diff sees a FieldSchema node: struct (named fields), map, list
 * (atomic | set | map with keys), scalar, or deduced (untyped: maps granular, lists atomic).
 */
export interface TypeInfo {
  kind: "struct" | "map" | "list" | "scalar" | "deduced";
  atomic: boolean;
  listKind?: "atomic" | "set" | "map";
  keys?: readonly string[];
}

const resolved = new WeakMap<FieldSchema, TypeInfo>();

export function resolve(s: FieldSchema): TypeInfo {
  let t = resolved.get(s);
  if (!t) {
    t = resolveUncached(s);
    resolved.set(s, t);
  }
  return t;
}

function resolveUncached(s: FieldSchema): TypeInfo {
  switch (s.kind) {
    case "object":
      return { kind: "struct", atomic: s.mapType === "atomic" };
    case "map":
      return { kind: "map", atomic: s.mapType === "atomic" };
    case "array": {
      const strategy = s.patchStrategy ?? "";
      const merge = strategy.split(",").includes("merge");
      const listKind = s.listType ?? (merge ? (s.patchMergeKey ? "map" : "set") : "atomic");
      const keys = s.listMapKeys ?? (s.patchMergeKey ? [s.patchMergeKey] : []);
      return { kind: "list", atomic: listKind === "atomic", listKind, keys };
    }
    case "scalar":
      return { kind: "scalar", atomic: true };
    default:
      return { kind: "deduced", atomic: false };
  }
}

/** The schema of a named child (unknown fields are untyped). */
export function childSchema(s: FieldSchema, name: string): FieldSchema {
  if (s.kind === "any") return ANY_FIELD;
  return s.field(name) ?? ANY_FIELD;
}

/** Whether `name` is a declared struct field (map entries are not). */
export function isStructField(s: FieldSchema, name: string): boolean {
  return s.kind === "object" && s.field(name) !== undefined;
}

/** The schema below one path element. */
export function schemaBelow(s: FieldSchema, pe: PathElement): FieldSchema {
  if (pe.startsWith("f:")) return childSchema(s, pe.slice(2));
  return s.items ?? ANY_FIELD;
}

export const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Key fields upstream's schemas default, so items that omit them still have a key. */
export const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: "TCP" };

/** The path element of a list item (upstream listItemToPathElement). */
export function itemElement(t: TypeInfo, item: unknown, index: number): PathElement {
  if (t.listKind === "map") {
    const keys = t.keys ?? [];
    if (keys.length === 0) return indexElement(index);
    if (!isObj(item)) throw new ApplyError(`element ${index}: associative list with keys may only contain maps`, 500);
    if (keys.length === 1) {
      const k = keys[0]!;
      const v = Object.hasOwn(item, k) && item[k] !== null ? item[k] : KEY_DEFAULTS[k];
      if (v !== undefined) return singleKeyElement(k, v);
    }
    const fields: Record<string, unknown> = {};
    for (const k of keys) {
      const v = Object.hasOwn(item, k) && item[k] !== null ? item[k] : KEY_DEFAULTS[k];
      if (v === undefined)
        throw new ApplyError(`element ${index}: associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`, 500);
      fields[k] = v;
    }
    return keyElement(fields);
  }
  if (t.listKind === "set") return valueElement(item);
  return indexElement(index);
}

export { fieldElement };
