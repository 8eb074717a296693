/**
 * Validation of a CRD version's openAPIV3Schema as a new apiextensions.k8s.io/v1 CRD's
 * (validateCustomResourceDefinitionValidation, Kubernetes 1.34), at `path`
 * (e.g. spec.versions[0].schema.openAPIV3Schema):
 *
 * - structurality (schema/validation.go ValidateStructural, errors sorted as upstream):
 *   every specified node has a type (unless x-kubernetes-int-or-string or
 *   x-kubernetes-preserve-unknown-fields), arrays have items, the root is an object
 *   without additionalProperties, embedded resources are objects with properties or
 *   preserve-unknown-fields, root metadata restricts at most name and generateName, and
 *   allOf/anyOf/oneOf/not only add value validations to fields the structural part
 *   specifies (no types, defaults, descriptions, nullable or x-kubernetes-* there, except
 *   the int-or-string anyOf patterns), valid patterns;
 * - when structural, the defaults (default-values.ts);
 * - the per-node rules (schema-rules.ts);
 * - if nothing else failed, the fields the structural conversion does not support
 *   (`$schema` is the one the rules above do not already catch).
 *
 * Messages are upstream's, e.g. `…properties[spec].type: Required value: must not be
 * empty for specified object fields`. Left to the caller, which checks them first
 * (src/api/validation/apiextensions.ts): the root fields allowed with a status
 * subresource and `nullable` at the root. Not checked: CEL rule compilation and cost,
 * whether validation rules' fieldPaths exist, the metadata a default inside embedded
 * metadata would produce, and pattern syntax exactly as RE2 (patterns compile as
 * ECMAScript, see regex.ts).
 */
import { errorString, forbidden, invalid, required, type FieldError, type Path } from "../validation/field-error.ts";
import { validateDefaults } from "./default-values.ts";
import { compilePattern } from "./regex.ts";
import { validateSchemaRules } from "./schema-rules.ts";
import type { JSONSchemaProps } from "./types.ts";

type Level = "root" | "item" | "field";

/** All errors of a version's schema, in upstream's order. */
export function validateStructuralSchema(schema: JSONSchemaProps, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const initError = unsupportedField(schema);
  if (initError === undefined) {
    const structural = validateStructural(schema, path);
    errs.push(...(structural.length > 0 ? structural : validateDefaults(schema, path)));
  }
  errs.push(...validateSchemaRules(schema, path));
  if (errs.length === 0 && initError !== undefined) errs.push(invalid(path, "", initError));
  return errs;
}

/** The structurality errors alone (ValidateStructural), sorted by their text. */
export function validateStructural(schema: JSONSchemaProps, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  invariants(schema, "root", path, errs);
  completeness(schema, schema, path, path, errs);
  return errs
    .map((e) => [errorString(e), e] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, e]) => e);
}

// ---- NewStructural's refusals ----

/** Why NewStructural would refuse the schema (the first reason found), if it would. */
function unsupportedField(s: JSONSchemaProps | undefined): string | undefined {
  if (s === undefined || s === null || typeof s !== "object") return undefined;
  if (s.id) return "OpenAPIV3Schema 'id' is not supported";
  if (s.$schema) return "OpenAPIV3Schema 'schema' is not supported";
  if (s.$ref) return "OpenAPIV3Schema '$ref' is not supported";
  if (s.patternProperties !== undefined && Object.keys(s.patternProperties).length > 0) return "OpenAPIV3Schema 'patternProperties' is not supported";
  if (s.dependencies !== undefined && Object.keys(s.dependencies).length > 0) return "OpenAPIV3Schema 'dependencies' is not supported";
  if (s.additionalItems !== undefined) return "OpenAPIV3Schema 'additionalItems' is not supported";
  if (s.definitions !== undefined && Object.keys(s.definitions).length > 0) return "OpenAPIV3Schema 'definitions' is not supported";
  for (const sub of [s.not, ...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
    const e = unsupportedField(sub);
    if (e) return e;
  }
  if (s["x-kubernetes-preserve-unknown-fields"] === false) return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
  if (Array.isArray(s.items) && s.items.length > 0) return "OpenAPIV3Schema 'items' must be a schema, but is an array";
  const items = Array.isArray(s.items) ? undefined : s.items;
  const ap = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
  for (const sub of [items, ...Object.values(s.properties ?? {}), ap]) {
    const e = unsupportedField(sub);
    if (e) return e;
  }
  return undefined;
}

// ---- invariants (validateStructuralInvariants) ----

const itemsOf = (s: JSONSchemaProps): JSONSchemaProps | undefined => (Array.isArray(s.items) ? undefined : s.items);
const propsOf = (s: JSONSchemaProps): Record<string, JSONSchemaProps> | undefined =>
  s.properties !== undefined && Object.keys(s.properties).length > 0 ? s.properties : undefined;
const nonEmptyList = (l: readonly unknown[] | undefined): boolean => l !== undefined && l.length > 0;

/** A value of an unset field in Go (zero, empty, absent). */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "" || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}

