/** Exact decimal helpers over bigint: a value is unscaled × 10^scale. */

export const MAX_INT64 = 9223372036854775807n;

const POW10_CACHE: bigint[] = [1n];

export function pow10(n: number): bigint {
  if (n < 0) throw new RangeError("negative power of ten");
  if (n < 64) {
    while (POW10_CACHE.length <= n) POW10_CACHE.push((POW10_CACHE[POW10_CACHE.length - 1] as bigint) * 10n);
    return POW10_CACHE[n] as bigint;
  }
  return 10n ** BigInt(n);
}

export function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

export function sign(v: bigint): -1 | 0 | 1 {
  return v === 0n ? 0 : v < 0n ? -1 : 1;
}

/** Divides by 10^n rounding away from zero; exact reports whether nothing was lost. */
export function divPow10AwayFromZero(v: bigint, n: number): { value: bigint; exact: boolean } {
  if (n <= 0) return { value: v * pow10(-n), exact: true };
  const a = abs(v);
  // Past the number's own digits, any non-zero value rounds to one unit.
  if (n > a.toString().length) return { value: v === 0n ? 0n : BigInt(sign(v)), exact: v === 0n };
  const d = pow10(n);
  let q = a / d;
  const exact = q * d === a;
  if (!exact) q += 1n;
  return { value: v < 0n ? -q : q, exact };
}

/** Removes every factor of `factor` from v, counting them (v must be non-zero to count). */
export function removeFactors(v: bigint, factor: bigint): { value: bigint; times: number } {
  let times = 0;
  while (v !== 0n && v % factor === 0n) {
    v /= factor;
    times++;
  }
  return { value: v, times };
}

/** Number of decimal digits in |v| (1 for zero). */
export function digitCount(v: bigint): number {
  return abs(v).toString().length;
}

/** Compares a×10^as with b×10^bs without expanding huge exponents. */
export function compareScaled(a: bigint, as: number, b: bigint, bs: number): -1 | 0 | 1 {
  const sa = sign(a);
  const sb = sign(b);
  if (sa !== sb) return sa > sb ? 1 : -1;
  if (sa === 0) return 0;
  const ea = digitCount(a) + as;
  const eb = digitCount(b) + bs;
  if (ea !== eb) return (ea > eb ? sa : -sa) as -1 | 1;
  // Same magnitude: the scale difference is bounded by the digit counts.
  const min = Math.min(as, bs);
  const x = a * pow10(as - min);
  const y = b * pow10(bs - min);
  return x === y ? 0 : x > y ? 1 : -1;
}
