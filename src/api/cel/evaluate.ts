/**
 * Tree-walking evaluation. Errors are exceptions (CelEvalError); the logical operators catch
 * them to give CEL's commutative semantics (`false && error` is false, `error || true` true).
 */
import type { BinaryOp, Expr } from "./ast.ts";
import { evalComprehension } from "./comprehensions.ts";
import { CelCostLimitError, CelEvalError, isAbsorbable } from "./errors.ts";
import { celCompare, celEquals } from "./equality.ts";
import { fromJson, type CelTypeHints } from "./json.ts";
import { toIndex } from "./numbers.ts";
import { add, divide, modulo, multiply, negate, subtract } from "./operators.ts";
import { noOverload } from "./overload-error.ts";
import { ArrayList, CelList, CelMap, CelOptional, type CelValue, displayValue, LiteralMap } from "./values.ts";

/**
 * Comprehension iterations one evaluation may run. Kubernetes stops a CEL call at a cost of
 * 1,000,000 (PerCallLimit), and each iteration costs at least 1, so no rule Kubernetes would
 * finish is cut short here; runaway nesting over large lists is.
 */
export const MAX_ITERATIONS = 1_000_000;

/** The variables of one evaluation, converted from JSON on first use, and its iteration budget. */
export class Activation {
  private readonly cache = new Map<string, CelValue>();
  private iterations = 0;

  /** Counts one comprehension iteration against the budget. */
  tick(): void {
    if (++this.iterations > MAX_ITERATIONS) throw new CelCostLimitError("operation cancelled: actual cost limit exceeded");
  }
  constructor(
    private readonly vars: Readonly<Record<string, unknown>>,
    private readonly hints: CelTypeHints | undefined,
  ) {}

  resolve(name: string): CelValue {
    let v = this.cache.get(name);
    if (v !== undefined || this.cache.has(name)) return v as CelValue;
    if (!Object.prototype.hasOwnProperty.call(this.vars, name) || this.vars[name] === undefined) {
      throw new CelEvalError(`no such attribute(s): ${name}`);
    }
    v = fromJson(this.vars[name], this.hints?.[name]);
    this.cache.set(name, v);
    return v;
  }
}

/** Comprehension variables in scope, innermost first. */
export interface Scope {
  readonly name: string;
  readonly value: CelValue;
  readonly parent: Scope | undefined;
}

export function evaluate(e: Expr, act: Activation, scope: Scope | undefined): CelValue {
  switch (e.kind) {
    case "lit":
      return e.value;
    case "ident": {
      if (!e.rooted) for (let s = scope; s !== undefined; s = s.parent) if (s.name === e.name) return s.value;
      return act.resolve(e.name);
    }
    case "select":
      return select(evaluate(e.operand, act, scope), e.field, e.optional);
    case "has":
      return hasField(evaluate(e.operand, act, scope), e.field);
    case "index":
      return index(evaluate(e.operand, act, scope), evaluate(e.index, act, scope), e.optional);
    case "not": {
      const v = evaluate(e.operand, act, scope);
      if (typeof v !== "boolean") throw noOverload("!_", [v]);
      return !v;
    }
    case "neg":
      return negate(evaluate(e.operand, act, scope));
    case "and":
      return logical(e.left, e.right, false, act, scope);
    case "or":
      return logical(e.left, e.right, true, act, scope);
    case "cond": {
      const c = evaluate(e.cond, act, scope);
      if (c === true) return evaluate(e.then, act, scope);
      if (c === false) return evaluate(e.else, act, scope);
      throw noOverload("_?_:_", [c]);
    }
    case "binary":
      return binary(e.op, evaluate(e.left, act, scope), evaluate(e.right, act, scope));
    case "list": {
      const items: CelValue[] = [];
      for (const el of e.elems) {
        const v = evaluate(el.expr, act, scope);
        if (!el.optional) items.push(v);
        else if (!(v instanceof CelOptional)) throw new CelEvalError(`cannot initialize optional list element from non-optional value ${displayValue(v)}`);
        else if (v.value !== undefined) items.push(v.value);
      }
      return new ArrayList(items);
    }
    case "map": {
      // Later entries replace earlier ones; an absent optional entry removes its key.
      const entries = new Map<string, [CelValue, CelValue]>();
      for (const en of e.entries) {
        const k = evaluate(en.key, act, scope);
        const v = evaluate(en.value, act, scope);
        const nk = LiteralMap.keyOf(k);
        if (!en.optional) entries.set(nk, [k, v]);
        else if (!(v instanceof CelOptional)) throw new CelEvalError(`cannot initialize optional entry '${displayValue(k)}' from non-optional value ${displayValue(v)}`);
        else if (v.value === undefined) entries.delete(nk);
        else entries.set(nk, [k, v.value]);
      }
      return LiteralMap.fromEntries(entries.values());
    }
    case "call": {
      const impl = e.impl;
      if (impl === undefined) throw new CelEvalError(`unbound function '${e.fn}'`);
      if (e.target === undefined) return impl(e.args.map((a) => evaluate(a, act, scope)));
      const target = evaluate(e.target, act, scope);
      // `opt.or(x)` and `opt.orValue(x)` evaluate x only when opt is empty.
      if ((e.fn === "or" || e.fn === "orValue") && target instanceof CelOptional && target.hasValue && e.args.length === 1) {
        return e.fn === "or" ? target : (target.value as CelValue);
      }
      const args = [target];
      for (const a of e.args) args.push(evaluate(a, act, scope));
      return impl(args);
    }
    case "comprehension":
      return evalComprehension(e, act, scope);
  }
}

