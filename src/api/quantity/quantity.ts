import { ERR_FORMAT_WRONG, ERR_SUFFIX, QuantityError } from "./errors.ts";
import { abs, compareScaled, divPow10AwayFromZero, MAX_INT64, pow10, removeFactors, sign } from "./decimal.ts";
import { scanQuantity } from "./scan.ts";
import { constructSuffix, interpretSuffix, type QuantityFormat } from "./suffix.ts";

/** Powers of ten: the base-10 scale of a quantity (Milli = -3 means thousandths). */
export const Scale = { Nano: -9, Micro: -6, Milli: -3, Kilo: 3, Mega: 6, Giga: 9, Tera: 12, Peta: 15, Exa: 18 } as const;

/** Largest magnitude a BinarySI quantity is capped at while parsing (2^63-1). */
const MAX_ALLOWED = MAX_INT64;
/** Digits an int64 mantissa holds without overflow: the parse fast path's budget. */
const MAX_INT64_FACTORS = 18;
/** Alignment beyond this many decimal places is refused rather than computed. */
const MAX_ALIGN = 1000;

/**
 * A fixed-point number as upstream's resource.Quantity: an exact value (never a float),
 * the format it was written in, and the string it was parsed from when that string was
 * already canonical (upstream reuses it verbatim, so "+1Gi" or "01" print as written).
 * Immutable: arithmetic returns new quantities.
 */
export class Quantity {
  private constructor(
    /** The value is unscaled × 10^scale. */
    private readonly unscaled: bigint,
    private readonly scale: number,
    readonly format: QuantityFormat,
    private cached: string | undefined,
  ) {}

