import type { StatusCause } from "../meta/types.ts";

/**
 * Field-level validation errors with upstream's wording (apimachinery util/validation/field)
 * and the aggregate "Kind "name" is invalid: ..." message of a 422 Invalid Status.
 */

export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueTypeInvalid"
  | "InternalError";

export interface FieldError {
  type: FieldErrorType;
  /** Field path, e.g. "spec.template.spec.containers[0].name". */
  field: string;
  /** Upstream's Detail: the explanation after the type text ("" when none). */
  message: string;
  /** The offending value, printed for Invalid, NotSupported, Duplicate, TypeInvalid and NotFound. */
  badValue?: unknown;
}

/**
 * Field paths as upstream field.Path prints them: a.b[0][key]. Paths are built lazily
 * (a parent link and one segment), so checks that find nothing wrong pay no string work.
 */
export class Path {
  private text: string | undefined;
  private constructor(
    private readonly parent: Path | undefined,
    private readonly segment: string,
    private readonly kind: "root" | "child" | "index",
  ) {}
  static root(name = ""): Path {
    return new Path(undefined, name, "root");
  }
  child(...names: string[]): Path {
    let p: Path = this;
    for (const n of names) p = new Path(p, n, "child");
    return p;
  }
  index(i: number): Path {
    return new Path(this, `[${i}]`, "index");
  }
  key(k: string): Path {
    return new Path(this, `[${k}]`, "index");
  }
  toString(): string {
    if (this.text === undefined) {
      if (!this.parent) this.text = this.segment;
      else {
        const base = this.parent.toString();
        this.text = this.kind === "index" || base === "" ? base + this.segment : `${base}.${this.segment}`;
      }
    }
    return this.text;
  }
}

type P = Path | string;
const f = (p: P) => p.toString();

export function required(field: P, detail = ""): FieldError {
  return { type: "FieldValueRequired", field: f(field), message: detail, badValue: "" };
}
export function invalid(field: P, value: unknown, detail: string): FieldError {
  return { type: "FieldValueInvalid", field: f(field), message: detail, badValue: value };
}
export function duplicate(field: P, value: unknown): FieldError {
  return { type: "FieldValueDuplicate", field: f(field), message: "", badValue: value };
}
export function notFound(field: P, value: unknown): FieldError {
  return { type: "FieldValueNotFound", field: f(field), message: "", badValue: value };
}
export function notSupported(field: P, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length > 0 ? `supported values: ${valid.map(goQuote).join(", ")}` : "";
  return { type: "FieldValueNotSupported", field: f(field), message: detail, badValue: value };
}
export function forbidden(field: P, detail: string): FieldError {
  return { type: "FieldValueForbidden", field: f(field), message: detail, badValue: "" };
}
export function tooLong(field: P, value: unknown, maxLength: number): FieldError {
  return { type: "FieldValueTooLong", field: f(field), message: `must have at most ${maxLength} bytes`, badValue: value };
}
export function tooMany(field: P, actual: number, max: number): FieldError {
  return { type: "FieldValueTooMany", field: f(field), message: max >= 0 ? `must have at most ${max} items` : "has too many items", badValue: actual };
}
export function typeInvalid(field: P, value: unknown, detail: string): FieldError {
  return { type: "FieldValueTypeInvalid", field: f(field), message: detail, badValue: value };
}
export function internalError(field: P, err: Error | string): FieldError {
  return { type: "InternalError", field: f(field), message: typeof err === "string" ? err : err.message };
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueTypeInvalid: "Invalid value",
  InternalError: "Internal error",
};

/** Go's %q for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/** The bad value as upstream prints it (strings quoted, []string{...} for string lists). */
export function formatBadValue(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return `[]string{${v.map(goQuote).join(", ")}}`;
  if (typeof v === "object" && typeof (v as { toString?: unknown }).toString === "function" && (v as object).toString !== Object.prototype.toString)
    return String(v);
  return JSON.stringify(v);
}

/** The message without the field: "Invalid value: \"x\": detail" (upstream ErrorBody). */
export function errorBody(e: FieldError): string {
  let s: string;
  switch (e.type) {
    case "FieldValueRequired":
    case "FieldValueForbidden":
    case "FieldValueTooLong":
    case "InternalError":
      s = TYPE_TEXT[e.type];
      break;
    default:
      s = `${TYPE_TEXT[e.type]}: ${formatBadValue(e.badValue)}`;
  }
  if (e.message) s += `: ${e.message}`;
  return s;
}

/** "field: body" (upstream Error()). */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/** Upstream's aggregate text: one message alone, several deduplicated inside [a, b]. */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const seen: string[] = [];
  for (const e of errs) {
    const msg = errorString(e);
    if (!seen.includes(msg)) seen.push(msg);
  }
  if (seen.length === 1) return seen[0] as string;
  return `[${seen.join(", ")}]`;
}

/** "Kind.group" as GroupKind.String() prints it; core kinds have no group. */
export function qualifiedKind(kind: string | { group: string; kind: string }): string {
  if (typeof kind === "string") return kind;
  return kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
}

/** The message of a 422 Invalid Status: `Deployment.apps "web" is invalid: spec.replicas: ...`. */
export function formatInvalidMessage(kind: string | { group: string; kind: string }, name: string, errs: readonly FieldError[]): string {
  const head = `${qualifiedKind(kind)} ${goQuote(name)} is invalid`;
  return errs.length === 0 ? head : `${head}: ${aggregateMessage(errs)}`;
}

/** Status details causes for field errors (reason = type, message = body, field). */
export function toStatusCauses(errs: readonly FieldError[]): StatusCause[] {
  return errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
}
