/**
 * Kubernetes' quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go, 1.34):
 * quantity, isQuantity, sign (a global function upstream: `sign(q)`, not `q.sign()`),
 * isGreaterThan, isLessThan, compareTo, add, sub, asInteger, isInteger, asApproximateFloat,
 * and equality of kubernetes.Quantity values. There is no string(quantity) upstream.
 *
 * Upstream's resource.Quantity keeps either an int64 amount (value × 10^scale) or an inf.Dec,
 * and AsInt64 (behind isInteger / asInteger) succeeds only for the int64 form at a
 * non-negative scale: quantity('1000m').isInteger() is false, as is any quantity parsed
 * through the slow path. CelQuantity tracks that representation next to the exact value.
 */
import { Quantity, QuantityError } from "../quantity/index.ts";
import { scanQuantity } from "../quantity/scan.ts";
import { interpretSuffix } from "../quantity/suffix.ts";
import { CelEvalError } from "./errors.ts";
import { global, type Library, method } from "./functions.ts";
import { INT64_MAX, INT64_MIN } from "./numbers.ts";
import { CelObject } from "./values.ts";

/** Upstream's storage: an int64Amount, or an inf.Dec (`null`). */
type Repr = { readonly value: bigint; readonly scale: number } | null;

export class CelQuantity extends CelObject {
  readonly typeName = "kubernetes.Quantity";
  constructor(
    readonly quantity: Quantity,
    readonly repr: Repr,
  ) {
    super();
  }
  equals(other: CelObject): boolean {
    return other instanceof CelQuantity && this.quantity.cmp(other.quantity) === 0;
  }
}

const QUANTITY = "object:kubernetes.Quantity" as const;

const fitsInt64 = (v: bigint): boolean => v >= INT64_MIN && v <= INT64_MAX;
const int64OrDec = (value: bigint, scale: number): Repr => (fitsInt64(value) ? { value, scale } : null);

/** Which representation upstream's ParseQuantity produces (its int64 fast path, or inf.Dec). */
function parsedRepr(str: string): Repr {
  if (str === "0") return { value: 0n, scale: 0 };
  const { positive, num, denom, suffix } = scanQuantity(str);
  const meaning = interpretSuffix(suffix);
  if (meaning === undefined) return null;
  let precision: number;
  let scale = 0;
  if (meaning.base === 10) {
    scale = meaning.exponent;
    precision = 18 - (num.length + denom.length);
  } else if (meaning.exponent >= 0 && denom.length === 0) {
    precision = 15 - num.length - Math.trunc((meaning.exponent * 3) / 10) - 1;
  } else {
    precision = -1;
  }
  if (precision < 0) return null;
  scale -= denom.length;
  if (scale < -9) return null;
  const digits = BigInt(num + denom);
  const magnitude = meaning.base === 2 ? digits << BigInt(meaning.exponent) : digits;
  if (magnitude > INT64_MAX) return null;
  return { value: positive ? magnitude : -magnitude, scale };
}

function parse(s: string): CelQuantity {
  let q: Quantity;
  try {
    q = Quantity.parse(s);
  } catch (e) {
    if (e instanceof QuantityError) throw new CelEvalError(e.message);
    throw e;
  }
  return new CelQuantity(q, parsedRepr(s));
}

/** int64Amount.Add: aligns to the smaller scale; an int64 overflow moves to inf.Dec. */
function addRepr(a: Repr, b: Repr): Repr {
  if (a === null || b === null) return null;
  if (b.value === 0n) return a;
  if (a.value === 0n) return b;
  if (a.scale === b.scale) return int64OrDec(a.value + b.value, a.scale);
  const [hi, lo] = a.scale > b.scale ? [a, b] : [b, a];
  const scaled = hi.value * 10n ** BigInt(hi.scale - lo.scale);
  if (!fitsInt64(scaled)) return null;
  return int64OrDec(scaled + lo.value, lo.scale);
}

/** Upstream AsInt64: only an int64 amount at a non-negative scale that does not overflow. */
function asInt64(q: CelQuantity): bigint | undefined {
  const r = q.repr;
  if (r === null || r.scale < 0) return undefined;
  if (r.scale === 0) return r.value;
  if (r.value === 0n) return 0n;
  if (r.scale > 19) return undefined;
  const v = r.value * 10n ** BigInt(r.scale);
  return fitsInt64(v) ? v : undefined;
}

function arith(a: CelQuantity, b: CelQuantity, op: "add" | "sub"): CelQuantity {
  let q: Quantity;
  try {
    q = op === "add" ? a.quantity.add(b.quantity) : a.quantity.sub(b.quantity);
  } catch (e) {
    if (e instanceof QuantityError) throw new CelEvalError(e.message);
    throw e;
  }
  const negated: Repr = b.repr === null ? null : { value: -b.repr.value, scale: b.repr.scale };
  return new CelQuantity(q, addRepr(a.repr, op === "add" ? b.repr : negated));
}

/** NewQuantity(i, DecimalExponent), as upstream's add/sub with an int operand. */
const fromInt = (i: bigint): CelQuantity => new CelQuantity(Quantity.of(i, "DecimalExponent"), { value: i, scale: 0 });

const succeeds = (s: string): boolean => {
  try {
    Quantity.parse(s);
    return true;
  } catch (e) {
    if (e instanceof QuantityError) return false;
    throw e;
  }
};

export const QUANTITY_LIBRARY: Library = {
  quantity: global([1], [["string"], parse]),
  isQuantity: global([1], [["string"], succeeds]),
  sign: global([1], [[QUANTITY], (q: CelQuantity) => BigInt(q.quantity.sign())]),
  isGreaterThan: method([1], [[QUANTITY, QUANTITY], (a: CelQuantity, b: CelQuantity) => a.quantity.cmp(b.quantity) === 1]),
  isLessThan: method([1], [[QUANTITY, QUANTITY], (a: CelQuantity, b: CelQuantity) => a.quantity.cmp(b.quantity) === -1]),
  compareTo: method([1], [[QUANTITY, QUANTITY], (a: CelQuantity, b: CelQuantity) => BigInt(a.quantity.cmp(b.quantity))]),
  asApproximateFloat: method([0], [[QUANTITY], (q: CelQuantity) => q.quantity.asApproximateFloat64()]),
  isInteger: method([0], [[QUANTITY], (q: CelQuantity) => asInt64(q) !== undefined]),
  asInteger: method(
    [0],
    [
      [QUANTITY],
      (q: CelQuantity) => {
        const v = asInt64(q);
        if (v === undefined) throw new CelEvalError("cannot convert value to integer");
        return v;
      },
    ],
  ),
  add: method(
    [1],
    [[QUANTITY, QUANTITY], (a: CelQuantity, b: CelQuantity) => arith(a, b, "add")],
    [[QUANTITY, "int"], (a: CelQuantity, i: bigint) => arith(a, fromInt(i), "add")],
  ),
  sub: method(
    [1],
    [[QUANTITY, QUANTITY], (a: CelQuantity, b: CelQuantity) => arith(a, b, "sub")],
    [[QUANTITY, "int"], (a: CelQuantity, i: bigint) => arith(a, fromInt(i), "sub")],
  ),
};
