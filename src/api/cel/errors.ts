/** The three ways a CEL expression fails, mirroring cel-go's compile / runtime split. */

/** The expression does not parse, or calls a function or macro the environment lacks. */
export class CelCompileError extends Error {
  override name = "CelCompileError";
}

/** Valid CEL (Kubernetes accepts it) that this interpreter does not implement. */
export class CelUnsupportedError extends Error {
  override name = "CelUnsupportedError";
}

/** A runtime error: no such key, division by zero, overflow, no matching overload... */
export class CelEvalError extends Error {
  override name = "CelEvalError";
}

/** The evaluation ran past its budget; never absorbed by `||`, `&&`, all() or exists(). */
export class CelCostLimitError extends CelEvalError {
  override name = "CelCostLimitError";
}

/** Whether a caught exception is a CEL error that logical operators may absorb. */
export function isAbsorbable(e: unknown): e is CelEvalError {
  return e instanceof CelEvalError && !(e instanceof CelCostLimitError);
}
