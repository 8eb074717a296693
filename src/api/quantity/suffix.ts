/**
 * Quantity suffixes: the three formats and the suffix tables that map a suffix to a base
 * and exponent and back (upstream suffix.go).
 */

export type QuantityFormat = "DecimalExponent" | "BinarySI" | "DecimalSI";

export interface SuffixMeaning {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const DECIMAL_BY_EXPONENT = new Map<number, string>(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map<number, string>(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

const INT64_TEXT = /^[+-]?[0-9]+$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Interprets a suffix; undefined when it is not one (upstream ErrSuffix). */
export function interpretSuffix(suffix: string): SuffixMeaning | undefined {
  const dec = DECIMAL_SUFFIXES[suffix];
  if (dec !== undefined && Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: dec, format: "DecimalSI" };
  const bin = BINARY_SUFFIXES[suffix];
  if (bin !== undefined && Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: bin, format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    const digits = suffix.slice(1);
    if (!INT64_TEXT.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed > 9223372036854775807n || parsed < -9223372036854775808n) return undefined;
    // Upstream narrows the parsed int64 to int32; exponents beyond that are not meaningful.
    if (parsed < BigInt(INT32_MIN) || parsed > BigInt(INT32_MAX)) return undefined;
    return { base: 10, exponent: Number(parsed), format: "DecimalExponent" };
  }
  return undefined;
}

/** The suffix text for a base-10 or base-2 exponent in a format; "" where upstream has none. */
export function constructSuffix(base: 2 | 10, exponent: number, format: QuantityFormat): string {
  switch (format) {
    case "DecimalSI":
      return base === 10 ? (DECIMAL_BY_EXPONENT.get(exponent) ?? "") : "";
    case "BinarySI":
      return base === 2 ? (BINARY_BY_EXPONENT.get(exponent) ?? "") : "";
    case "DecimalExponent":
      return base !== 10 || exponent === 0 ? "" : `e${exponent}`;
  }
}
