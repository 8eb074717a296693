/**
 * Value validation against a CRD schema as kube-openapi's validate.SchemaValidator does it
 * for apiextensions (the 1.34 pin), converted to field errors as ValidateCustomResource
 * converts them. Kept from upstream because users see it: which checks run for which JSON
 * type and in what order, that a string reports only its first failing check, that null
 * is checked only for type and enum, that anyOf/oneOf report the errors of the branch
 * with the most passed checks (upstream's MatchCount), that identical messages are
 * reported once, that integer values are compared with integer-truncated bounds
 * ("should be less than or equal to 2" for maximum 2.5), Go's enum conversions
 * (65 matches "A", 1.5 matches 1), the messages ("spec.replicas in body must be of type
 * integer: \"string\""), and the field paths (composite anyOf/allOf/oneOf/not errors on
 * the validator's root path, "<nil>" for a whole resource).
 *
 * Updates are ratcheted (CRDValidationRatcheting, GA in 1.33): a node whose value equals
 * its correlated old value keeps no errors, so a schema made stricter does not refuse
 * updates that leave an old invalid value alone. Values correlate through object
 * properties, map keys and the items of map-type lists (same keys) and set-type lists
 * (same value); atomic lists' items and everything below allOf/anyOf/oneOf/not have no old
 * value, so they are checked in full (upstream keeps kube-openapi's plain validators
 * there). Upstream validates an unchanged node and keeps its errors as warnings nobody
 * reads; skipping it answers the same.
 *
 * Compiled nodes are cached per schema object. x-kubernetes-validations (CEL) are not
 * evaluated here.
 */
import { goQuote, type FieldError } from "../validation/field-error.ts";
import { effectiveFormat, isKnownFormat, matchesFormat } from "./formats.ts";
import { goBadValue, goFloat, goJSON, jsonEqual, jsonTypeOf, type JsonType } from "./go-format.ts";
import { compilePattern, type CompiledPattern } from "./regex.ts";
import { itemsOf, type JsonObject, type JSONSchemaProps } from "./types.ts";

type Code =
  | "type"
  | "required"
  | "enum"
  | "tooLong"
  | "tooShort"
  | "pattern"
  | "multipleOf"
  | "multipleOfPositive"
  | "max"
  | "min"
  | "unique"
  | "maxItems"
  | "minItems"
  | "minProperties"
  | "maxProperties"
  | "unallowed"
  | "composite";

/** One kube-openapi error: its code, the path it names (Validation.Name), message, value and limit. */
interface KubeError {
  code: Code;
  name: string;
  message: string;
  value?: unknown;
  valid?: number;
  values?: readonly unknown[];
}

const NO_ERRORS: readonly KubeError[] = [];

/** validate.Result: errors kept unique by message, and the count of checks that ran. */
class Result {
  errors: readonly KubeError[] = NO_ERRORS;
  matchCount = 0;
  add(e: KubeError): void {
    for (const x of this.errors) if (x.message === e.message) return;
    if (this.errors === NO_ERRORS) this.errors = [e];
    else (this.errors as KubeError[]).push(e);
  }
  merge(r: Result | undefined): void {
    if (r === undefined) return;
    for (const e of r.errors) this.add(e);
    this.matchCount += r.matchCount;
  }
  get valid(): boolean {
    return this.errors.length === 0;
  }
}