/** `&&` / `||`: a decisive operand (false for &&, true for ||) wins over an error in the other. */
function logical(left: Expr, right: Expr, decisive: boolean, act: Activation, scope: Scope | undefined): boolean {
  let l: CelValue | undefined;
  let lerr: CelEvalError | undefined;
  try {
    l = evaluate(left, act, scope);
  } catch (err) {
    if (!isAbsorbable(err)) throw err;
    lerr = err;
  }
  if (l === decisive) return decisive;
  let r: CelValue | undefined;
  let rerr: CelEvalError | undefined;
  try {
    r = evaluate(right, act, scope);
  } catch (err) {
    if (!isAbsorbable(err)) throw err;
    rerr = err;
  }
  if (r === decisive) return decisive;
  if (lerr !== undefined) throw lerr;
  if (rerr !== undefined) throw rerr;
  if (typeof l === "boolean" && typeof r === "boolean") return !decisive;
  throw noOverload(decisive ? "_||_" : "_&&_", [l as CelValue, r as CelValue]);
}

function binary(op: BinaryOp, a: CelValue, b: CelValue): CelValue {
  switch (op) {
    case "==":
      return celEquals(a, b);
    case "!=":
      return !celEquals(a, b);
    case "<":
      return celCompare("_<_", a, b) < 0;
    case "<=":
      return celCompare("_<=_", a, b) <= 0;
    case ">":
      return celCompare("_>_", a, b) > 0;
    case ">=":
      return celCompare("_>=_", a, b) >= 0;
    case "+":
      return add(a, b);
    case "-":
      return subtract(a, b);
    case "*":
      return multiply(a, b);
    case "/":
      return divide(a, b);
    case "%":
      return modulo(a, b);
    case "in":
      return contains(b, a);
  }
}

function contains(container: CelValue, v: CelValue): boolean {
  if (container instanceof CelList) {
    for (let i = 0; i < container.size; i++) if (celEquals(container.get(i), v)) return true;
    return false;
  }
  if (container instanceof CelMap) return container.get(v) !== undefined;
  throw noOverload("@in", [v, container]);
}

/**
 * `v.field` and `v.?field`. Once a value is optional every later selection is a presence
 * test: an absent field gives optional.none() instead of an error (cel-go's applyQualifiers).
 */
export function select(v: CelValue, field: string, optional: boolean): CelValue {
  if (v instanceof CelOptional) {
    if (v.value === undefined) return v;
    v = v.value;
    optional = true;
  }
  const found = v instanceof CelMap ? v.getField(field) : undefined;
  if (optional) return found === undefined ? CelOptional.NONE : CelOptional.of(found);
  if (found === undefined) throw new CelEvalError(`no such key: ${field}`);
  return found;
}

/** has(v.field): presence of a map key; false on values that have no fields. */
function hasField(v: CelValue, field: string): boolean {
  if (v instanceof CelOptional) {
    if (v.value === undefined) return false;
    v = v.value;
  }
  return v instanceof CelMap && v.getField(field) !== undefined;
}

export function index(v: CelValue, idx: CelValue, optional: boolean): CelValue {
  if (v instanceof CelOptional) {
    if (v.value === undefined) return v;
    v = v.value;
    optional = true;
  }
  if (v instanceof CelList) {
    const i = toIndex(idx);
    if (i === undefined) throw noOverload("_[_]", [v, idx]);
    if (i < 0 || i >= v.size) {
      if (optional) return CelOptional.NONE;
      throw new CelEvalError(`index out of bounds: ${displayValue(idx)}`);
    }
    return optional ? CelOptional.of(v.get(i)) : v.get(i);
  }
  if (v instanceof CelMap) {
    const found = v.get(idx);
    if (found === undefined) {
      if (optional) return CelOptional.NONE;
      throw new CelEvalError(`no such key: ${displayValue(idx)}`);
    }
    return optional ? CelOptional.of(found) : found;
  }
  throw noOverload(optional ? "_[?_]" : "_[_]", [v, idx]);
}
