/**
 * Evaluation of the comprehension macros: all, exists, exists_one, map, filter, the
 * two-variable forms (ext.TwoVarComprehensions: all(i, v, p), transformList, transformMap,
 * transformMapEntry), and the optional library's optMap / optFlatMap.
 */
import type { Expr } from "./ast.ts";
import { CelEvalError, isAbsorbable } from "./errors.ts";
import { type Activation, evaluate, type Scope } from "./evaluate.ts";
import { noOverload } from "./overload-error.ts";
import { ArrayList, CelList, CelMap, CelOptional, type CelValue, displayValue, LiteralMap, mapKey } from "./values.ts";

type Comprehension = Expr & { kind: "comprehension" };

export function evalComprehension(e: Comprehension, act: Activation, scope: Scope | undefined): CelValue {
  const range = evaluate(e.range, act, scope);
  if (e.macro === "optMap" || e.macro === "optFlatMap") return optionalMacro(e, range, act, scope);

  const items = iterationItems(e, range);
  const bind = (a: CelValue, b: CelValue): Scope => {
    act.tick();
    const inner: Scope = { name: e.v1, value: a, parent: scope };
    return e.v2 === undefined ? inner : { name: e.v2, value: b, parent: inner };
  };
  const test = (s: Scope, expr: Expr, op: string): boolean => {
    const r = evaluate(expr, act, s);
    if (typeof r !== "boolean") throw noOverload(op, [r]);
    return r;
  };

  switch (e.macro) {
    case "all":
    case "exists": {
      // The loop stops at the first decisive result; errors elsewhere are absorbed by it.
      const decisive = e.macro === "exists";
      let firstError: CelEvalError | undefined;
      for (const [a, b] of items) {
        try {
          if (test(bind(a, b), e.body, decisive ? "_||_" : "_&&_") === decisive) return decisive;
        } catch (err) {
          if (!isAbsorbable(err)) throw err;
          firstError ??= err;
        }
      }
      if (firstError !== undefined) throw firstError;
      return !decisive;
    }
    case "exists_one": {
      let count = 0;
      for (const [a, b] of items) if (test(bind(a, b), e.body, "exists_one")) count++;
      return count === 1;
    }
    case "map":
    case "transformList": {
      const out: CelValue[] = [];
      for (const [a, b] of items) {
        const s = bind(a, b);
        if (e.filter !== undefined && !test(s, e.filter, e.macro)) continue;
        out.push(evaluate(e.body, act, s));
      }
      return new ArrayList(out);
    }
    case "filter": {
      const out: CelValue[] = [];
      for (const [a, b] of items) if (test(bind(a, b), e.body, "filter")) out.push(a);
      return new ArrayList(out);
    }
    case "transformMap": {
      const out: [CelValue, CelValue][] = [];
      for (const [a, b] of items) {
        const s = bind(a, b);
        if (e.filter !== undefined && !test(s, e.filter, e.macro)) continue;
        out.push([a, evaluate(e.body, act, s)]);
      }
      return LiteralMap.fromEntries(out);
    }
    case "transformMapEntry": {
      const out: [CelValue, CelValue][] = [];
      const seen = new Set<string>();
      for (const [a, b] of items) {
        const s = bind(a, b);
        if (e.filter !== undefined && !test(s, e.filter, e.macro)) continue;
        const entry = evaluate(e.body, act, s);
        if (!(entry instanceof CelMap)) throw noOverload("transformMapEntry", [entry]);
        for (const [k, v] of entry.entries()) {
          const nk = mapKey(k);
          if (nk !== undefined && seen.has(nk)) throw new CelEvalError(`insert failed: key ${displayValue(k)} already exists`);
          if (nk !== undefined) seen.add(nk);
          out.push([k, v]);
        }
      }
      return LiteralMap.fromEntries(out);
    }
  }
  throw new CelEvalError(`unknown macro ${e.macro}`);
}

/** (element) or (index, element) for lists; (key) or (key, value) for maps. */
function iterationItems(e: Comprehension, range: CelValue): Iterable<[CelValue, CelValue]> {
  const twoVar = e.v2 !== undefined;
  if (range instanceof CelList) {
    return (function* () {
      for (let i = 0; i < range.size; i++) yield twoVar ? [BigInt(i), range.get(i)] : [range.get(i), null];
    })();
  }
  if (range instanceof CelMap) {
    if (twoVar) return range.entries();
    return (function* () {
      for (const k of range.keys()) yield [k, null] as [CelValue, CelValue];
    })();
  }
  throw noOverload(e.macro, [], range);
}

function optionalMacro(e: Comprehension, range: CelValue, act: Activation, scope: Scope | undefined): CelValue {
  if (!(range instanceof CelOptional)) throw noOverload(e.macro, [], range);
  if (range.value === undefined) return range;
  const r = evaluate(e.body, act, { name: e.v1, value: range.value, parent: scope });
  if (e.macro === "optMap") return CelOptional.of(r);
  if (!(r instanceof CelOptional)) throw noOverload("optFlatMap", [r]);
  return r;
}
