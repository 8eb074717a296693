/** 64-bit integer arithmetic with cel-go's overflow errors, and cross-type numeric ordering. */
import { CelEvalError } from "./errors.ts";
import { CelUint, type CelValue } from "./values.ts";

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;
export const UINT64_MAX = (1n << 64n) - 1n;

export function checkInt(v: bigint): bigint {
  if (v < INT64_MIN || v > INT64_MAX) throw new CelEvalError("integer overflow");
  return v;
}

export function checkUint(v: bigint): CelUint {
  if (v < 0n || v > UINT64_MAX) throw new CelEvalError("unsigned integer overflow");
  return new CelUint(v);
}

/** Go's truncated division (toward zero), as BigInt division already is. */
export function intDivide(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new CelEvalError("division by zero");
  return checkInt(a / b);
}

export function intModulo(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new CelEvalError("modulus by zero");
  // MinInt64 % -1 is 0 in cel-go (checked as an overflow there), report it the same way.
  if (a === INT64_MIN && b === -1n) throw new CelEvalError("integer overflow");
  return a % b;
}

export function isNumeric(v: CelValue): v is bigint | number | CelUint {
  return typeof v === "bigint" || typeof v === "number" || v instanceof CelUint;
}

/** The exact value of an int or uint as a bigint; undefined for doubles. */
function integral(v: bigint | number | CelUint): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (v instanceof CelUint) return v.value;
  return undefined;
}

/**
 * cel-go's compareIntDouble / compareUintDouble: a double outside the integer type's range
 * orders beyond every value of it; otherwise the integer is converted to double (rounding to
 * nearest, so 9223372036854775807 == 9223372036854775808.0, as cel-spec's conformance tests expect).
 */
function compareIntegralDouble(i: bigint, unsigned: boolean, d: number): -1 | 0 | 1 {
  if (Number.isNaN(d)) throw new CelEvalError("NaN values cannot be ordered");
  if (unsigned ? d < 0 : d < -9223372036854775808) return 1;
  if (unsigned ? d > 18446744073709551615 : d > 9223372036854775807) return -1;
  const x = Number(i);
  return x < d ? -1 : x > d ? 1 : 0;
}

/** Orders two numbers of any CEL numeric types; NaN cannot be ordered (cel-go errors). */
export function compareNumeric(a: bigint | number | CelUint, b: bigint | number | CelUint): -1 | 0 | 1 {
  const ai = integral(a);
  const bi = integral(b);
  if (ai !== undefined && bi !== undefined) return ai < bi ? -1 : ai > bi ? 1 : 0;
  if (ai === undefined && bi === undefined) {
    const x = a as number;
    const y = b as number;
    if (Number.isNaN(x) || Number.isNaN(y)) throw new CelEvalError("NaN values cannot be ordered");
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ai !== undefined) return compareIntegralDouble(ai, a instanceof CelUint, b as number);
  return (-compareIntegralDouble(bi as bigint, b instanceof CelUint, a as number) || 0) as -1 | 0 | 1;
}

/** Numeric equality across int, uint and double; NaN equals nothing. */
export function numericEquals(a: bigint | number | CelUint, b: bigint | number | CelUint): boolean {
  if (typeof a === "number" && Number.isNaN(a)) return false;
  if (typeof b === "number" && Number.isNaN(b)) return false;
  return compareNumeric(a, b) === 0;
}

/** A list index from an int, uint or integral double (cel-go's IndexOrError). */
export function toIndex(v: CelValue): number | undefined {
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : -1;
  if (v instanceof CelUint) return v.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v.value) : -1;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new CelEvalError(`unsupported index value ${v} in list`);
    return v;
  }
  return undefined;
}

/** double → int truncation with cel-go's range check. */
export function doubleToInt(d: number): bigint {
  if (!Number.isFinite(d) || d <= -9223372036854775808 || d >= 9223372036854775808) throw new CelEvalError("integer overflow");
  return BigInt(Math.trunc(d));
}

export function doubleToUint(d: number): CelUint {
  if (!Number.isFinite(d) || d < 0 || d >= 18446744073709551616) throw new CelEvalError("unsigned integer overflow");
  return new CelUint(BigInt(Math.trunc(d)));
}
