/**
 * The per-node rules apiextensions puts on a CRD version's openAPIV3Schema besides
 * structurality (ValidateCustomResourceDefinitionOpenAPISchema and its
 * specStandardValidatorV3, for a new v1 CRD): known types only, no $ref, id,
 * additionalItems, patternProperties, definitions, dependencies or item lists, no
 * uniqueItems, properties and additionalProperties exclusive, no defaults in the root's
 * metadata/apiVersion/kind or in metadata maps, x-kubernetes-preserve-unknown-fields only
 * true, list and map types on arrays and objects with their keys well formed, set items
 * atomic, map list keys required or defaulted and not nullable, and the shape of
 * x-kubernetes-validations rules. Not checked: CEL compilation and cost of rules, and
 * whether a rule's fieldPath names a field.
 */
import { forbidden, invalid, notSupported, required, type FieldError, type Path } from "../validation/field-error.ts";
import { goBadValue } from "./go-format.ts";
import type { JSONSchemaProps } from "./types.ts";

const OPENAPI_V3_TYPES = ["array", "boolean", "integer", "number", "object", "string"];
const META_FIELDS = new Set(["metadata", "kind", "apiVersion"]);
const VALIDATION_REASONS = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];
const NEWLINE = /[\n\r]+/;

/** What a node inherits from where it sits (specStandardValidatorV3's fields). */
interface Context {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
}

const nonEmpty = (o: object | undefined): boolean => o !== undefined && Object.keys(o).length > 0;

/** The rules' errors for a version's schema at path (…openAPIV3Schema). */
export function validateSchemaRules(schema: JSONSchemaProps, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  node(schema, path, { allowDefaults: true, disallowDefaultsReason: "", insideResourceMeta: false }, true, errs);
  return errs;
}

const forbidDefaults = (ctx: Context, reason: string): Context => ({ ...ctx, allowDefaults: false, disallowDefaultsReason: reason });

/** specStandardValidatorV3.validate. */
function standard(s: JSONSchemaProps, path: Path, ctx: Context, errs: FieldError[]): void {
  if (s.type && !OPENAPI_V3_TYPES.includes(s.type)) errs.push(notSupported(path.child("type"), s.type, OPENAPI_V3_TYPES));
  if (s.default !== undefined && s.default !== null && !ctx.allowDefaults) {
    errs.push(forbidden(path.child("default"), `must not be set${ctx.disallowDefaultsReason ? ` ${ctx.disallowDefaultsReason}` : ""}`));
  }
  if (s.id) errs.push(forbidden(path.child("id"), "id is not supported"));
  if (s.additionalItems !== undefined) errs.push(forbidden(path.child("additionalItems"), "additionalItems is not supported"));
  if (nonEmpty(s.patternProperties)) errs.push(forbidden(path.child("patternProperties"), "patternProperties is not supported"));
  if (nonEmpty(s.definitions)) errs.push(forbidden(path.child("definitions"), "definitions is not supported"));
  if (s.dependencies !== undefined) errs.push(forbidden(path.child("dependencies"), "dependencies is not supported"));
  if (s.$ref !== undefined) errs.push(forbidden(path.child("$ref"), "$ref is not supported"));
  if (s.type === "null") errs.push(forbidden(path.child("type"), "type cannot be set to null, use nullable as an alternative"));
  if (Array.isArray(s.items) && s.items.length > 0) errs.push(forbidden(path.child("items"), "items must be a schema object and not an array"));
  if (ctx.insideResourceMeta && s["x-kubernetes-embedded-resource"]) {
    errs.push(forbidden(path.child("x-kubernetes-embedded-resource"), "must not be used inside of resource meta"));
  }
}

