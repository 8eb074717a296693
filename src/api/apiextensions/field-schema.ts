/**
 * The merge structure (FieldSchema, src/api/meta/field-schema.ts) of a custom resource,
 * from its CRD version's schema, as upstream's server-side apply sees it (the CRD's
 * OpenAPI v3 document through kube-openapi's schemaconv): objects with properties are
 * granular structs unless x-kubernetes-map-type is atomic; additionalProperties make maps
 * (granular unless atomic); lists without x-kubernetes-list-type are atomic, set and map
 * lists keep their type and keys; objects without properties or additionalProperties are
 * free-form maps; x-kubernetes-preserve-unknown-fields makes unknown fields of that node
 * and of everything below it untyped ("any", preserveUnknownFields). The root and
 * embedded resources get apiVersion and kind as scalars and metadata as ObjectMeta.
 * Nodes are built lazily and cached per schema object.
 */
import { ANY_FIELD, type FieldSchema } from "../meta/field-schema.ts";
import { objectMetaFieldSchema } from "./object-meta.ts";
import { itemsOf, type JSONSchemaProps } from "./types.ts";

type Mutable = { -readonly [K in keyof FieldSchema]: FieldSchema[K] };

const SCALAR: FieldSchema = { kind: "scalar", field: () => undefined };
/** Anything, kept as given (below x-kubernetes-preserve-unknown-fields). */
const PRESERVE: FieldSchema = { kind: "any", field: () => PRESERVE, preserveUnknownFields: true };

const roots = new WeakMap<JSONSchemaProps, FieldSchema>();
/** Nodes by schema, without and with an inherited x-kubernetes-preserve-unknown-fields. */
const nodes = [new WeakMap<JSONSchemaProps, FieldSchema>(), new WeakMap<JSONSchemaProps, FieldSchema>()] as const;

/** The FieldSchema of a whole custom resource whose version schema is `schema`. */
export function fieldSchemaFromJsonSchema(schema: JSONSchemaProps): FieldSchema {
  let fs = roots.get(schema);
  if (fs === undefined) {
    fs = build(schema, false, true);
    roots.set(schema, fs);
  }
  return fs;
}

function nodeFor(s: JSONSchemaProps, inheritedPreserve: boolean): FieldSchema {
  const cache = nodes[inheritedPreserve ? 1 : 0];
  let fs = cache.get(s);
  if (fs === undefined) {
    fs = build(s, inheritedPreserve, false);
    cache.set(s, fs);
  }
  return fs;
}

function build(s: JSONSchemaProps, inheritedPreserve: boolean, isRoot: boolean): FieldSchema {
  const preserve = inheritedPreserve || s["x-kubernetes-preserve-unknown-fields"] === true;
  if (s["x-kubernetes-int-or-string"]) return SCALAR;
  switch (s.type ?? "") {
    case "object":
      return objectNode(s, preserve, isRoot);
    case "array":
      return arrayNode(s, preserve);
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return SCALAR;
    case "":
      if (isRoot || s.properties !== undefined || s.items !== undefined || typeof s.additionalProperties === "object") {
        return untypedNode(s, preserve, isRoot);
      }
      return preserve ? PRESERVE : ANY_FIELD;
    default:
      return ANY_FIELD;
  }
}

/** The schema of a named field of an object node; undefined when the field is unknown. */
function fieldLookup(s: JSONSchemaProps, preserve: boolean, resourceMeta: boolean): (name: string) => FieldSchema | undefined {
  const props = s.properties;
  const ap = s.additionalProperties;
  const known = new Map<string, FieldSchema>();
  let unknown: FieldSchema | undefined | null = null;
  return (name) => {
    if (resourceMeta) {
      if (name === "metadata") return objectMetaFieldSchema();
      if (name === "apiVersion" || name === "kind") return SCALAR;
    }
    const hit = known.get(name);
    if (hit !== undefined) return hit;
    if (props !== undefined && Object.prototype.hasOwnProperty.call(props, name)) {
      const fs = nodeFor(props[name]!, preserve);
      known.set(name, fs);
      return fs;
    }
    if (unknown === null) {
      unknown = typeof ap === "object" ? nodeFor(ap, preserve) : ap === true || preserve ? PRESERVE : undefined;
    }
    return unknown;
  };
}

function objectNode(s: JSONSchemaProps, preserve: boolean, isRoot: boolean): FieldSchema {
  const resourceMeta = isRoot || s["x-kubernetes-embedded-resource"] === true;
  const ap = s.additionalProperties;
  const atomic = s["x-kubernetes-map-type"] === "atomic";
  let out: Mutable;
  if (s.properties === undefined && !resourceMeta && (ap === undefined || typeof ap === "object" || ap === true)) {
    // A map: values by additionalProperties, or free-form values when nothing is specified.
    let value: FieldSchema | undefined;
    out = { kind: "map", field: () => (value ??= typeof ap === "object" ? nodeFor(ap, preserve) : PRESERVE) };
    if (preserve || ap === true) out.preserveUnknownFields = true;
  } else {
    out = { kind: "object", field: fieldLookup(s, preserve, resourceMeta) };
    if (preserve || ap === true) out.preserveUnknownFields = true;
  }
  if (atomic) out.mapType = "atomic";
  return out;
}

function arrayNode(s: JSONSchemaProps, preserve: boolean): FieldSchema {
  const items = itemsOf(s);
  const type = s["x-kubernetes-list-type"];
  const out: Mutable = {
    kind: "array",
    field: () => undefined,
    items: items === undefined ? PRESERVE : nodeFor(items, preserve),
    listType: type === "set" || type === "map" ? type : "atomic",
  };
  const keys = s["x-kubernetes-list-map-keys"];
  if (type === "map" && keys !== undefined && keys.length > 0) out.listMapKeys = keys;
  return out;
}

/** No type (x-kubernetes-preserve-unknown-fields or int-or-string): any value, with the fields and items it specifies. */
function untypedNode(s: JSONSchemaProps, preserve: boolean, isRoot: boolean): FieldSchema {
  const items = itemsOf(s);
  const out: Mutable = { kind: "any", field: fieldLookup(s, preserve, isRoot || s["x-kubernetes-embedded-resource"] === true) };
  if (items !== undefined) out.items = nodeFor(items, preserve);
  if (preserve) out.preserveUnknownFields = true;
  return out;
}
