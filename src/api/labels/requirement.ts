import { isQualifiedName, isValidLabelValue } from "../names/qualified.ts";
import { invalid, notSupported, type FieldError } from "../validation/field-error.ts";

/** Selector operators, spelled as upstream's selection.Operator values. */
export type Operator = "in" | "notin" | "=" | "==" | "!=" | "gt" | "lt" | "exists" | "!";

export const BINARY_OPERATORS: readonly Operator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];
const VALID_OPERATORS: readonly string[] = [...BINARY_OPERATORS, "exists", "!"];

/** Label sets are plain maps; undefined is an empty set. */
export type Labels = Readonly<Record<string, string>> | undefined;

const INT64 = /^[+-]?[0-9]+$/;
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64); undefined when it would fail. */
export function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const v = BigInt(s);
  return v < MIN_INT64 || v > MAX_INT64 ? undefined : v;
}

function has(labels: Labels, key: string): boolean {
  return labels !== undefined && Object.hasOwn(labels, key);
}

/** One requirement of a label selector: key, operator, values (upstream labels.Requirement). */
export class Requirement {
  constructor(
    readonly key: string,
    readonly operator: Operator,
    readonly values: readonly string[],
  ) {}

  matches(labels: Labels): boolean {
    switch (this.operator) {
      case "in":
      case "=":
      case "==":
        return has(labels, this.key) && this.values.includes((labels as Record<string, string>)[this.key] as string);
      case "notin":
      case "!=":
        return !has(labels, this.key) || !this.values.includes((labels as Record<string, string>)[this.key] as string);
      case "exists":
        return has(labels, this.key);
      case "!":
        return !has(labels, this.key);
      case "gt":
      case "lt": {
        if (!has(labels, this.key) || this.values.length !== 1) return false;
        const have = parseInt64((labels as Record<string, string>)[this.key] as string);
        const want = parseInt64(this.values[0] as string);
        if (have === undefined || want === undefined) return false;
        return this.operator === "gt" ? have > want : have < want;
      }
    }
  }

  /** Upstream's text form: "!k", "k", "k=v", "k in (a,b)", "k>1". */
  toString(): string {
    const prefix = this.operator === "!" ? "!" : "";
    const op = OPERATOR_TEXT[this.operator];
    if (op === undefined) return prefix + this.key;
    const sorted = this.values.length === 1 ? this.values : [...this.values].sort();
    const values = sorted.join(",");
    return this.operator === "in" || this.operator === "notin" ? `${this.key}${op}(${values})` : `${this.key}${op}${values}`;
  }
}

const OPERATOR_TEXT: Partial<Record<Operator, string>> = {
  "=": "=",
  "==": "==",
  "!=": "!=",
  in: " in ",
  notin: " notin ",
  gt: ">",
  lt: "<",
};

/** Field errors for a key, the way upstream's validateLabelKey reports them. */
export function labelKeyErrors(key: string, field: string): FieldError[] {
  const msgs = isQualifiedName(key);
  return msgs.length ? [invalid(field, key, msgs.join("; "))] : [];
}

/** Upstream NewRequirement's checks; errors use the paths "key" and "values[i][key]". */
export function requirementErrors(key: string, op: string, values: readonly string[]): FieldError[] {
  const errs = labelKeyErrors(key, "key");
  switch (op) {
    case "in":
    case "notin":
      if (values.length === 0) errs.push(invalid("values", values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) errs.push(invalid("values", values, "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (values.length !== 0) errs.push(invalid("values", values, "values set must be empty for exists and does not exist"));
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) errs.push(invalid("values", values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(notSupported("operator", op, VALID_OPERATORS));
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(invalid(`values[${i}][${key}]`, v, msgs.join("; ")));
  });
  return errs;
}