/** A schema node prepared for validation. */
interface Node {
  types: readonly string[];
  nullable: boolean;
  format: string;
  formatKnown: boolean;
  enum: readonly unknown[] | undefined;
  allOf: readonly Node[];
  anyOf: readonly Node[];
  oneOf: readonly Node[];
  not: Node | undefined;
  /** Whether any of allOf, anyOf, oneOf, not is given. */
  junctors: boolean;
  properties: ReadonlyMap<string, Node> | undefined;
  /** additionalProperties: a schema, false (forbidden) or undefined (absent or true). */
  additional: Node | false | undefined;
  items: Node | undefined;
  required: readonly string[] | undefined;
  maxLength: number | undefined;
  minLength: number | undefined;
  pattern: string | undefined;
  compiled: CompiledPattern | undefined;
  maximum: number | undefined;
  exclusiveMaximum: boolean;
  minimum: number | undefined;
  exclusiveMinimum: boolean;
  multipleOf: number | undefined;
  maxItems: number | undefined;
  minItems: number | undefined;
  uniqueItems: boolean;
  maxProperties: number | undefined;
  minProperties: number | undefined;
  /** x-kubernetes-list-type "map" or "set": how the items correlate with the old list's. */
  listType: "map" | "set" | undefined;
  mapKeys: readonly string[];
}

/** The old value a node is compared with on updates (absent: none correlates). */
export interface OldValue {
  value: unknown;
}

/**
 * How the schema becomes a kube-openapi schema: "resource" as for custom resources
 * (ConvertJSONSchemaProps: x-kubernetes-int-or-string is type integer or string,
 * unsupported formats dropped), "structural" as for default values (ToKubeOpenAPI:
 * neither).
 */
export type SchemaMode = "resource" | "structural";

const nodes = { resource: new WeakMap<JSONSchemaProps, Node>(), structural: new WeakMap<JSONSchemaProps, Node>() };

function nodeOf(s: JSONSchemaProps, mode: SchemaMode): Node {
  const cache = nodes[mode];
  let n = cache.get(s);
  if (n === undefined) {
    n = compileNode(s, mode);
    cache.set(s, n);
  }
  return n;
}

function compileNode(s: JSONSchemaProps, mode: SchemaMode): Node {
  const types = mode === "resource" && s["x-kubernetes-int-or-string"] ? ["integer", "string"] : s.type ? [s.type] : [];
  const format = mode === "resource" ? effectiveFormat(s.format, types) : (s.format ?? "");
  const sub = (x: JSONSchemaProps) => nodeOf(x, mode);
  const props = s.properties;
  const ap = s.additionalProperties;
  const items = itemsOf(s);
  const n: Node = {
    types,
    nullable: s.nullable === true,
    format,
    formatKnown: format !== "" && isKnownFormat(format),
    enum: s.enum !== undefined && s.enum.length > 0 ? s.enum : undefined,
    allOf: (s.allOf ?? []).map(sub),
    anyOf: (s.anyOf ?? []).map(sub),
    oneOf: (s.oneOf ?? []).map(sub),
    not: s.not === undefined ? undefined : sub(s.not),
    junctors: (s.allOf?.length ?? 0) + (s.anyOf?.length ?? 0) + (s.oneOf?.length ?? 0) > 0 || s.not !== undefined,
    properties: props === undefined ? undefined : new Map(Object.keys(props).map((k) => [k, sub(props[k]!)])),
    additional: ap === false ? false : ap === undefined || ap === true ? undefined : sub(ap),
    items: items === undefined ? undefined : sub(items),
    required: s.required !== undefined && s.required.length > 0 ? s.required : undefined,
    maxLength: s.maxLength,
    minLength: s.minLength,
    pattern: s.pattern || undefined,
    compiled: s.pattern ? compilePattern(s.pattern) : undefined,
    maximum: s.maximum,
    exclusiveMaximum: s.exclusiveMaximum === true,
    minimum: s.minimum,
    exclusiveMinimum: s.exclusiveMinimum === true,
    multipleOf: s.multipleOf,
    maxItems: s.maxItems,
    minItems: s.minItems,
    uniqueItems: s.uniqueItems === true,
    maxProperties: s.maxProperties,
    minProperties: s.minProperties,
    listType: s["x-kubernetes-list-type"] === "map" || s["x-kubernetes-list-type"] === "set" ? s["x-kubernetes-list-type"] : undefined,
    mapKeys: s["x-kubernetes-list-map-keys"] ?? [],
  };
  return n;
}

