/**
 * The compile pass after parsing: resolves qualified function names (`optional.of`) and type
 * names (`google.protobuf.Timestamp`), binds each call to its implementation after checking
 * that the function exists with that call shape, validates literal regular expressions (as
 * Kubernetes' ValidateRegexLiterals does), and collects the free variables.
 */
import type { Expr } from "./ast.ts";
import { CelCompileError, CelUnsupportedError } from "./errors.ts";
import { FUNCTION_NAMESPACES, REGISTRY, UNSUPPORTED_FUNCTIONS } from "./library.ts";
import { compileRe2, Re2SyntaxError } from "./re2.ts";
import { TYPE_IDENTIFIERS } from "./values.ts";

/** Functions whose second argument (first after the receiver) is a regular expression. */
const REGEX_FUNCTIONS = new Set(["matches", "find", "findAll"]);

export function check(root: Expr): { expr: Expr; variables: Set<string> } {
  const variables = new Set<string>();

  function visit(e: Expr, locals: ReadonlySet<string>): Expr {
    switch (e.kind) {
      case "lit":
        return e;
      case "ident":
        if (!e.rooted && locals.has(e.name)) return e;
        if (TYPE_IDENTIFIERS.has(e.name)) return { kind: "lit", value: TYPE_IDENTIFIERS.get(e.name)! };
        variables.add(e.name);
        return e;
      case "select": {
        const qualified = qualifiedName(e);
        if (qualified !== undefined && TYPE_IDENTIFIERS.has(qualified) && !locals.has(qualified.split(".")[0] as string)) {
          return { kind: "lit", value: TYPE_IDENTIFIERS.get(qualified)! };
        }
        return { ...e, operand: visit(e.operand, locals) };
      }
      case "has":
        return { ...e, operand: visit(e.operand, locals) };
      case "index":
        return { ...e, operand: visit(e.operand, locals), index: visit(e.index, locals) };
      case "not":
      case "neg":
        return { ...e, operand: visit(e.operand, locals) };
      case "binary":
      case "and":
      case "or":
        return { ...e, left: visit(e.left, locals), right: visit(e.right, locals) };
      case "cond":
        return { kind: "cond", cond: visit(e.cond, locals), then: visit(e.then, locals), else: visit(e.else, locals) };
      case "list":
        return { kind: "list", elems: e.elems.map((x) => ({ expr: visit(x.expr, locals), optional: x.optional })) };
      case "map":
        return {
          kind: "map",
          entries: e.entries.map((x) => ({ key: visit(x.key, locals), value: visit(x.value, locals), optional: x.optional })),
        };
      case "comprehension": {
        const inner = new Set(locals);
        inner.add(e.v1);
        if (e.v2 !== undefined) inner.add(e.v2);
        return {
          ...e,
          range: visit(e.range, locals),
          filter: e.filter === undefined ? undefined : visit(e.filter, inner),
          body: visit(e.body, inner),
        };
      }
      case "call":
        return visitCall(e, locals);
    }
  }

  function visitCall(e: Expr & { kind: "call" }, locals: ReadonlySet<string>): Expr {
    let fn = e.fn;
    let target = e.target;
    // `ns.f(x)` is the global function "ns.f" when ns names a function namespace, not a variable.
    if (target?.kind === "ident" && !target.rooted && !locals.has(target.name) && FUNCTION_NAMESPACES.has(target.name)) {
      fn = `${target.name}.${fn}`;
      target = undefined;
    }
    // Inner calls first, so an unsupported receiver (`quantity(s).isLessThan(q)`) is
    // reported as unsupported rather than its method as unknown.
    const boundTarget = target === undefined ? undefined : visit(target, locals);
    const args = e.args.map((a) => visit(a, locals));
    const unsupported = UNSUPPORTED_FUNCTIONS.get(fn);
    if (unsupported !== undefined && !REGISTRY.has(fn)) throw new CelUnsupportedError(`function '${fn}' (${unsupported}) is not supported`);
    const member = target !== undefined;
    if (!REGISTRY.has(fn)) throw new CelCompileError(`undeclared reference to '${fn}' (in container '')`);
    if (!REGISTRY.accepts(fn, member, args.length)) {
      const shape = member ? `a receiver and ${args.length} argument(s)` : `${args.length} argument(s)`;
      throw new CelCompileError(`found no matching overload for '${fn}' applied to ${shape}`);
    }
    if (REGEX_FUNCTIONS.has(fn)) {
      const pattern = member ? args[0] : args[1];
      if (pattern?.kind === "lit" && typeof pattern.value === "string") {
        try {
          compileRe2(pattern.value);
        } catch (err) {
          if (err instanceof Re2SyntaxError) throw new CelCompileError(err.message);
          throw err;
        }
      }
    }
    return { kind: "call", fn, target: boundTarget, args, impl: REGISTRY.bind(fn, member, args.length) };
  }

  const expr = visit(root, new Set());
  return { expr, variables };
}

/** "a.b.c" for a chain of plain selects on an identifier. */
function qualifiedName(e: Expr): string | undefined {
  if (e.kind === "ident") return e.rooted ? undefined : e.name;
  if (e.kind === "select" && !e.optional) {
    const base = qualifiedName(e.operand);
    return base === undefined ? undefined : `${base}.${e.field}`;
  }
  return undefined;
}
