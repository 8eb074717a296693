/** compileCel: parse + check once per expression text (cached), evaluate many times. */
import { LRU } from "../../util/lru.ts";
import type { Expr } from "./ast.ts";
import { check } from "./check.ts";
import { CelCompileError, CelEvalError, CelUnsupportedError } from "./errors.ts";
import { Activation, evaluate } from "./evaluate.ts";
import type { CelTypeHints } from "./json.ts";
import { parse } from "./parser.ts";
import { toNative } from "./native.ts";
import type { CelValue } from "./values.ts";

export interface CelProgram {
  /**
   * Evaluates with the given variables (plain JSON values) and returns the result as a plain
   * value (see toNative). Throws CelEvalError on a runtime error.
   */
  evaluate(vars: Readonly<Record<string, unknown>>, types?: CelTypeHints): unknown;
  /** The same, returning the CEL value itself (bigint ints, CelUint, CelList...). */
  evaluateValue(vars: Readonly<Record<string, unknown>>, types?: CelTypeHints): CelValue;
  /** Names of the free variables the expression reads (e.g. "self", "oldSelf"). */
  readonly variables: ReadonlySet<string>;
  readonly expression: string;
}

/** Kubernetes' limit on a rule's length is far below this; it bounds parser work on bad input. */
const MAX_EXPRESSION_LENGTH = 100_000;

class Program implements CelProgram {
  constructor(
    readonly expression: string,
    private readonly expr: Expr,
    readonly variables: ReadonlySet<string>,
  ) {}

  evaluateValue(vars: Readonly<Record<string, unknown>>, types?: CelTypeHints): CelValue {
    try {
      return evaluate(this.expr, new Activation(vars, types), undefined);
    } catch (e) {
      // Pathologically deep data (equality of deeply nested values) exhausting the stack.
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new CelEvalError("evaluation exceeded the maximum recursion depth");
      throw e;
    }
  }

  evaluate(vars: Readonly<Record<string, unknown>>, types?: CelTypeHints): unknown {
    return toNative(this.evaluateValue(vars, types));
  }
}

const cache = new LRU<string, Program | CelCompileError | CelUnsupportedError>(1024);

/** Compiles (or fetches from the cache) an expression; throws CelCompileError or CelUnsupportedError. */
export function compileCel(expression: string): CelProgram {
  let p = cache.get(expression);
  if (p === undefined) {
    p = build(expression);
    cache.set(expression, p);
  }
  if (p instanceof Error) throw p;
  return p;
}

function build(expression: string): Program | CelCompileError | CelUnsupportedError {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return new CelCompileError(`expression code point size exceeds limit: size: ${expression.length}, limit ${MAX_EXPRESSION_LENGTH}`);
  }
  try {
    const { expr, variables } = check(parse(expression));
    return new Program(expression, expr, variables);
  } catch (e) {
    if (e instanceof CelCompileError || e instanceof CelUnsupportedError) return e;
    throw e;
  }
}