/** Whether a clause is exactly `{type: t}` (the int-or-string anyOf entries). */
function onlyType(s: JSONSchemaProps | undefined, t: string): boolean {
  if (s === undefined || s.type !== t) return false;
  for (const [k, v] of Object.entries(s)) if (k !== "type" && !isZero(v)) return false;
  return true;
}

const intOrStringAnyOf = (anyOf: JSONSchemaProps[] | undefined): boolean =>
  anyOf !== undefined && anyOf.length === 2 && onlyType(anyOf[0], "integer") && onlyType(anyOf[1], "string");

function invariants(s: JSONSchemaProps, lvl: Level, path: Path, errs: FieldError[]): void {
  const items = itemsOf(s);
  if (s.type === "array" && items === undefined) errs.push(required(path.child("items"), "must be specified"));
  if (items !== undefined) invariants(items, "item", path.child("items"), errs);
  const props = propsOf(s);
  if (props !== undefined) for (const k of Object.keys(props)) invariants(props[k]!, "field", path.child("properties").key(k), errs);
  const ap = s.additionalProperties;
  if (ap !== undefined) {
    if (lvl === "root") errs.push(forbidden(path.child("additionalProperties"), "must not be used at the root"));
    if (typeof ap === "object") invariants(ap, "field", path.child("additionalProperties"), errs);
  }

  const intOrString = s["x-kubernetes-int-or-string"] === true;
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  const embedded = s["x-kubernetes-embedded-resource"] === true;
  if (intOrString && preserve) errs.push(invalid(path.child("x-kubernetes-preserve-unknown-fields"), true, "must be false if x-kubernetes-int-or-string is true"));
  if (intOrString && embedded) errs.push(invalid(path.child("x-kubernetes-embedded-resource"), true, "must be false if x-kubernetes-int-or-string is true"));

  const skipAnyOf = intOrStringAnyOf(s.anyOf);
  const skipFirstAllOfAnyOf = s.allOf !== undefined && s.allOf.length >= 1 && intOrStringAnyOf(s.allOf[0]!.anyOf);
  valueValidation(s, skipAnyOf, skipFirstAllOfAnyOf, lvl, path, errs);

  const checkMetadata = lvl === "root" || embedded;
  if (embedded && s.type !== "object") {
    if (!s.type) errs.push(required(path.child("type"), "must be object if x-kubernetes-embedded-resource is true"));
    else errs.push(invalid(path.child("type"), s.type, "must be object if x-kubernetes-embedded-resource is true"));
  } else if (!s.type && !intOrString && !preserve) {
    const where = lvl === "root" ? "at the root" : lvl === "item" ? "for specified array items" : "for specified object fields";
    errs.push(required(path.child("type"), `must not be empty ${where}`));
  }
  if (embedded && ap !== undefined) errs.push(forbidden(path.child("additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set"));
  if (lvl === "root" && s.type && s.type !== "object") errs.push(invalid(path.child("type"), s.type, "must be object at the root"));

  for (const k of ["kind", "apiVersion"]) {
    const p = props?.[k];
    if (p !== undefined && checkMetadata && p.type !== "string") errs.push(invalid(path.child("properties").key(k).child("type"), p.type ?? "", "must be string"));
  }
  const metadata = props?.["metadata"];
  if (metadata !== undefined) metadataInvariants(metadata, checkMetadata, lvl, path.child("properties").key("metadata"), errs);
  if (embedded && !preserve && props === undefined) {
    errs.push(required(path.child("properties"), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
  }
}

/** What metadata's schema may hold at the root: type object and properties name and/or generateName. */
const METADATA_IGNORED = new Set(["type", "default", "properties", "example", "externalDocs"]);

function metadataInvariants(s: JSONSchemaProps, checkMetadata: boolean, lvl: Level, path: Path, errs: FieldError[]): void {
  if (checkMetadata && s.type !== "object") errs.push(invalid(path.child("type"), s.type ?? "", "must be object"));
  if (lvl !== "root") return;
  const names = Object.keys(propsOf(s) ?? {});
  const onlyNames = names.every((n) => n === "name" || n === "generateName");
  let extra = !onlyNames;
  for (const [k, v] of Object.entries(s)) if (!METADATA_IGNORED.has(k) && (!isZero(v) || (k === "additionalProperties" && v !== undefined))) extra = true;
  if (extra) errs.push(forbidden(path, "must not specify anything other than name and generateName, but metadata is implicitly specified"));
}

/** validateValueValidation: the junctors' clauses, and the pattern. */
function valueValidation(v: JSONSchemaProps, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, lvl: Level, path: Path, errs: FieldError[]): void {
  if (!skipAnyOf) (v.anyOf ?? []).forEach((x, i) => nested(x, false, lvl, path.child("anyOf").index(i), errs));
  (v.allOf ?? []).forEach((x, i) => nested(x, skipFirstAllOfAnyOf && i === 0, lvl, path.child("allOf").index(i), errs));
  (v.oneOf ?? []).forEach((x, i) => nested(x, false, lvl, path.child("oneOf").index(i), errs));
  if (v.not !== undefined) nested(v.not, false, lvl, path.child("not"), errs);
  if (v.pattern) {
    const re = compilePattern(v.pattern);
    if (!(re instanceof RegExp)) errs.push(invalid(path.child("pattern"), v.pattern, `must be a valid regular expression, but isn't: ${re.error}`));
  }
}

/** validateNestedValueValidation: a clause may only hold value validations. */
function nested(v: JSONSchemaProps, skipAnyOf: boolean, lvl: Level, path: Path, errs: FieldError[]): void {
  const skipAllOfAnyOf = false;
  valueValidation(v, skipAnyOf, skipAllOfAnyOf, lvl, path, errs);
  const items = itemsOf(v);
  if (items !== undefined) nested(items, false, lvl, path.child("items"), errs);
  const props = v.properties ?? {};
  for (const k of Object.keys(props)) nested(props[k]!, false, "field", path.child("properties").key(k), errs);
  const f = (name: string, detail: string) => errs.push(forbidden(path.child(name), detail));
  if (v.type) f("type", "must be empty to be structural");
  if (typeof v.additionalProperties === "object" || v.additionalProperties === true) f("additionalProperties", "must be undefined to be structural");
  if (v.default !== undefined && v.default !== null) f("default", "must be undefined to be structural");
  if (v.title) f("title", "must be empty to be structural");
  if (v.description) f("description", "must be empty to be structural");
  if (v.nullable) f("nullable", "must be false to be structural");
  if (v["x-kubernetes-preserve-unknown-fields"]) f("x-kubernetes-preserve-unknown-fields", "must be false to be structural");
  if (v["x-kubernetes-embedded-resource"]) f("x-kubernetes-embedded-resource", "must be false to be structural");
  if (v["x-kubernetes-int-or-string"]) f("x-kubernetes-int-or-string", "must be false to be structural");
  if (nonEmptyList(v["x-kubernetes-list-map-keys"])) f("x-kubernetes-list-map-keys", "must be empty to be structural");
  if (v["x-kubernetes-list-type"] !== undefined) f("x-kubernetes-list-type", "must be undefined to be structural");
  if (v["x-kubernetes-map-type"] !== undefined) f("x-kubernetes-map-type", "must be undefined to be structural");
  if (nonEmptyList(v["x-kubernetes-validations"])) f("x-kubernetes-validations", "must be empty to be structural");
  if (Object.prototype.hasOwnProperty.call(props, "metadata")) {
    errs.push(forbidden(path.child("properties").key("metadata"), "must not be specified in a nested context"));
  }
}

// ---- completeness (validateStructuralCompleteness) ----

/** Every field a clause validates must be specified structurally at the same place. */
function completeness(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: Path, vPath: Path, errs: FieldError[]): void {
  if (s === undefined) {
    errs.push(required(sPath, `because it is defined in ${vPath.toString()}`));
    return;
  }
  if (v.not !== undefined) nestedCompleteness(v.not, s, sPath, vPath.child("not"), errs);
  (v.allOf ?? []).forEach((x, i) => nestedCompleteness(x, s, sPath, vPath.child("allOf").index(i), errs));
  (v.anyOf ?? []).forEach((x, i) => nestedCompleteness(x, s, sPath, vPath.child("anyOf").index(i), errs));
  (v.oneOf ?? []).forEach((x, i) => nestedCompleteness(x, s, sPath, vPath.child("oneOf").index(i), errs));
}

function nestedCompleteness(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: Path, vPath: Path, errs: FieldError[]): void {
  if (s === undefined) {
    errs.push(required(sPath, `because it is defined in ${vPath.toString()}`));
    return;
  }
  completeness(v, s, sPath, vPath, errs);
  const vItems = itemsOf(v);
  if (vItems !== undefined) nestedCompleteness(vItems, itemsOf(s), sPath.child("items"), vPath.child("items"), errs);
  const sProps = s.properties ?? {};
  for (const [k, vField] of Object.entries(v.properties ?? {})) {
    const sp = sPath.child("properties").key(k);
    const vp = vPath.child("properties").key(k);
    if (!Object.prototype.hasOwnProperty.call(sProps, k)) errs.push(required(sp, `because it is defined in ${vp.toString()}`));
    else nestedCompleteness(vField, sProps[k], sp, vp, errs);
  }
}
