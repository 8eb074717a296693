/**
 * The check that a CRD version's defaults are valid (apiextensions' schema/defaulting
 * ValidateDefaults, for a new CRD: defaults must be pruned). Each default, outside
 * metadata, must survive pruning unchanged ("must not have unknown fields"), coerce as
 * metadata where it holds embedded resources, validate as embedded resources, then
 * validate against its own schema node (as ToKubeOpenAPI gives it: no int-or-string type,
 * formats kept), with errors below `<node>.default`. Defaults inside the metadata,
 * apiVersion or kind of embedded resources are validated against their schema only
 * (upstream also validates the metadata of the resource they would produce).
 * additionalProperties are not followed (defaults there are rejected elsewhere).
 */
import { invalid, type FieldError, type Path } from "../validation/field-error.ts";
import { coerceError, validateEmbeddedResources } from "./embedded.ts";
import { goBadValue } from "./go-format.ts";
import { pruneValue } from "./prune.ts";
import { validateWithSchema } from "./schema-validator.ts";
import { deepCopyJSON, itemsOf, type JSONSchemaProps } from "./types.ts";

const META_FIELDS = new Set(["apiVersion", "kind", "metadata"]);

/** Errors of the defaults in a version's schema at path (…openAPIV3Schema). */
export function validateDefaults(schema: JSONSchemaProps, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  walk(schema, path, false, true, errs);
  return errs;
}

function walk(s: JSONSchemaProps, path: Path, insideMeta: boolean, isRoot: boolean, errs: FieldError[]): void {
  const embedded = isRoot || s["x-kubernetes-embedded-resource"] === true;
  if (embedded) insideMeta = false;
  const def = s.default;
  if (def !== undefined && def !== null) {
    const at = path.child("default");
    if (insideMeta) errs.push(...validateWithSchema(def, s, at.toString(), "structural"));
    else {
      if (pruneValue(deepCopyJSON(def), s, embedded)) errs.push(invalid(at, goBadValue(def), "must not have unknown fields"));
      const coerce = coerceError(def, s, at, embedded);
      if (coerce !== undefined) errs.push(coerce);
      else {
        const meta = validateEmbeddedResources(def, s, at, embedded);
        errs.push(...(meta.length > 0 ? meta : validateWithSchema(def, s, at.toString(), "structural")));
      }
    }
  }
  const items = itemsOf(s);
  if (items !== undefined) walk(items, path.child("items"), insideMeta, false, errs);
  const props = s.properties;
  if (props !== undefined) {
    for (const k of Object.keys(props)) walk(props[k]!, path.child("properties").key(k), insideMeta || (embedded && META_FIELDS.has(k)), false, errs);
  }
}
