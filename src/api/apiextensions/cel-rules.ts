/**
 * x-kubernetes-validations (CEL rules) of a custom resource, as upstream's CEL validator
 * runs them: every rule of every schema node holding a value, with `self` that value and,
 * for transition rules (those reading `oldSelf`), the same node of the stored object,
 * correlated through object properties, map keys and the keys of map-type lists; a
 * transition rule without an old value is skipped unless optionalOldSelf. A rule that is
 * not true fails with its message (or messageExpression, or "failed rule: <rule>") at the
 * node's path (plus fieldPath) and the reason it names; one that errs fails with
 * "<error> evaluating rule: <rule>".
 *
 * Updates are ratcheted: a rule that does not read oldSelf is not run where the value
 * equals its correlated old value, so a new rule does not refuse updates that leave an
 * old value alone (transition rules always run; optionalOldSelf is the authors' tool).
 *
 * Rules this interpreter cannot compile or does not implement are skipped, never failed,
 * so no valid object is refused for an interpreter gap; cost budgets are not enforced.
 */
import { CelCompileError, CelEvalError, CelUnsupportedError, compileCel, OptionalVar, type CelHintType, type CelProgram, type CelTypeHint } from "../cel/index.ts";
import { duplicate, forbidden, invalid, required, type FieldError, Path } from "../validation/field-error.ts";
import { getOwn } from "../../util/own-keys.ts";
import { jsonEqual } from "./go-format.ts";
import { additionalPropertiesOf, itemsOf, type JSONSchemaProps, type ValidationRule } from "./types.ts";

const programs = new Map<string, CelProgram | null>();

function program(expr: string): CelProgram | null {
  let p = programs.get(expr);
  if (p !== undefined) return p;
  try {
    p = compileCel(expr);
  } catch (e) {
    if (!(e instanceof CelCompileError || e instanceof CelUnsupportedError)) throw e;
    p = null;
  }
  if (programs.size > 4096) programs.clear();
  programs.set(expr, p);
  return p;
}

/** The CEL type of a scalar schema, for the numbers and strings JSON leaves ambiguous. */
function hintOf(s: JSONSchemaProps | undefined): CelHintType | undefined {
  if (!s) return undefined;
  switch (s.type) {
    case "number":
      return "double";
    case "integer":
      return "int";
    case "string":
      if (s.format === "byte") return "bytes";
      if (s.format === "date" || s.format === "date-time") return "timestamp";
      if (s.format === "duration") return "duration";
      return "string";
  }
  return undefined;
}

function childSchema(s: JSONSchemaProps | undefined, key: string | number): JSONSchemaProps | undefined {
  if (!s) return undefined;
  if (typeof key === "number") return itemsOf(s);
  return (s.properties !== undefined ? (getOwn(s.properties, key) as JSONSchemaProps | undefined) : undefined) ?? additionalPropertiesOf(s);
}

const hints = new WeakMap<JSONSchemaProps, CelTypeHint>();

