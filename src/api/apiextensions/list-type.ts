/**
 * The uniqueness invariants of x-kubernetes-list-type set and map lists (apiextensions'
 * schema/listtype ValidateListSetsAndMaps): set items must differ, map items must be
 * objects (or null) with different key values. Each repeated item is reported once, at
 * its second appearance: `spec.ports[1]: Duplicate value: {"name":"http"}`. Paths are
 * field paths from the resource root (map values as "[key]").
 */
import { duplicate, invalid, Path, type FieldError } from "../validation/field-error.ts";
import { goBadValue, goJSON } from "./go-format.ts";
import { additionalPropertiesOf, isJsonObject, itemsOf, subtreeHas, type JsonObject, type JSONSchemaProps } from "./types.ts";

const hasListType = (s: JSONSchemaProps): boolean => s["x-kubernetes-list-type"] === "set" || s["x-kubernetes-list-type"] === "map";

/** Set and map list violations in obj (a whole resource, or any object the schema describes). */
export function validateListSetsAndMaps(obj: unknown, schema: JSONSchemaProps, path: Path = Path.root("")): FieldError[] {
  const errs: FieldError[] = [];
  if (isJsonObject(obj)) walkObject(path, schema, obj, errs);
  return errs;
}

function walkObject(path: Path, s: JSONSchemaProps, obj: JsonObject, errs: FieldError[]): void {
  const ap = additionalPropertiesOf(s);
  if (ap !== undefined) for (const k of Object.keys(obj)) walk(path.key(k), ap, obj[k], errs);
  const props = s.properties;
  if (props !== undefined) {
    for (const k of Object.keys(obj)) if (Object.prototype.hasOwnProperty.call(props, k)) walk(path.child(k), props[k]!, obj[k], errs);
  }
}

function walk(path: Path, s: JSONSchemaProps, v: unknown, errs: FieldError[]): void {
  if (v === null || typeof v !== "object" || !subtreeHas(s, hasListType)) return;
  if (Array.isArray(v)) walkArray(path, s, v, errs);
  else if (isJsonObject(v)) walkObject(path, s, v, errs);
}

function walkArray(path: Path, s: JSONSchemaProps, list: unknown[], errs: FieldError[]): void {
  const type = s["x-kubernetes-list-type"];
  if (type === "set") {
    for (const i of repeated(list)) errs.push(duplicate(path.index(i), goBadValue(list[i])));
  } else if (type === "map") {
    errs.push(...listMapErrors(path, s["x-kubernetes-list-map-keys"] ?? [], list));
  }
  const items = itemsOf(s);
  if (items !== undefined) for (let i = 0; i < list.length; i++) walk(path.index(i), items, list[i], errs);
}

/** An absent key (or a null item): equal only to other absent keys. */
const UNSPECIFIED = "\u0000unspecified";

/** Identity of a value as Go's map keys compare it: scalars by type and value, compounds by their JSON. */
function identity(v: unknown): string {
  if (v === UNSPECIFIED) return v;
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return `s${v}`;
    case "number":
    case "bigint":
      return `n${v}`;
    case "boolean":
      return `b${v}`;
    default:
      return `c${goJSON(v)}`;
  }
}

/** Indices of the second appearance of each repeated value. */
function repeated(list: readonly unknown[]): number[] {
  if (list.length <= 1) return [];
  const seen = new Map<string, number>();
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const id = identity(list[i]);
    const times = seen.get(id) ?? 0;
    if (times === 1) out.push(i);
    seen.set(id, times + 1);
  }
  return out;
}

function listMapErrors(path: Path, keys: readonly string[], list: unknown[]): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && !isJsonObject(x)) return [invalid(path.index(i), goBadValue(x), "must be an object for an array of list-type map")];
  }
  if (list.length <= 1) return [];
  if (keys.length === 1) {
    const k = keys[0]!;
    const values = list.map((x) => (x === null || !Object.prototype.hasOwnProperty.call(x, k) ? UNSPECIFIED : (x as JsonObject)[k]));
    return repeated(values).map((i) => duplicate(path.index(i), goBadValue(values[i] === UNSPECIFIED ? {} : { [k]: values[i] })));
  }
  const composite = list.map((x) => {
    const key: JsonObject = {};
    if (x !== null) for (const k of keys) if (Object.prototype.hasOwnProperty.call(x, k)) key[k] = (x as JsonObject)[k];
    return key;
  });
  return repeated(composite).map((i) => duplicate(path.index(i), goBadValue(composite[i])));
}
