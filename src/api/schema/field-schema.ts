/**
 * Adapts declared schemas to the FieldSchema contract (src/api/meta/field-schema.ts)
 * that strategic merge patch, server-side apply and strict field validation read.
 * Adapters are built lazily, one per schema use, and cached.
 */
import { ANY_FIELD, type FieldSchema } from "../meta/field-schema.ts";
import { schemaForKind } from "../types/registry.ts";
import { resolveNode, type Schema } from "./dsl.ts";

const cache = new WeakMap<Schema, FieldSchema>();
const SCALAR: FieldSchema = { kind: "scalar", field: () => undefined };
/** Free-form JSON (RawExtension, FieldsV1): any field is kept as given. */
const PRESERVE: FieldSchema = { kind: "any", field: () => PRESERVE, preserveUnknownFields: true };

/** The FieldSchema of one declared schema (a field's schema, or a kind's). */
export function fieldSchemaOf(schema: Schema): FieldSchema {
  const hit = cache.get(schema);
  if (hit) return hit;
  const built = build(schema);
  cache.set(schema, built);
  return built;
}

/**
 * The FieldSchema of a top-level kind ("v1", "Pod"), including metadata. Unknown kinds
 * get ANY_FIELD: everything allowed, nothing merged specially (as for unstructured data).
 */
export function fieldSchemaFor(apiVersion: string, kind: string): FieldSchema {
  const schema = schemaForKind(apiVersion, kind);
  return schema ? fieldSchemaOf(schema) : ANY_FIELD;
}

/** Whether a kind has a declared schema (false means fieldSchemaFor answers ANY_FIELD). */
export function hasFieldSchema(apiVersion: string, kind: string): boolean {
  return schemaForKind(apiVersion, kind) !== undefined;
}

function build(schema: Schema): FieldSchema {
  const node = resolveNode(schema);
  const meta = schema.meta;
  let out: { -readonly [K in keyof FieldSchema]: FieldSchema[K] };
  switch (node.type) {
    case "object": {
      const props = node.properties;
      const fields = new Map<string, FieldSchema>();
      out = {
        kind: "object",
        field(name: string): FieldSchema | undefined {
          const known = fields.get(name);
          if (known) return known;
          if (!Object.hasOwn(props, name)) return undefined;
          const f = fieldSchemaOf(props[name]!);
          fields.set(name, f);
          return f;
        },
      };
      if (node.mapType) out.mapType = node.mapType;
      break;
    }
    case "map": {
      let value: FieldSchema | undefined;
      const values = node.values;
      out = { kind: "map", field: () => (value ??= fieldSchemaOf(values)) };
      if (meta.mapType) out.mapType = meta.mapType;
      break;
    }
    case "array": {
      out = { kind: "array", field: () => undefined, items: fieldSchemaOf(node.items) };
      if (meta.listType) out.listType = meta.listType;
      if (meta.listMapKeys) out.listMapKeys = meta.listMapKeys;
      break;
    }
    case "any":
      return PRESERVE;
    default:
      if (!meta.patchStrategy && !meta.patchMergeKey) return SCALAR;
      out = { kind: "scalar", field: () => undefined };
  }
  if (meta.patchStrategy) out.patchStrategy = meta.patchStrategy;
  if (meta.patchMergeKey) out.patchMergeKey = meta.patchMergeKey;
  return out;
}
