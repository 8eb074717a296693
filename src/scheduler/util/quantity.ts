/**
 * Resource quantities as the scheduler uses them: cpu in millicores (milliValue), the rest
 * in whole units (value), both rounded up like resource.Quantity (src/api/quantity).
 * Results are memoized per string, since the same few quantities repeat across pods.
 */
import { parseQuantity } from "../../api/quantity/index.ts";
import type { QuantityValue } from "../api-types.ts";

interface Parsed {
  milli: number;
  value: number;
}

const memo = new Map<string, Parsed>();

function parsed(q: QuantityValue): Parsed {
  const key = typeof q === "number" ? String(q) : q;
  let p = memo.get(key);
  if (p === undefined) {
    const quantity = parseQuantity(key);
    p = { milli: quantity.milliValue(), value: quantity.value() };
    if (memo.size < 100_000) memo.set(key, p);
  }
  return p;
}

/** Millicores (or milli-units) rounded up, e.g. "1.5" -> 1500, "100m" -> 100. */
export function milliValue(q: QuantityValue): number {
  return parsed(q).milli;
}

/** Whole units rounded up, e.g. "1Gi" -> 1073741824, "100m" -> 1. */
export function value(q: QuantityValue): number {
  return parsed(q).value;
}
