/**
 * Resource quantities as the scheduler uses them: cpu in millicores (milliValue), everything
 * else in whole units (value), both rounded up like resource.Quantity. Parsing is exact
 * (BigInt), so "0.1" is 100 millicores, never 101. Results are memoized per string.
 *
 * Kept local until src/api/quantity lands; the contract is the same (milliValue/value).
 */
import type { QuantityValue } from "../api-types.ts";

interface Parsed {
  milli: number;
  value: number;
}

const memo = new Map<string, Parsed>();
const RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const BINARY: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d === 0n ? q : n > 0n ? q + 1n : q;
}

function parse(s: string): Parsed {
  const m = RE.exec(s.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`quantities must match the regular expression: ${JSON.stringify(s)}`);
  const intPart = m[2] ?? "";
  const frac = m[3] ?? "";
  let num = BigInt((intPart + frac) || "0");
  let den = 10n ** BigInt(frac.length);
  if (m[1] === "-") num = -num;
  let exp = 0;
  if (m[4] !== undefined) exp = Number(m[4]);
  else if (m[5] !== undefined) {
    const b = BINARY[m[5]];
    if (b !== undefined) num *= 1024n ** b;
    else exp = DECIMAL[m[5]] ?? 0;
  }
  if (exp > 0) num *= 10n ** BigInt(exp);
  else if (exp < 0) den *= 10n ** BigInt(-exp);
  return { milli: Number(ceilDiv(num * 1000n, den)), value: Number(ceilDiv(num, den)) };
}

function parsed(q: QuantityValue): Parsed {
  const key = typeof q === "number" ? String(q) : q;
  let p = memo.get(key);
  if (p === undefined) {
    p = parse(key);
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
