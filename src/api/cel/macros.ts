/**
 * Parse-time macro expansion (cel-go parser/macro.go plus ext.TwoVarComprehensions and the
 * optional library's optMap/optFlatMap). A call whose name and arity match no macro stays a call.
 */
import type { Expr, MacroName } from "./ast.ts";
import { CelCompileError } from "./errors.ts";

function varName(e: Expr, macro: string): string {
  if (e.kind === "ident" && !e.rooted) return e.name;
  throw new CelCompileError(`${macro}() macro: argument must be a simple name`);
}

function comprehension(
  macro: MacroName,
  range: Expr,
  vars: Expr[],
  filter: Expr | undefined,
  body: Expr,
): Expr {
  const v1 = varName(vars[0] as Expr, macro);
  const v2 = vars[1] === undefined ? undefined : varName(vars[1], macro);
  if (v1 === "__result__" || v2 === "__result__") throw new CelCompileError(`${macro}() macro: iteration variable overwrites accumulator variable`);
  if (v2 !== undefined && v1 === v2) throw new CelCompileError(`${macro}() macro: duplicate variable name: ${v1}`);
  return { kind: "comprehension", macro, range, v1, v2, filter, body };
}

/** The expansion of `target.name(args)` (or `name(args)` when target is undefined), if a macro. */
export function expandMacro(name: string, target: Expr | undefined, args: Expr[]): Expr | undefined {
  const n = args.length;
  if (target === undefined) {
    if (name !== "has" || n !== 1) return undefined;
    const arg = args[0] as Expr;
    if (arg.kind !== "select" || arg.optional) throw new CelCompileError("has() macro: invalid argument to has() macro");
    return { kind: "has", operand: arg.operand, field: arg.field };
  }
  switch (name) {
    case "all":
    case "exists":
    case "exists_one":
    case "existsOne": {
      const macro: MacroName = name === "existsOne" ? "exists_one" : name;
      if (n === 2) return comprehension(macro, target, [args[0] as Expr], undefined, args[1] as Expr);
      if (n === 3) return comprehension(macro, target, args.slice(0, 2), undefined, args[2] as Expr);
      return undefined;
    }
    case "map":
      if (n === 2) return comprehension("map", target, [args[0] as Expr], undefined, args[1] as Expr);
      if (n === 3) return comprehension("map", target, [args[0] as Expr], args[1], args[2] as Expr);
      return undefined;
    case "filter":
      if (n === 2) return comprehension("filter", target, [args[0] as Expr], undefined, args[1] as Expr);
      return undefined;
    case "transformList":
    case "transformMap":
    case "transformMapEntry":
      if (n === 3) return comprehension(name, target, args.slice(0, 2), undefined, args[2] as Expr);
      if (n === 4) return comprehension(name, target, args.slice(0, 2), args[2], args[3] as Expr);
      return undefined;
    case "optMap":
    case "optFlatMap":
      if (n === 2) return comprehension(name, target, [args[0] as Expr], undefined, args[1] as Expr);
      return undefined;
  }
  return undefined;
}
