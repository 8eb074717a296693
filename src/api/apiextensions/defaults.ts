/**
 * Structural defaulting of custom resources (apiextensions' schema/defaulting Default):
 * absent properties that have a `default` get a deep copy of it, and so do nulls where the
 * schema is not nullable (properties, map values, array items); defaulting recurses
 * through properties, additionalProperties and items. Then the nulls that remain where
 * they are not allowed are dropped (PruneNonNullableNullsWithoutDefaults). Only the
 * structural part of the schema is read: allOf/anyOf/oneOf/not never default anything.
 */
import { pruneNonNullableNulls } from "./nulls.ts";
import { setOwn } from "../../util/own-keys.ts";
import { additionalPropertiesOf, deepCopyJSON, defaultOf, itemsOf, type JSONSchemaProps } from "./types.ts";

/** Whether x is a null the schema does not allow. */
const nonNullableNull = (x: unknown, s: JSONSchemaProps | undefined): boolean => x === null && s !== undefined && !s.nullable;

/** Applies schema defaults to obj in place and returns it. */
export function applySchemaDefaults<T>(obj: T, schema: JSONSchemaProps): T {
  defaultValue(obj, schema);
  pruneNonNullableNulls(obj, schema);
  return obj;
}

function defaultValue(x: unknown, s: JSONSchemaProps | undefined): void {
  if (s === undefined || x === null || typeof x !== "object") return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    for (let i = 0; i < x.length; i++) {
      if (nonNullableNull(x[i], items)) x[i] = deepCopyJSON(defaultOf(items) ?? null);
      defaultValue(x[i], items);
    }
    return;
  }
  const o = x as Record<string, unknown>;
  const props = s.properties;
  if (props !== undefined) {
    for (const k of Object.keys(props)) {
      const prop = props[k]!;
      const def = defaultOf(prop);
      if (def === undefined) continue;
      if (!Object.prototype.hasOwnProperty.call(o, k) || nonNullableNull(o[k], prop)) setOwn(o, k, deepCopyJSON(def));
    }
  }
  const additional = additionalPropertiesOf(s);
  for (const k of Object.keys(o)) {
    if (props !== undefined && Object.prototype.hasOwnProperty.call(props, k)) defaultValue(o[k], props[k]);
    else if (additional !== undefined) {
      if (nonNullableNull(o[k], additional)) o[k] = deepCopyJSON(defaultOf(additional) ?? null);
      defaultValue(o[k], additional);
    }
  }
}