/**
 * Validates value against schema. fldPath is the field.Path the validator runs at (e.g.
 * "status" for the status subresource, "…default" for default values); undefined for a
 * whole resource, as upstream's nil path ("<nil>" on errors that name no field). `old`
 * (updates): the stored value, for ratcheting.
 */
export function validateWithSchema(value: unknown, schema: JSONSchemaProps, fldPath?: string, mode: SchemaMode = "resource", old?: OldValue): FieldError[] {
  const r = validate(nodeOf(schema, mode), value, "", old);
  if (r.valid) return [];
  return r.errors.map((e) => toFieldError(e, fldPath));
}

// ---- the validator (validate.SchemaValidator.Validate) ----
// Each check adds its errors and its share of the match count straight into the node's
// Result, which is what merging a separate Result per check would give.

function validate(n: Node, data: unknown, path: string, old?: OldValue): Result {
  // ratcheting: an unchanged value keeps no errors (no checks, no match count: junctors pass no old value)
  if (old !== undefined && jsonEqual(old.value, data)) return new Result();
  const r = new Result();
  if (data === null || data === undefined) {
    checkType(n, null, "null", path, r);
    checkEnum(n, null, path, r);
    return r;
  }
  const t = jsonTypeOf(data);
  if (n.types.length > 0 || n.format !== "") {
    checkType(n, data, t, path, r);
    r.matchCount++;
  }
  if (n.junctors) checkSchemaProps(n, data, path, r);
  else r.matchCount++;
  r.matchCount++;
  if (t === "string") {
    checkString(n, data as string, path, r);
    r.matchCount++;
    if (n.formatKnown) {
      if (!matchesFormat(n.format, data as string)) r.add(typeError(path, n.format, data as string));
      r.matchCount++;
    }
  } else if (t === "integer" || t === "number") {
    checkNumber(n, Number(data), t === "integer", path, r);
    r.matchCount++;
  } else if (t === "array") {
    checkSlice(n, data as unknown[], path, r, old);
    r.matchCount++;
  }
  checkEnum(n, data, path, r);
  r.matchCount++;
  if (t === "object") {
    checkObject(n, data as JsonObject, path, r, old);
    r.matchCount++;
  }
  r.matchCount++;
  return r;
}

const typeError = (path: string, typeName: string, value: string): KubeError => ({
  code: "type",
  name: path,
  message: `${path} in body must be of type ${typeName}: ${goQuote(value)}`,
  value,
});

/** swag.IsFloat64AJSONInteger: integral (or within 1e-9 relative error) and within ±(2^53-1). */
function isJSONInteger(f: number): boolean {
  if (!Number.isFinite(f) || f < -(2 ** 53) + 1 || f > 2 ** 53 - 1) return false;
  if (Number.isInteger(f)) return true;
  if (f < 0) return false;
  const g = Math.trunc(f);
  const diff = Math.abs(f - g);
  if (g === 0) return diff < 1e-9 * Number.MIN_VALUE;
  return diff / Math.min(f + g, Number.MAX_VALUE) < 1e-9;
}

function checkType(n: Node, data: unknown, t: JsonType, path: string, r: Result): void {
  const types = n.types;
  if (t === "null") {
    if (types.length > 0 && !types.includes("null") && !n.nullable) r.add(typeError(path, types.join(","), "null"));
    else r.matchCount++;
    return;
  }
  const format = t === "integer" ? "int64" : t === "number" ? "double" : "";
  const isFloatInt = t === "number" && types.includes("integer") && isJSONInteger(data as number);
  const isIntFloat = t === "integer" && types.includes("number");
  if (t !== "string" && t !== "array" && n.format !== "" && !(types.includes(t) || format === n.format || isFloatInt || isIntFloat)) {
    r.add(typeError(path, n.format, format));
  } else if (!(types.includes("number") || types.includes("integer")) && n.format !== "" && (t === "string" || t === "array")) {
    r.matchCount++;
  } else if (!(types.includes(t) || isFloatInt || isIntFloat)) {
    r.add(typeError(path, types.join(","), t));
  } else r.matchCount++;
}

