/** Arithmetic operators over CEL values, with cel-go's overloads and overflow errors. */
import { CelEvalError } from "./errors.ts";
import { noOverload } from "./overload-error.ts";
import { checkInt, checkUint, intDivide, intModulo } from "./numbers.ts";
import { checkDuration, checkTimestamp } from "./time.ts";
import { ArrayList, CelDuration, CelList, CelTimestamp, CelUint, type CelValue } from "./values.ts";

export function add(a: CelValue, b: CelValue): CelValue {
  if (typeof a === "bigint" && typeof b === "bigint") return checkInt(a + b);
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (a instanceof CelUint && b instanceof CelUint) return checkUint(a.value + b.value);
  if (a instanceof CelList && b instanceof CelList) {
    if (b.size === 0) return a;
    if (a.size === 0) return b;
    return new ArrayList([...a.toArray(), ...b.toArray()]);
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }
  if (a instanceof CelDuration && b instanceof CelDuration) return checkDuration(a.nanos + b.nanos);
  if (a instanceof CelTimestamp && b instanceof CelDuration) return checkTimestamp(a.nanos + b.nanos);
  if (a instanceof CelDuration && b instanceof CelTimestamp) return checkTimestamp(a.nanos + b.nanos);
  throw noOverload("_+_", [a, b]);
}

export function subtract(a: CelValue, b: CelValue): CelValue {
  if (typeof a === "bigint" && typeof b === "bigint") return checkInt(a - b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (a instanceof CelUint && b instanceof CelUint) return checkUint(a.value - b.value);
  if (a instanceof CelDuration && b instanceof CelDuration) return checkDuration(a.nanos - b.nanos);
  if (a instanceof CelTimestamp && b instanceof CelDuration) return checkTimestamp(a.nanos - b.nanos);
  if (a instanceof CelTimestamp && b instanceof CelTimestamp) return checkDuration(a.nanos - b.nanos);
  throw noOverload("_-_", [a, b]);
}

export function multiply(a: CelValue, b: CelValue): CelValue {
  if (typeof a === "bigint" && typeof b === "bigint") return checkInt(a * b);
  if (typeof a === "number" && typeof b === "number") return a * b;
  if (a instanceof CelUint && b instanceof CelUint) return checkUint(a.value * b.value);
  throw noOverload("_*_", [a, b]);
}

export function divide(a: CelValue, b: CelValue): CelValue {
  if (typeof a === "bigint" && typeof b === "bigint") return intDivide(a, b);
  if (typeof a === "number" && typeof b === "number") return a / b;
  if (a instanceof CelUint && b instanceof CelUint) {
    if (b.value === 0n) throw new CelEvalError("division by zero");
    return new CelUint(a.value / b.value);
  }
  throw noOverload("_/_", [a, b]);
}

export function modulo(a: CelValue, b: CelValue): CelValue {
  if (typeof a === "bigint" && typeof b === "bigint") return intModulo(a, b);
  if (a instanceof CelUint && b instanceof CelUint) {
    if (b.value === 0n) throw new CelEvalError("modulus by zero");
    return new CelUint(a.value % b.value);
  }
  throw noOverload("_%_", [a, b]);
}

export function negate(a: CelValue): CelValue {
  if (typeof a === "bigint") return checkInt(-a);
  if (typeof a === "number") return -a;
  throw noOverload("-_", [a]);
}
