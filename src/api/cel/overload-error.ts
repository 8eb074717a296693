/** The "no matching overload" error, worded like cel-go's checker. */
import { CelEvalError } from "./errors.ts";
import { type CelValue, typeName } from "./values.ts";

/**
 * `no matching overload for '_+_' applied to '(int, string)'`; for a method call the receiver
 * type comes first: `... for 'contains' applied to 'int.(string)'`.
 */
export function noOverload(fn: string, args: readonly CelValue[], receiver?: CelValue): CelEvalError {
  const list = `(${args.map(typeName).join(", ")})`;
  const applied = receiver === undefined ? list : `${typeName(receiver)}.${list}`;
  return new CelEvalError(`no matching overload for '${fn}' applied to '${applied}'`);
}