function checkSchemaProps(n: Node, data: unknown, path: string, main: Result): void {
  if (n.anyOf.length > 0) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let succeeded = false;
    for (const sub of n.anyOf) {
      const r = validate(sub, data, path);
      if (r.valid) {
        best = undefined;
        succeeded = true;
        firstSuccess ??= r;
        break;
      }
      if (best === undefined || r.matchCount > best.matchCount) best = r;
    }
    if (!succeeded) main.add({ code: "composite", name: "", message: `${goQuote(path)} must validate at least one schema (anyOf)` });
    main.merge(best ?? firstSuccess);
  }
  if (n.oneOf.length > 0) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let validated = 0;
    for (const sub of n.oneOf) {
      const r = validate(sub, data, path);
      if (r.valid) {
        validated++;
        best = undefined;
        firstSuccess ??= r;
        continue;
      }
      if (validated === 0 && (best === undefined || r.matchCount > best.matchCount)) best = r;
    }
    if (validated !== 1) {
      const more = validated === 0 ? "Found none valid" : `Found ${validated} valid alternatives`;
      main.add({ code: "composite", name: "", message: `${goQuote(path)} must validate one and only one schema (oneOf). ${more}` });
      main.merge(best);
    } else main.merge(firstSuccess);
  }
  if (n.allOf.length > 0) {
    let validated = 0;
    for (const sub of n.allOf) {
      const r = validate(sub, data, path);
      if (r.valid) validated++;
      main.merge(r);
    }
    if (validated !== n.allOf.length) {
      main.add({ code: "composite", name: "", message: `${goQuote(path)} must validate all the schemas (allOf)${validated === 0 ? ". None validated" : ""}` });
    }
  }
  if (n.not !== undefined && validate(n.not, data, path).valid) {
    main.add({ code: "composite", name: "", message: `${goQuote(path)} must not validate the schema (not)` });
  }
  main.matchCount++;
}

/** Characters as Go counts them (runes). */
function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** Only the first failing string check is reported. */
function checkString(n: Node, data: string, path: string, r: Result): void {
  if (n.maxLength !== undefined && runeCount(data) > n.maxLength) {
    r.add({ code: "tooLong", name: path, message: `${path} in body should be at most ${n.maxLength} chars long`, value: data, valid: n.maxLength });
  } else if (n.minLength !== undefined && runeCount(data) < n.minLength) {
    r.add({ code: "tooShort", name: path, message: `${path} in body should be at least ${n.minLength} chars long`, value: data, valid: n.minLength });
  } else if (n.pattern !== undefined) {
    const re = n.compiled!;
    if (!(re instanceof RegExp)) {
      r.add({ code: "pattern", name: path, message: `${path} in body should match '${n.pattern}, but pattern is invalid: ${re.error}'`, value: data });
    } else if (!re.test(data)) r.add({ code: "pattern", name: path, message: `${path} in body should match '${n.pattern}'`, value: data });
  }
}

const bound = (v: number, isInt: boolean): string => (isInt ? String(Math.trunc(v)) : goFloat(v));

