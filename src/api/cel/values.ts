/**
 * CEL runtime values as JavaScript values:
 *
 *   null → null_type     boolean → bool      bigint → int (int64)    number → double
 *   string → string      Uint8Array → bytes  CelUint → uint          CelType → type
 *   CelList → list       CelMap → map        CelTimestamp / CelDuration
 *   CelOptional → optional_type              CelObject → library types (net.IP, kubernetes.URL...)
 */
import { CelEvalError } from "./errors.ts";

export class CelUint {
  constructor(readonly value: bigint) {}
}

export class CelType {
  constructor(readonly name: string) {}
}

/** An instant as nanoseconds since the Unix epoch (UTC). */
export class CelTimestamp {
  constructor(readonly nanos: bigint) {}
}

/** A signed span of nanoseconds (int64, like Go's time.Duration). */
export class CelDuration {
  constructor(readonly nanos: bigint) {}
}

export class CelOptional {
  private constructor(readonly value: CelValue | undefined) {}
  static readonly NONE = new CelOptional(undefined);
  static of(value: CelValue): CelOptional {
    return new CelOptional(value);
  }
  get hasValue(): boolean {
    return this.value !== undefined;
  }
}

/** Values of extension libraries (IP addresses, CIDRs, URLs): opaque, equal by `equals`. */
export abstract class CelObject {
  abstract readonly typeName: string;
  abstract equals(other: CelObject): boolean;
}

export abstract class CelList {
  abstract readonly size: number;
  /** Element i, 0 <= i < size. */
  abstract get(i: number): CelValue;
  *[Symbol.iterator](): Iterator<CelValue> {
    for (let i = 0; i < this.size; i++) yield this.get(i);
  }
  toArray(): CelValue[] {
    const out: CelValue[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.get(i));
    return out;
  }
}

export class ArrayList extends CelList {
  constructor(readonly items: readonly CelValue[]) {
    super();
  }
  get size(): number {
    return this.items.length;
  }
  get(i: number): CelValue {
    return this.items[i] as CelValue;
  }
  override toArray(): CelValue[] {
    return this.items.slice();
  }
}

export abstract class CelMap {
  abstract readonly size: number;
  /** The value at key, or undefined when absent (keys compare with CEL numeric equality). */
  abstract get(key: CelValue): CelValue | undefined;
  abstract keys(): Iterable<CelValue>;
  /** Field selection `m.name`; JSON objects also accept Kubernetes' escaped property names. */
  getField(name: string): CelValue | undefined {
    return this.get(name);
  }
  *entries(): Iterable<[CelValue, CelValue]> {
    for (const k of this.keys()) yield [k, this.get(k) as CelValue];
  }
}

/** Normalized map key: strings, ints/uints (and integral doubles, for lookup) and bools. */
export function mapKey(key: CelValue): string | undefined {
  switch (typeof key) {
    case "string":
      return "s" + key;
    case "bigint":
      return "n" + key.toString();
    case "boolean":
      return key ? "t" : "f";
    case "number":
      return Number.isInteger(key) ? "n" + BigInt(key).toString() : undefined;
  }
  if (key instanceof CelUint) return "n" + key.value.toString();
  return undefined;
}

export class LiteralMap extends CelMap {
  private readonly map = new Map<string, [CelValue, CelValue]>();

  /** The normalized key of a map literal's key; throws for types that cannot be map keys. */
  static keyOf(k: CelValue): string {
    const nk = typeof k === "number" ? undefined : mapKey(k);
    if (nk === undefined) throw new CelEvalError(`unsupported key type: ${typeName(k)}`);
    return nk;
  }

  /** A map of the entries; a repeated key keeps its last value (as cel-go's map literals do). */
  static fromEntries(entries: Iterable<readonly [CelValue, CelValue]>): LiteralMap {
    const m = new LiteralMap();
    for (const [k, v] of entries) m.map.set(LiteralMap.keyOf(k), [k, v]);
    return m;
  }

  get size(): number {
    return this.map.size;
  }
  get(key: CelValue): CelValue | undefined {
    const nk = mapKey(key);
    return nk === undefined ? undefined : this.map.get(nk)?.[1];
  }
  *keys(): Iterable<CelValue> {
    for (const [k] of this.map.values()) yield k;
  }
  override *entries(): Iterable<[CelValue, CelValue]> {
    yield* this.map.values();
  }
}

export type CelValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | CelUint
  | CelType
  | CelList
  | CelMap
  | CelTimestamp
  | CelDuration
  | CelOptional
  | CelObject;

export const TIMESTAMP_TYPE = "google.protobuf.Timestamp";
export const DURATION_TYPE = "google.protobuf.Duration";

/** CEL's name for the runtime type of a value, as `type(v)` reports it. */
export function typeName(v: CelValue): string {
  if (v === null) return "null_type";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "double";
    case "string":
      return "string";
  }
  if (v instanceof Uint8Array) return "bytes";
  if (v instanceof CelUint) return "uint";
  if (v instanceof CelList) return "list";
  if (v instanceof CelMap) return "map";
  if (v instanceof CelType) return "type";
  if (v instanceof CelTimestamp) return TIMESTAMP_TYPE;
  if (v instanceof CelDuration) return DURATION_TYPE;
  if (v instanceof CelOptional) return "optional_type";
  return v.typeName;
}

/** The type identifiers an expression may name. */
export const TYPE_IDENTIFIERS: ReadonlyMap<string, CelType> = new Map(
  [
    ...["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", TIMESTAMP_TYPE, DURATION_TYPE],
    ...["optional_type", "net.IP", "net.CIDR", "kubernetes.URL", "kubernetes.Quantity", "kubernetes.Semver"],
  ].map((n) => [
    n,
    new CelType(n),
  ]),
);

/** A short rendering of a value for error messages (like Go's %v of a CEL value). */
export function displayValue(v: CelValue): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return formatDouble(v);
    case "bigint":
    case "boolean":
      return String(v);
  }
  if (v instanceof CelUint) return v.value.toString();
  if (v instanceof CelType) return v.name;
  return typeName(v);
}

/**
 * A double as Go's %g prints it, which is what cel-go's string(double) uses: the shortest
 * round-trip digits, in exponent form when the decimal exponent is below -4 or at least 6
 * (string(1000000.0) is "1e+06", string(123456.0) is "123456").
 */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "+Inf";
  if (d === -Infinity) return "-Inf";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  const [mant = "", e = "0"] = d.toExponential().split("e");
  const x = Number(e);
  if (x < -4 || x >= 6) {
    const ax = Math.abs(x);
    return `${mant}e${x < 0 ? "-" : "+"}${ax < 10 ? "0" + ax : ax}`;
  }
  // Plain notation with the same shortest digits.
  const digits = mant.replace("-", "").replace(".", "");
  const neg = d < 0 ? "-" : "";
  if (x < 0) return `${neg}0.${"0".repeat(-x - 1)}${digits}`;
  if (digits.length <= x + 1) return neg + digits + "0".repeat(x + 1 - digits.length);
  return `${neg}${digits.slice(0, x + 1)}.${digits.slice(x + 1)}`;
}