  /** Parses a quantity string (or a JSON number) exactly as upstream's ParseQuantity. */
  static parse(input: string | number): Quantity {
    const str = typeof input === "number" ? numberText(input) : input;
    if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
    if (str === "0") return new Quantity(0n, 0, "DecimalSI", "0");
    const { positive, num, denom, suffix } = scanQuantity(str);
    const meaning = interpretSuffix(suffix);
    if (!meaning) throw new QuantityError(ERR_SUFFIX);
    const { base, exponent } = meaning;
    let format = meaning.format;

    // Upstream's int64 fast path: when it applies, a canonical input string is kept as is.
    let precision: number;
    let scale = 0;
    if (base === 10) {
      scale = exponent;
      precision = MAX_INT64_FACTORS - (num.length + denom.length);
    } else if (exponent >= 0 && denom.length === 0) {
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
    const digits = BigInt(num + denom);
    if (precision >= 0) {
      scale -= denom.length;
      if (scale >= Scale.Nano) {
        const magnitude = base === 2 ? digits << BigInt(exponent) : digits;
        if (magnitude <= MAX_INT64) {
          const value = positive ? magnitude : -magnitude;
          const shifted = num + denom;
          let canonical: boolean;
          if (base === 2) canonical = exponent % 10 === 0 && (digits & 7n) !== 0n;
          else canonical = scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
          return new Quantity(value, scale, format, canonical ? str : undefined);
        }
      }
    }

    // Exact path: value = ±num.denom × base^exponent, rounded up to nano units.
    let unscaled = digits;
    let amountScale = -denom.length;
    if (base === 10) amountScale += exponent;
    else unscaled <<= BigInt(exponent);
    if (unscaled !== 0n && amountScale < Scale.Nano) {
      unscaled = divPow10AwayFromZero(unscaled, Scale.Nano - amountScale).value;
      amountScale = Scale.Nano;
    }
    if (format === "BinarySI" && compareScaled(unscaled, amountScale, MAX_ALLOWED, 0) > 0) {
      unscaled = MAX_ALLOWED;
      amountScale = 0;
    }
    if (format === "BinarySI" && unscaled !== 0n && compareScaled(unscaled, amountScale, 1n, 0) < 0) {
      format = "DecimalSI";
    }
    return new Quantity(positive ? unscaled : -unscaled, amountScale, format, undefined);
  }

  /** Like parse, for a JSON value: strings are trimmed (upstream UnmarshalJSON), null is zero. */
  static fromJSON(v: unknown): Quantity {
    if (v === null) return new Quantity(0n, 0, "DecimalSI", undefined);
    if (typeof v === "number") return Quantity.parse(v);
    if (typeof v === "string") return Quantity.parse(v.trim());
    throw new QuantityError(ERR_FORMAT_WRONG);
  }

  /** value × 10^scale (upstream NewQuantity / NewMilliQuantity / NewScaledQuantity). */
  static of(value: number | bigint, format: QuantityFormat = "DecimalSI", scale = 0): Quantity {
    return new Quantity(toBigInt(value), scale, format, undefined);
  }

  static fromMilli(value: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return Quantity.of(value, format, Scale.Milli);
  }

  static zero(format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(0n, 0, format, undefined);
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): -1 | 0 | 1 {
    return sign(this.unscaled);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than other. */
  cmp(other: Quantity): -1 | 0 | 1 {
    return compareScaled(this.unscaled, this.scale, other.unscaled, other.scale);
  }

  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** The sum; a zero receiver takes other's format (upstream Add). */
  add(other: Quantity): Quantity {
    if (other.isZero()) return new Quantity(this.unscaled, this.scale, this.isZero() ? other.format : this.format, undefined);
    if (this.isZero()) return new Quantity(other.unscaled, other.scale, other.format, undefined);
    const min = Math.min(this.scale, other.scale);
    if (Math.max(this.scale, other.scale) - min > MAX_ALIGN) throw new QuantityError("quantities too far apart in magnitude to add exactly");
    const sum = this.unscaled * pow10(this.scale - min) + other.unscaled * pow10(other.scale - min);
    return new Quantity(sum, min, this.format, undefined);
  }

  /** The difference; a zero receiver takes other's format (upstream Sub). */
  sub(other: Quantity): Quantity {
    const result = this.add(other.neg());
    return this.isZero() ? new Quantity(result.unscaled, result.scale, other.format, undefined) : result;
  }

  neg(): Quantity {
    return new Quantity(-this.unscaled, this.scale, this.format, undefined);
  }

  /** The value multiplied by an integer. */
  mul(factor: number | bigint): Quantity {
    return new Quantity(this.unscaled * toBigInt(factor), this.scale, this.format, undefined);
  }

  /** ceil(q / 10^scale), rounding away from zero (upstream ScaledValue), as a bigint. */
  scaledValueBig(scale: number): bigint {
    if (this.unscaled === 0n) return 0n;
    const delta = this.scale - scale;
    if (delta >= 0) {
      if (delta > MAX_ALIGN) throw new QuantityError("quantity too large to scale");
      return this.unscaled * pow10(delta);
    }
    return divPow10AwayFromZero(this.unscaled, -delta).value;
  }

  scaledValue(scale: number): number {
    return Number(this.scaledValueBig(scale));
  }

  /** The value rounded up (away from zero) to an integer. */
  value(): number {
    return this.scaledValue(0);
  }

  /** ceil(q × 1000), rounding away from zero. */
  milliValue(): number {
    return this.scaledValue(Scale.Milli);
  }

  /** A float approximation (upstream AsApproximateFloat64). */
  asApproximateFloat64(): number {
    return Number(this.unscaled) * 10 ** this.scale;
  }

  /** The canonical string (upstream Quantity.String). */
  toString(): string {
    if (this.cached === undefined) this.cached = this.canonical();
    return this.cached;
  }

  toJSON(): string {
    return this.toString();
  }

  private canonical(): string {
    if (this.unscaled === 0n) return "0";
    let format = this.format;
    let integer = 0n;
    if (format === "BinarySI") {
      if (compareScaled(abs(this.unscaled), this.scale, 1024n, 0) < 0) {
        format = "DecimalSI";
      } else if (this.scale >= 0) {
        integer = this.unscaled * pow10(this.scale);
      } else {
        const rounded = divPow10AwayFromZero(this.unscaled, -this.scale);
        if (rounded.exact) integer = rounded.value;
        else format = "DecimalSI";
      }
    }
    if (format === "BinarySI") {
      const { value, times } = removeFactors(integer, 1024n);
      return value.toString() + constructSuffix(2, times * 10, format);
    }
    const { value, times } = removeFactors(this.unscaled, 10n);
    let exponent = this.scale + times;
    const adjust = ((exponent % 3) + 3) % 3;
    exponent -= adjust;
    return (value * pow10(adjust)).toString() + constructSuffix(10, exponent, format);
  }
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(ERR_FORMAT_WRONG);
  return String(n);
}

function toBigInt(v: number | bigint): bigint {
  if (typeof v === "bigint") return v;
  if (!Number.isInteger(v)) throw new RangeError(`not an integer: ${v}`);
  return BigInt(v);
}

export function parseQuantity(s: string | number): Quantity {
  return Quantity.parse(s);
}

/** Canonical text of a quantity, or of a string/number parsed as one. */
export function formatQuantity(q: Quantity | string | number): string {
  return (q instanceof Quantity ? q : Quantity.parse(q)).toString();
}

/** Whether a value parses as a quantity. */
export function isQuantity(v: unknown): boolean {
  if (typeof v !== "string" && typeof v !== "number") return false;
  try {
    Quantity.parse(v);
    return true;
  } catch {
    return false;
  }
}