function hintFor(schema: JSONSchemaProps): CelTypeHint {
  let h = hints.get(schema);
  if (!h) {
    h = (path) => {
      let s: JSONSchemaProps | undefined = schema;
      for (const k of path) s = childSchema(s, k);
      return hintOf(s);
    };
    hints.set(schema, h);
  }
  return h;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Upstream's ruleErrorString / ruleMessageOrDefault. */
function ruleText(r: ValidationRule): string {
  return (r.message?.trim() || r.rule.trim()) ?? "";
}

function failureDetail(r: ValidationRule, vars: Record<string, unknown>, types: Record<string, CelTypeHint>): string {
  if (r.messageExpression) {
    const p = program(r.messageExpression);
    if (p) {
      try {
        const msg = p.evaluate(vars, types);
        if (typeof msg === "string" && msg.trim() !== "" && !msg.includes("\n")) return msg;
      } catch (e) {
        if (!(e instanceof CelEvalError)) throw e;
      }
    }
  }
  return r.message?.trim() ? r.message.trim() : `failed rule: ${ruleText(r)}`;
}

/** The error for a failed rule at its reason (upstream's fieldErrorForReason). */
function ruleError(path: Path, r: ValidationRule, value: unknown, schemaType: string | undefined, detail: string): FieldError {
  let at = path;
  if (r.fieldPath) {
    for (const seg of r.fieldPath.replace(/^\./, "").split(".").filter(Boolean)) at = at.child(seg);
  }
  const shown = schemaType === "object" || schemaType === "array" ? schemaType : value;
  switch (r.reason) {
    case "FieldValueForbidden":
      return forbidden(at, detail);
    case "FieldValueRequired":
      return required(at, detail);
    case "FieldValueDuplicate":
      return duplicate(at, shown);
    default:
      return invalid(at, shown, detail);
  }
}

function checkRules(value: unknown, old: unknown, s: JSONSchemaProps, path: Path, errs: FieldError[]): void {
  const rules = s["x-kubernetes-validations"];
  if (!rules?.length) return;
  const hint = hintFor(s);
  // ratcheting: decided once per node, and only when some rule could be skipped
  let unchanged: boolean | undefined;
  for (const r of rules) {
    if (typeof r?.rule !== "string") continue;
    const p = program(r.rule);
    if (!p) continue;
    if (!p.variables.has("oldSelf") && old !== undefined && (unchanged ??= jsonEqual(old, value))) continue;
    const vars: Record<string, unknown> = { self: value };
    const types: Record<string, CelTypeHint> = { self: hint };
    if (p.variables.has("oldSelf")) {
      if (r.optionalOldSelf) vars["oldSelf"] = old === undefined ? OptionalVar.none() : OptionalVar.of(old);
      else if (old === undefined) continue;
      else vars["oldSelf"] = old;
      types["oldSelf"] = hint;
    }
    let result: unknown;
    try {
      result = p.evaluate(vars, types);
    } catch (e) {
      if (e instanceof CelUnsupportedError) continue;
      if (!(e instanceof CelEvalError)) throw e;
      errs.push(invalid(path, s.type === "object" || s.type === "array" ? s.type : value, `${e.message} evaluating rule: ${ruleText(r)}`));
      continue;
    }
    if (result !== true) errs.push(ruleError(path, r, value, s.type, failureDetail(r, vars, types)));
  }
}

/** The old item a map-type list's item corresponds to (same key values), if any. */
function oldListItem(item: unknown, old: unknown, keys: readonly string[] | undefined): unknown {
  if (!keys?.length || !Array.isArray(old) || !isObject(item)) return undefined;
  return old.find((o) => isObject(o) && keys.every((k) => JSON.stringify(o[k]) === JSON.stringify(item[k])));
}

function walk(value: unknown, old: unknown, s: JSONSchemaProps | undefined, path: Path, errs: FieldError[]): void {
  if (!s || value === undefined || value === null) return;
  checkRules(value, old, s, path, errs);
  if (Array.isArray(value)) {
    const items = itemsOf(s);
    if (!items) return;
    const mapKeys = s["x-kubernetes-list-type"] === "map" ? s["x-kubernetes-list-map-keys"] : undefined;
    value.forEach((item, i) => walk(item, oldListItem(item, old, mapKeys), items, path.index(i), errs));
    return;
  }
  if (!isObject(value)) return;
  const oldObj = isObject(old) ? old : undefined;
  const props = s.properties;
  const additional = additionalPropertiesOf(s);
  for (const [k, v] of Object.entries(value)) {
    // own members only: a key the schema or the old object lacks ("constructor", "__proto__") has none
    const child = props !== undefined ? (getOwn(props, k) as JSONSchemaProps | undefined) : undefined;
    const oldValue = oldObj !== undefined ? getOwn(oldObj, k) : undefined;
    if (child) walk(v, oldValue, child, path.child(k), errs);
    else if (additional) walk(v, oldValue, additional, path.key(k), errs);
  }
}

/** Whether a schema holds any CEL rule (objects without rules skip the walk). */
const hasRules = new WeakMap<JSONSchemaProps, boolean>();

function anyRules(s: JSONSchemaProps | undefined, seen = new Set<JSONSchemaProps>()): boolean {
  if (!s || seen.has(s)) return false;
  seen.add(s);
  if (s["x-kubernetes-validations"]?.length) return true;
  for (const c of Object.values(s.properties ?? {})) if (anyRules(c, seen)) return true;
  return anyRules(itemsOf(s), seen) || anyRules(additionalPropertiesOf(s), seen);
}

/** The CEL rule failures of a custom resource (`old`: the stored object, on updates). */
export function validateCelRules(obj: unknown, schema: JSONSchemaProps, old?: unknown): FieldError[] {
  let any = hasRules.get(schema);
  if (any === undefined) hasRules.set(schema, (any = anyRules(schema)));
  if (!any) return [];
  const errs: FieldError[] = [];
  walk(obj, old, schema, Path.root(), errs);
  return errs;
}
