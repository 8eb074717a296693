import { SelectorError } from "../labels/errors.ts";

/** Field selectors ("metadata.name=x,status.phase!=Running"), parsed as upstream fields.ParseSelector. */

export type FieldOperator = "=" | "==" | "!=";

export interface FieldRequirement {
  field: string;
  operator: FieldOperator;
  value: string;
}

export type Fields = Readonly<Record<string, string>>;

/** Escapes \ , and = in a value (upstream EscapeValue). */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Reverses escapeValue; unknown escapes and bare ',' '=' are errors with upstream's text. */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === "\\" || c === "," || c === "=") out += c;
      else throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === "\\") inSlash = true;
    else if (c === "," || c === "=") throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new SelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** Splits on commas not escaped by a backslash. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS: readonly FieldOperator[] = ["!=", "==", "="];

function splitTerm(term: string): { lhs: string; op: FieldOperator; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** The AND of field requirements; empty matches everything. */
export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  static everything(): FieldSelector {
    return EVERYTHING;
  }

  /** Missing fields compare as "". */
  matches(fields: Fields): boolean {
    for (const r of this.requirements) {
      const v = Object.hasOwn(fields, r.field) ? fields[r.field] : "";
      if (r.operator === "!=" ? v === r.value : v !== r.value) return false;
    }
    return true;
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** The value an = or == term requires for a field, if any. */
  requiresExactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.operator !== "!=") return r.value;
    return undefined;
  }

  /** Rewrites each requirement (upstream Transform); a result of "" field and value drops it. */
  transform(fn: (field: string, value: string) => { field: string; value: string }): FieldSelector {
    const out: FieldRequirement[] = [];
    for (const r of this.requirements) {
      const { field, value } = fn(r.field, r.value);
      if (field === "" && value === "") continue;
      out.push({ field, operator: r.operator, value });
    }
    return new FieldSelector(out);
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator === "!=" ? "!=" : "="}${escapeValue(r.value)}`).join(",");
  }
}

const EVERYTHING = new FieldSelector([]);

/** Parses a field selector; throws SelectorError with upstream's messages. Terms are sorted. */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const t = splitTerm(part);
    if (!t) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    reqs.push({ field: t.lhs, operator: t.op, value: unescapeValue(t.rhs) });
  }
  return new FieldSelector(reqs);
}

/** A selector requiring exactly these field values. */
export function fieldSelectorFromSet(set: Fields): FieldSelector {
  return new FieldSelector(Object.entries(set).map(([field, value]) => ({ field, operator: "=", value })));
}