function checkNumber(n: Node, data: number, isInt: boolean, path: string, res: Result): void {
  if (n.multipleOf !== undefined) {
    const factor = isInt ? Math.trunc(n.multipleOf) : n.multipleOf;
    if (factor <= 0) {
      res.add({ code: "multipleOfPositive", name: path, message: `factor MultipleOf declared for ${path} must be positive: ${bound(factor, isInt)}`, value: factor });
    } else {
      const ok = isInt ? data % factor === 0 : isJSONInteger(factor < 1 ? (1 / factor) * data : data / factor);
      if (!ok) res.add({ code: "multipleOf", name: path, message: `${path} in body should be a multiple of ${bound(factor, isInt)}`, value: data });
    }
  }
  if (n.minimum !== undefined) {
    const min = isInt ? Math.trunc(n.minimum) : n.minimum;
    if (n.exclusiveMinimum ? data <= min : data < min) {
      res.add({ code: "min", name: path, message: `${path} in body should be greater than ${n.exclusiveMinimum ? "" : "or equal to "}${bound(min, isInt)}`, value: data });
    }
  }
  if (n.maximum !== undefined) {
    const max = isInt ? Math.trunc(n.maximum) : n.maximum;
    if (n.exclusiveMaximum ? data >= max : data > max) {
      res.add({ code: "max", name: path, message: `${path} in body should be less than ${n.exclusiveMaximum ? "" : "or equal to "}${bound(max, isInt)}`, value: data });
    }
  }
  res.matchCount++;
}

/** The old item a new list item correlates with: same keys (map lists) or same value (set lists). */
function oldItem(n: Node, item: unknown, old: OldValue | undefined): OldValue | undefined {
  if (old === undefined || n.listType === undefined || !Array.isArray(old.value)) return undefined;
  if (n.listType === "set") return old.value.some((o) => jsonEqual(o, item)) ? { value: item } : undefined;
  if (n.mapKeys.length === 0 || item === null || typeof item !== "object" || Array.isArray(item)) return undefined;
  const keyed = item as JsonObject;
  const match = old.value.find((o) => o !== null && typeof o === "object" && !Array.isArray(o) && n.mapKeys.every((k) => jsonEqual((o as JsonObject)[k], keyed[k])));
  return match === undefined ? undefined : { value: match };
}

function checkSlice(n: Node, data: unknown[], path: string, r: Result, old?: OldValue): void {
  if (n.items !== undefined) for (let i = 0; i < data.length; i++) r.merge(validate(n.items, data[i], `${path}[${i}]`, oldItem(n, data[i], old)));
  const size = data.length;
  if (n.minItems !== undefined && size < n.minItems) {
    r.add({ code: "minItems", name: path, message: `${path} in body should have at least ${n.minItems} items`, value: size, valid: n.minItems });
  }
  if (n.maxItems !== undefined && size > n.maxItems) {
    r.add({ code: "maxItems", name: path, message: `${path} in body should have at most ${n.maxItems} items`, value: size, valid: n.maxItems });
  }
  if (n.uniqueItems) {
    outer: for (let i = 1; i < size; i++) {
      for (let j = 0; j < i; j++) {
        if (jsonEqual(data[i], data[j])) {
          r.add({ code: "unique", name: path, message: `${path} in body shouldn't contain duplicates` });
          break outer;
        }
      }
    }
  }
  r.matchCount++;
}

/** Go's string(rune(i)): the character, or U+FFFD for what is not a Unicode scalar value. */
function runeString(i: number): string {
  return i < 0 || i > 0x10ffff || (i >= 0xd800 && i <= 0xdfff) ? "\ufffd" : String.fromCodePoint(i);
}

/** Whether data equals an enum value after Go's reflect conversion to the enum value's type. */
function enumMatches(data: unknown, e: unknown): boolean {
  if (e === null || e === undefined) return false;
  const dt = jsonTypeOf(data);
  switch (jsonTypeOf(e)) {
    case "string":
      return dt === "string" ? data === e : dt === "integer" ? runeString(Number(data)) === e : false;
    case "integer":
      return dt === "integer" ? data == e : dt === "number" ? Math.trunc(data as number) === Number(e) : false;
    case "number":
      return dt === "integer" || dt === "number" ? Number(data) === e : false;
    case "boolean":
      return data === e;
    default:
      return (dt === "array" || dt === "object") && jsonTypeOf(e) === dt && jsonEqual(data, e);
  }
}

