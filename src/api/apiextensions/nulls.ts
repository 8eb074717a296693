/**
 * Removal of nulls the schema does not allow (apiextensions' defaulting
 * PruneNonNullableNullsWithoutDefaults): a null object field or map value whose schema is
 * not nullable and has no default is dropped. Nulls with a default are left for defaulting
 * to replace; nulls in arrays are kept (validation reports them).
 */
import { additionalPropertiesOf, defaultOf, isJsonObject, itemsOf, type JsonObject, type JSONSchemaProps } from "./types.ts";

/** The schema of a field: its property schema, else the additionalProperties schema. */
function fieldSchema(s: JSONSchemaProps | undefined, k: string): JSONSchemaProps | undefined {
  if (s === undefined) return undefined;
  const props = s.properties;
  if (props !== undefined && Object.prototype.hasOwnProperty.call(props, k)) return props[k];
  return additionalPropertiesOf(s);
}

/** Drops non-nullable nulls without a default, in place. */
export function pruneNonNullableNulls(x: unknown, s: JSONSchemaProps | undefined): void {
  if (Array.isArray(x)) {
    const items = s === undefined ? undefined : itemsOf(s);
    for (const v of x) if (v !== null && typeof v === "object") pruneNonNullableNulls(v, items);
    return;
  }
  if (!isJsonObject(x)) return;
  for (const k of Object.keys(x)) {
    const v = (x as JsonObject)[k];
    const sub = fieldSchema(s, k);
    if (v === null) {
      if (sub !== undefined && !sub.nullable && defaultOf(sub) === undefined) delete x[k];
    } else if (typeof v === "object") pruneNonNullableNulls(v, sub);
  }
}
