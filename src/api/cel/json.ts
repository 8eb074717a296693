/**
 * Plain JSON variables seen as CEL values, lazily: objects and arrays are wrapped on access,
 * so evaluating `self.spec.x` on a large object converts only what it reads.
 *
 * JSON numbers are ambiguous; a type hint (the OpenAPI type at a path below the variable)
 * settles them. Without one a whole number is an int and any other number a double.
 */
import { CelEvalError } from "./errors.ts";
import { INT64_MAX, INT64_MIN } from "./numbers.ts";
import { parseDuration, parseTimestamp } from "./time.ts";
import { CelDuration, CelList, CelMap, CelObject, CelOptional, CelTimestamp, CelType, CelUint, type CelValue } from "./values.ts";

/** What a value at a path below a variable is in CEL (mirrors Kubernetes' schema → CEL types). */
export type CelHintType = "int" | "uint" | "double" | "string" | "bytes" | "timestamp" | "duration";

/**
 * Per variable, the CEL type of the scalar at a path below it (object keys and list indices),
 * e.g. from an OpenAPI schema: `number` → "double", `integer` → "int", `string` with format
 * `byte` → "bytes", `date`/`date-time` → "timestamp", `duration` → "duration".
 */
export type CelTypeHint = (path: readonly (string | number)[]) => CelHintType | undefined;
export type CelTypeHints = Readonly<Record<string, CelTypeHint>>;

/** Path from the variable root, as a parent-linked chain built only when a hint is consulted. */
interface PathNode {
  readonly parent: PathNode | undefined;
  readonly key: string | number;
}

function pathOf(node: PathNode | undefined): (string | number)[] {
  const out: (string | number)[] = [];
  for (let n = node; n !== undefined; n = n.parent) out.push(n.key);
  return out.reverse();
}

/**
 * The value of an optional-typed variable (Kubernetes' `optionalOldSelf: true` makes oldSelf an
 * optional): `OptionalVar.of(json)` or `OptionalVar.none()`.
 */
export class OptionalVar {
  private constructor(
    readonly present: boolean,
    readonly value: unknown,
  ) {}
  static of(value: unknown): OptionalVar {
    return new OptionalVar(true, value);
  }
  static none(): OptionalVar {
    return new OptionalVar(false, undefined);
  }
}

function isCelInstance(raw: object): raw is CelValue & object {
  return (
    raw instanceof CelList ||
    raw instanceof CelMap ||
    raw instanceof CelUint ||
    raw instanceof CelType ||
    raw instanceof CelTimestamp ||
    raw instanceof CelDuration ||
    raw instanceof CelOptional ||
    raw instanceof CelObject
  );
}

/** A JSON value (or an OptionalVar, or a value that already is a CEL value) as a CEL value. */
export function fromJson(raw: unknown, hint?: CelTypeHint, path?: PathNode): CelValue {
  switch (typeof raw) {
    case "boolean":
      return raw;
    case "string":
      return hint === undefined ? raw : hintString(raw, hint(pathOf(path)));
    case "number":
      return jsonNumber(raw, hint?.(pathOf(path)));
    case "bigint":
      if (raw < INT64_MIN || raw > INT64_MAX) throw new CelEvalError("integer overflow");
      return raw;
    case "undefined":
      return null;
    case "object":
      if (raw === null) return null;
      if (Array.isArray(raw)) return new JsonList(raw, hint, path);
      if (raw instanceof Uint8Array) return raw;
      if (raw instanceof OptionalVar) return raw.present ? CelOptional.of(fromJson(raw.value, hint, path)) : CelOptional.NONE;
      if (isCelInstance(raw)) return raw;
      return new JsonMap(raw as Record<string, unknown>, hint, path);
  }
  throw new CelEvalError(`unsupported conversion to CEL value: ${typeof raw}`);
}

function jsonNumber(n: number, hint: CelHintType | undefined): CelValue {
  if (hint === "double") return n;
  if (Number.isInteger(n) && n >= -9223372036854775808 && n < 9223372036854775808) {
    if (hint === "uint" && n >= 0) return new CelUint(BigInt(n));
    return BigInt(n);
  }
  return n;
}

function hintString(s: string, hint: CelHintType | undefined): CelValue {
  try {
    switch (hint) {
      case "bytes": {
        const b = Buffer.from(s, "base64");
        return new Uint8Array(b.buffer, b.byteOffset, b.length);
      }
      case "timestamp":
        return parseTimestamp(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
      case "duration":
        return parseDuration(s);
    }
  } catch {
    // A value the schema's format would reject stays a string.
  }
  return s;
}

export class JsonList extends CelList {
  constructor(
    private readonly raw: readonly unknown[],
    private readonly hint: CelTypeHint | undefined,
    private readonly path: PathNode | undefined,
  ) {
    super();
  }
  get size(): number {
    return this.raw.length;
  }
  get(i: number): CelValue {
    return fromJson(this.raw[i], this.hint, this.hint && { parent: this.path, key: i });
  }
}

const RESERVED_PROPERTY_NAMES = new Set([
  "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
  "import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
]);

/**
 * Kubernetes' CEL names for properties that are not CEL identifiers: `__namespace__` for a
 * keyword, and `__dash__`, `__dot__`, `__slash__`, `__underscores__` within a name.
 */
export function unescapePropertyName(name: string): string | undefined {
  if (!name.includes("__")) return undefined;
  const m = /^__(.+)__$/.exec(name);
  if (m !== null && RESERVED_PROPERTY_NAMES.has(m[1] as string)) return m[1];
  let out = "";
  let i = 0;
  while (i < name.length) {
    if (name.startsWith("__", i)) {
      const rest = name.slice(i);
      const esc = ([
        ["__underscores__", "__"],
        ["__dot__", "."],
        ["__dash__", "-"],
        ["__slash__", "/"],
      ] as const).find(([e]) => rest.startsWith(e));
      if (esc !== undefined) {
        out += esc[1];
        i += esc[0].length;
        continue;
      }
    }
    out += name[i];
    i++;
  }
  return out === name ? undefined : out;
}

const hasOwn = Object.prototype.hasOwnProperty;

export class JsonMap extends CelMap {
  private keyList: string[] | undefined;
  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly hint: CelTypeHint | undefined,
    private readonly path: PathNode | undefined,
  ) {
    super();
  }
  private ownKeys(): string[] {
    return (this.keyList ??= Object.keys(this.raw).filter((k) => this.raw[k] !== undefined));
  }
  get size(): number {
    return this.ownKeys().length;
  }
  get(key: CelValue): CelValue | undefined {
    if (typeof key !== "string" || !hasOwn.call(this.raw, key)) return undefined;
    const v = this.raw[key];
    if (v === undefined) return undefined;
    return fromJson(v, this.hint, this.hint && { parent: this.path, key });
  }
  override getField(name: string): CelValue | undefined {
    const v = this.get(name);
    if (v !== undefined) return v;
    const unescaped = unescapePropertyName(name);
    return unescaped === undefined ? undefined : this.get(unescaped);
  }
  keys(): Iterable<CelValue> {
    return this.ownKeys();
  }
}
