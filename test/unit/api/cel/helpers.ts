import { type CelTypeHints, compileCel } from "../../../../src/api/cel/index.ts";

/** Evaluates an expression to a plain value. */
export function ev(expr: string, vars: Record<string, unknown> = {}, hints?: CelTypeHints): unknown {
  return compileCel(expr).evaluate(vars, hints);
}

/** The error an expression throws at compile or evaluation time (fails if it throws none). */
export function errorOf(expr: string, vars: Record<string, unknown> = {}, hints?: CelTypeHints): Error {
  try {
    compileCel(expr).evaluate(vars, hints);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected ${expr} to throw`);
}