function checkEnum(n: Node, data: unknown, path: string, r: Result): void {
  const values = n.enum;
  if (values === undefined) return;
  if (data !== null && data !== undefined) for (const e of values) if (enumMatches(data, e)) return;
  r.add({ code: "enum", name: path, message: `${path} in body should be one of [${values.map((v) => (typeof v === "string" ? v : goJSON(v))).join(" ")}]`, value: data, values });
}

/** The old object's own member `k`, when there is an old object holding it. */
function oldMember(old: OldValue | undefined, k: string): OldValue | undefined {
  const o = old?.value;
  if (o === null || typeof o !== "object" || Array.isArray(o) || !Object.prototype.hasOwnProperty.call(o, k)) return undefined;
  return { value: (o as JsonObject)[k] };
}

function checkObject(n: Node, data: JsonObject, path: string, r: Result, old?: OldValue): void {
  const keys = Object.keys(data);
  const size = keys.length;
  if (n.minProperties !== undefined && size < n.minProperties) {
    r.add({ code: "minProperties", name: path, message: `${path} in body should have at least ${n.minProperties} properties`, value: size, valid: n.minProperties });
  }
  if (n.maxProperties !== undefined && size > n.maxProperties) {
    r.add({ code: "maxProperties", name: path, message: `${path} in body should have at most ${n.maxProperties} properties`, value: size, valid: n.maxProperties });
  }
  const props = n.properties;
  if (n.additional === false) {
    for (const k of keys) {
      if (props === undefined || !props.has(k)) r.add({ code: "unallowed", name: path, message: `${path}.${k} in body is a forbidden property`, value: k });
    }
  } else if (n.additional !== undefined) {
    for (const k of keys) if (props === undefined || !props.has(k)) r.merge(validate(n.additional, data[k], `${path}.${k}`, oldMember(old, k)));
  }
  if (props !== undefined) {
    for (const [name, sub] of props) {
      if (Object.prototype.hasOwnProperty.call(data, name)) r.merge(validate(sub, data[name], path === "" ? name : `${path}.${name}`, oldMember(old, name)));
    }
  }
  if (n.required !== undefined) {
    for (const k of n.required) {
      if (!Object.prototype.hasOwnProperty.call(data, k)) r.add({ code: "required", name: `${path}.${k}`, message: `${path}.${k} in body is required` });
    }
  }
}

// ---- conversion (kubeOpenAPIResultToFieldErrors) ----

function toFieldError(e: KubeError, fldPath: string | undefined): FieldError {
  if (e.code === "composite") return { type: "FieldValueInvalid", field: fldPath ?? "<nil>", message: e.message, badValue: "" };
  let field: string;
  if (e.name !== "" && e.name !== ".") {
    const child = e.name.startsWith(".") ? e.name.slice(1) : e.name;
    field = fldPath === undefined ? child : fldPath === "" ? child : `${fldPath}.${child}`;
  } else field = fldPath ?? "<nil>";
  const value = e.value === undefined || e.value === null ? "" : goBadValue(e.value);
  switch (e.code) {
    case "required":
      return { type: "FieldValueRequired", field, message: "", badValue: "" };
    case "enum": {
      const allowed = (e.values ?? []).map((v) => (typeof v === "string" ? v : goJSON(v)));
      const message = allowed.length > 0 ? `supported values: ${allowed.map(goQuote).join(", ")}` : "";
      return { type: "FieldValueNotSupported", field, message, badValue: goBadValue(e.value) };
    }
    case "tooLong":
      return { type: "FieldValueTooLong", field, message: `may not be more than ${e.valid} ${e.valid === 1 ? "byte" : "bytes"}`, badValue: "<value omitted>" };
    case "maxItems":
    case "maxProperties":
      return { type: "FieldValueTooMany", field, message: `must have at most ${e.valid} ${e.valid === 1 ? "item" : "items"}`, badValue: e.value };
    case "type":
      return { type: "FieldValueTypeInvalid", field, message: e.message, badValue: value };
    default:
      return { type: "FieldValueInvalid", field, message: e.message, badValue: value };
  }
}