function node(s: JSONSchemaProps | undefined, path: Path, ctx: Context, isRoot: boolean, errs: FieldError[]): void {
  if (s === undefined || s === null || typeof s !== "object") return;
  standard(s, path, ctx, errs);
  if (s.uniqueItems) errs.push(forbidden(path.child("uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));

  const ap = s.additionalProperties;
  if (ap !== undefined) {
    if (nonEmpty(s.properties) && ap !== true) errs.push(forbidden(path.child("additionalProperties"), "additionalProperties and properties are mutual exclusive"));
    const sub = ctx.insideResourceMeta ? forbidDefaults(ctx, "inside additionalProperties applying to object metadata") : ctx;
    if (typeof ap === "object") node(ap, path.child("additionalProperties"), sub, false, errs);
  }
  const props = s.properties;
  if (props !== undefined) {
    for (const k of Object.keys(props)) {
      let sub = ctx;
      if ((isRoot || s["x-kubernetes-embedded-resource"]) && META_FIELDS.has(k)) {
        sub = { ...sub, insideResourceMeta: true };
        if (isRoot) sub = forbidDefaults(sub, `in top-level ${k}`);
      }
      node(props[k], path.child("properties").key(k), sub, false, errs);
    }
  }
  node(s.not, path.child("not"), ctx, false, errs);
  (s.allOf ?? []).forEach((x, i) => node(x, path.child("allOf").index(i), ctx, false, errs));
  (s.oneOf ?? []).forEach((x, i) => node(x, path.child("oneOf").index(i), ctx, false, errs));
  (s.anyOf ?? []).forEach((x, i) => node(x, path.child("anyOf").index(i), ctx, false, errs));
  for (const [k, x] of Object.entries(s.definitions ?? {})) node(x, path.child("definitions").key(k), ctx, false, errs);
  if (Array.isArray(s.items)) s.items.forEach((x, i) => node(x, path.child("items").index(i), ctx, false, errs));
  else node(s.items, path.child("items"), ctx, false, errs);
  for (const [k, x] of Object.entries(s.dependencies ?? {})) if (!Array.isArray(x)) node(x, path.child("dependencies").key(k), ctx, false, errs);

  if (s["x-kubernetes-preserve-unknown-fields"] === false) {
    errs.push(invalid(path.child("x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"));
  }
  extensionRules(s, path, errs);
  validationRules(s, path, errs);
}

function typeMust(s: JSONSchemaProps, path: Path, detail: string, errs: FieldError[]): void {
  if (!s.type) errs.push(required(path.child("type"), detail));
  else errs.push(invalid(path.child("type"), s.type, detail));
}

function extensionRules(s: JSONSchemaProps, path: Path, errs: FieldError[]): void {
  const mapType = s["x-kubernetes-map-type"];
  const listType = s["x-kubernetes-list-type"];
  const keys = s["x-kubernetes-list-map-keys"] ?? [];
  const items = Array.isArray(s.items) ? undefined : s.items;
  if (mapType !== undefined && s.type !== "object") typeMust(s, path, "must be object if x-kubernetes-map-type is specified", errs);
  if (mapType !== undefined && mapType !== "atomic" && mapType !== "granular") {
    errs.push(notSupported(path.child("x-kubernetes-map-type"), mapType, ["atomic", "granular"]));
  }
  if (listType !== undefined && s.type !== "array") typeMust(s, path, "must be array if x-kubernetes-list-type is specified", errs);
  else if (listType === "set" && items !== undefined) {
    const it = items["x-kubernetes-list-type"];
    if (items.type === "array" && it !== undefined && it !== "atomic") {
      errs.push(invalid(path.child("items").child("x-kubernetes-list-type"), it, "must be atomic as item of a list with x-kubernetes-list-type=set"));
    } else if (items.type === "object" && items["x-kubernetes-map-type"] !== "atomic") {
      // Upstream reports the items' list type here, usually absent (null).
      errs.push(invalid(path.child("items").child("x-kubernetes-map-type"), goBadValue(it ?? null), "must be atomic as item of a list with x-kubernetes-list-type=set"));
    }
  }
  if (listType !== undefined && listType !== "atomic" && listType !== "set" && listType !== "map") {
    errs.push(notSupported(path.child("x-kubernetes-list-type"), listType, ["atomic", "set", "map"]));
  }
  if (keys.length > 0) {
    if (listType === undefined) errs.push(required(path.child("x-kubernetes-list-type"), "must be map if x-kubernetes-list-map-keys is non-empty"));
    else if (listType !== "map") errs.push(invalid(path.child("x-kubernetes-list-type"), listType, "must be map if x-kubernetes-list-map-keys is non-empty"));
  }
  if (listType === "map") {
    if (keys.length === 0) errs.push(required(path.child("x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"));
    if (s.items === undefined) errs.push(required(path.child("items"), "must have a schema if x-kubernetes-list-type is map"));
    if (Array.isArray(s.items)) errs.push(invalid(path.child("items"), goBadValue(s.items), "must only have a single schema if x-kubernetes-list-type is map"));
    if (items !== undefined && items.type !== "object") {
      errs.push(invalid(path.child("items").child("type"), items.type ?? "", "must be object if parent array's x-kubernetes-list-type is map"));
    }
    if (items !== undefined && items.type === "object") {
      const seen = new Set<string>();
      for (const k of keys) {
        const prop = items.properties !== undefined && Object.prototype.hasOwnProperty.call(items.properties, k) ? items.properties[k] : undefined;
        if (prop !== undefined) {
          if (prop.type === "array" || prop.type === "object") {
            // Upstream reports the items' type ("object") as the value.
            errs.push(invalid(path.child("items").child("properties").key(k).child("type"), items.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
          }
        } else errs.push(invalid(path.child("x-kubernetes-list-map-keys"), goBadValue(keys), "entries must all be names of item properties"));
        if (seen.has(k)) errs.push(invalid(path.child("x-kubernetes-list-map-keys"), goBadValue(keys), "must not contain duplicate entries"));
        seen.add(k);
      }
    }
  }
  // validateMapListKeysMapSet
  if (items !== undefined && (listType === "set" || listType === "map")) {
    if (items.nullable) errs.push(forbidden(path.child("items").child("nullable"), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
    if (listType === "map") {
      const req = new Set(items.required ?? []);
      for (const k of keys) {
        const prop = items.properties !== undefined && Object.prototype.hasOwnProperty.call(items.properties, k) ? items.properties[k] : undefined;
        if (prop === undefined) continue;
        const p = path.child("items").child("properties").key(k);
        if (!req.has(k) && (prop.default === undefined || prop.default === null)) {
          errs.push(required(p.child("default"), "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"));
        }
        if (prop.nullable) errs.push(forbidden(p.child("nullable"), "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
      }
    }
  }
}

function validationRules(s: JSONSchemaProps, path: Path, errs: FieldError[]): void {
  const rules = s["x-kubernetes-validations"] ?? [];
  rules.forEach((rule, i) => {
    const p = path.child("x-kubernetes-validations").index(i);
    const ruleText = (rule.rule ?? "").trim();
    const message = rule.message ?? "";
    const msg = message.trim();
    if (ruleText === "") errs.push(required(p.child("rule"), "rule is not specified"));
    else if (message !== "" && msg === "") errs.push(invalid(p.child("message"), message, "must be non-empty if specified"));
    else if (NEWLINE.test(msg)) errs.push(invalid(p.child("message"), message, "must not contain line breaks"));
    else if (NEWLINE.test(ruleText) && msg === "") errs.push(required(p.child("message"), "message must be specified if rule contains line breaks"));
    if (rule.messageExpression && rule.messageExpression.trim() === "") {
      errs.push(required(p.child("messageExpression"), "messageExpression must be non-empty if specified"));
    }
    if (rule.reason !== undefined && !VALIDATION_REASONS.includes(rule.reason)) errs.push(notSupported(p.child("reason"), rule.reason, VALIDATION_REASONS));
    const fieldPath = rule.fieldPath ?? "";
    if (fieldPath !== "" && fieldPath.trim() === "") errs.push(invalid(p.child("fieldPath"), fieldPath, "must be non-empty if specified"));
    if (NEWLINE.test(fieldPath)) errs.push(invalid(p.child("fieldPath"), fieldPath, "must not contain line breaks"));
  });
}
