/**
 * cel-go's optional library (cel.OptionalTypes): optional.of, optional.ofNonZeroValue,
 * optional.none, hasValue, value, orValue, or. (optMap / optFlatMap are macros; `.?` and
 * `[?` are operators of the evaluator.)
 */
import { CelEvalError } from "./errors.ts";
import { global, type Library, method } from "./functions.ts";
import { CelDuration, CelList, CelMap, CelOptional, CelTimestamp, CelUint, type CelValue } from "./values.ts";

/** cel-go's IsZeroValue: the type's default value. */
export function isZeroValue(v: CelValue): boolean {
  if (v === null || v === false || v === 0n || v === 0 || v === "") return true;
  if (v instanceof CelUint) return v.value === 0n;
  if (v instanceof Uint8Array) return v.length === 0;
  if (v instanceof CelList || v instanceof CelMap) return v.size === 0;
  if (v instanceof CelDuration || v instanceof CelTimestamp) return v.nanos === 0n;
  if (v instanceof CelOptional) return !v.hasValue;
  return false;
}

export const OPTIONAL_LIBRARY: Library = {
  "optional.of": global([1], [["any"], (v: CelValue) => CelOptional.of(v)]),
  "optional.ofNonZeroValue": global([1], [["any"], (v: CelValue) => (isZeroValue(v) ? CelOptional.NONE : CelOptional.of(v))]),
  "optional.none": global([0], [[], () => CelOptional.NONE]),
  hasValue: method([0], [["optional"], (o: CelOptional) => o.hasValue]),
  value: method(
    [0],
    [
      ["optional"],
      (o: CelOptional) => {
        if (o.value === undefined) throw new CelEvalError("optional.none() dereference");
        return o.value;
      },
    ],
  ),
  orValue: method([1], [["optional", "any"], (o: CelOptional, d: CelValue) => o.value ?? d]),
  or: method([1], [["optional", "optional"], (o: CelOptional, other: CelOptional) => (o.hasValue ? o : other)]),
};
