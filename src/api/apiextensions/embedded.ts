/**
 * Validation of x-kubernetes-embedded-resource objects inside a custom resource
 * (apiextensions' schema/objectmeta Validate): apiVersion and kind are required non-empty
 * strings (apiVersion a group/version, kind a DNS-1035 label in any case), and metadata is
 * validated as ObjectMeta of a create, with a made-up name when none is given, namespaced
 * when it names a namespace, and names checked as path segments. The resource root itself
 * is not checked here (its type and metadata are validated as for every kind).
 * Metadata that would not decode as ObjectMeta is reported with the decoder's message
 * (common cases only, see objectMetaDecodeError). Also the first error of the metadata
 * coercion (schema/objectmeta Coerce), which default values are checked with.
 */
import type { ObjectMeta } from "../meta/types.ts";
import { isDNS1035Label } from "../names/dns.ts";
import { validatePathSegmentName } from "../names/object-names.ts";
import { invalid, Path, required, type FieldError } from "../validation/field-error.ts";
import { validateObjectMeta } from "../validation/object-meta.ts";
import { goBadValue } from "./go-format.ts";
import { objectMetaDecodeError } from "./object-meta.ts";
import { additionalPropertiesOf, isJsonObject, itemsOf, subtreeHas, type JsonObject, type JSONSchemaProps } from "./types.ts";

const isEmbedded = (s: JSONSchemaProps): boolean => s["x-kubernetes-embedded-resource"] === true;

/** Errors of the embedded resources in obj (a whole resource, or a default value at `path`). */
export function validateEmbeddedResources(obj: unknown, schema: JSONSchemaProps, path: Path = Path.root(""), isResourceRoot = false): FieldError[] {
  const errs: FieldError[] = [];
  walk(path, obj, schema, errs, isResourceRoot);
  return errs;
}

function walk(path: Path, x: unknown, s: JSONSchemaProps | undefined, errs: FieldError[], isRoot = false): void {
  if (s === undefined || x === null || typeof x !== "object" || (!isRoot && !subtreeHas(s, isEmbedded))) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    for (let i = 0; i < x.length; i++) walk(path.index(i), x[i], items, errs);
    return;
  }
  if (!isJsonObject(x)) return;
  if (isRoot || s["x-kubernetes-embedded-resource"]) errs.push(...validateEmbedded(path, x));
  const props = s.properties;
  const hasAdditional = s.additionalProperties !== undefined;
  for (const k of Object.keys(x)) {
    if (props !== undefined && Object.prototype.hasOwnProperty.call(props, k)) walk(path.child(k), x[k], props[k], errs);
    else if (hasAdditional) walk(path.key(k), x[k], additionalPropertiesOf(s), errs);
  }
}

/** schema.ParseGroupVersion's error, if any. */
function groupVersionError(gv: string): string | undefined {
  if (gv === "" || gv === "/") return undefined;
  return gv.split("/").length > 2 ? `unexpected GroupVersion string: ${gv}` : undefined;
}

function validateEmbedded(path: Path, x: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const has = (k: string) => Object.prototype.hasOwnProperty.call(x, k);
  if (!has("apiVersion")) errs.push(required(path.child("apiVersion"), ""));
  if (!has("kind")) errs.push(required(path.child("kind"), ""));
  for (const k of Object.keys(x)) {
    const v = x[k];
    if (k === "apiVersion") {
      const p = path.child(k);
      if (typeof v !== "string") errs.push(invalid(p, goBadValue(v), "must be a string"));
      else if (v === "") errs.push(invalid(p, v, "must not be empty"));
      else {
        const err = groupVersionError(v);
        if (err) errs.push(invalid(p, v, err));
      }
    } else if (k === "kind") {
      const p = path.child(k);
      if (typeof v !== "string") errs.push(invalid(p, goBadValue(v), "must be a string"));
      else if (v === "") errs.push(invalid(p, v, "must not be empty"));
      else {
        const problems = isDNS1035Label(v.toLowerCase());
        if (problems.length > 0) errs.push(invalid(p, v, `may have mixed case, but should otherwise match: ${problems.join(",")}`));
      }
    } else if (k === "metadata") {
      const p = path.child(k);
      const decodeErr = objectMetaDecodeError(v);
      if (decodeErr !== undefined) {
        errs.push(invalid(p, goBadValue(v), decodeErr));
        continue;
      }
      const meta = { ...((v ?? {}) as ObjectMeta) };
      if (!meta.name) meta.name = "fakename";
      errs.push(...validateObjectMeta(meta, { namespaced: !!meta.namespace, nameFn: validatePathSegmentName }, p));
    }
  }
  return errs;
}

/**
 * The first error of upstream's metadata coercion (schema/objectmeta Coerce) in x: an
 * embedded resource's apiVersion or kind that is not a string, or metadata that does not
 * decode as ObjectMeta. Used for default values.
 */
export function coerceError(x: unknown, s: JSONSchemaProps | undefined, path: Path, isRoot = false): FieldError | undefined {
  if (s === undefined) return undefined;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    for (let i = 0; i < x.length; i++) {
      const e = coerceError(x[i], items, path.index(i));
      if (e) return e;
    }
    return undefined;
  }
  if (!isJsonObject(x)) return undefined;
  const embedded = isRoot || s["x-kubernetes-embedded-resource"] === true;
  const props = s.properties;
  const hasAdditional = s.additionalProperties !== undefined;
  for (const k of Object.keys(x)) {
    const v = x[k];
    if (embedded && (k === "apiVersion" || k === "kind") && typeof v !== "string") return invalid(path.child(k), goBadValue(v), "must be a string");
    if (embedded && k === "metadata") {
      const err = objectMetaDecodeError(v);
      if (err !== undefined) return invalid(path.child(k), goBadValue(v), err);
    }
    let e: FieldError | undefined;
    if (props !== undefined && Object.prototype.hasOwnProperty.call(props, k)) e = coerceError(v, props[k], path.child(k));
    else if (hasAdditional) e = coerceError(v, additionalPropertiesOf(s), path.key(k));
    if (e) return e;
  }
  return undefined;
}
