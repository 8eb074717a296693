/**
 * YAML output as kubectl writes it (JSON -> sigs.k8s.io/yaml -> go-yaml v2): keys
 * sorted, sequences not indented under their key, strings that would read back as
 * another type double-quoted ("123", "true", timestamps), strings with indicators
 * single-quoted ('*', 'a: b'), multi-line strings as literal blocks.
 */

export function toYaml(value: unknown): string {
  const lines: string[] = [];
  emitTop(value, lines);
  return lines.join("\n") + "\n";
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function emitTop(v: unknown, lines: string[]): void {
  if (isMap(v) && Object.keys(v).length > 0) emitMap(v, "", lines);
  else if (Array.isArray(v) && v.length > 0) emitSeq(v, "", lines);
  else lines.push(scalar(v, ""));
}

function emitMap(m: Record<string, unknown>, indent: string, lines: string[], firstPrefix?: string): void {
  const keys = Object.keys(m).sort(compareKeys);
  keys.forEach((k, i) => {
    const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : indent;
    const v = m[k];
    const key = scalarString(k, indent);
    if (isMap(v) && Object.keys(v).length > 0) {
      lines.push(`${lead}${key}:`);
      emitMap(v, indent + "  ", lines);
    } else if (Array.isArray(v) && v.length > 0) {
      lines.push(`${lead}${key}:`);
      emitSeq(v, indent, lines);
    } else {
      lines.push(`${lead}${key}: ${scalar(v, indent + "  ")}`);
    }
  });
}

function emitSeq(a: unknown[], indent: string, lines: string[], firstPrefix?: string): void {
  a.forEach((v, i) => {
    const lead = (i === 0 && firstPrefix !== undefined ? firstPrefix : indent) + "- ";
    if (isMap(v) && Object.keys(v).length > 0) emitMap(v, indent + "  ", lines, lead);
    else if (Array.isArray(v) && v.length > 0) emitSeq(v, indent + "  ", lines, lead);
    else lines.push(`${lead}${scalar(v, indent + "  ")}`);
  });
}

/** go-yaml sorts map keys with numbers in numeric order; plain code-unit order is what JSON keys give. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function scalar(v: unknown, indent: string): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return scalarString(v, indent);
  if (Array.isArray(v)) return "[]";
  if (typeof v === "object") return "{}";
  return scalarString(String(v), indent);
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? ".nan" : n > 0 ? "+.inf" : "-.inf";
  return String(n);
}

const NON_STRING_WORDS = new Set([
  "", "~", "null", "Null", "NULL",
  "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
  "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
  ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<",
]);

const INT = /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/;

/** True when a plain scalar with this text would read back as something other than a string. */
function resolvesToNonString(s: string): boolean {
  return NON_STRING_WORDS.has(s) || INT.test(s) || FLOAT.test(s) || TIMESTAMP.test(s);
}

// go-yaml's is_printable: LF, 0x20..0x7E, 0x85, 0xA0 and above except BOM/FFFE/FFFF; anything else (tab included) forces double quotes.
function hasSpecial(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x0a) continue;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0 && c !== 0x85) || c === 0xfeff || c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}

/** go-yaml's analysis of whether a string may be written plain in block context. */
function plainAllowed(s: string): boolean {
  if (s.startsWith("---") || s.startsWith("...")) return false;
  if (/^\s|\s$/.test(s)) return false;
  const first = s[0]!;
  const followedBySpace = (i: number) => i + 1 >= s.length || s[i + 1] === " " || s[i + 1] === "\t" || s[i + 1] === "\n";
  if ("#,[]{}&*!|>'\"%@`".includes(first)) return false;
  if ((first === "?" || first === ":" || first === "-") && followedBySpace(0)) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === ":" && followedBySpace(i)) return false;
    if (c === "#" && (s[i - 1] === " " || s[i - 1] === "\t")) return false;
  }
  return true;
}

function doubleQuoted(s: string): string {
  return JSON.stringify(s);
}

function scalarString(s: string, indent: string): string {
  if (hasSpecial(s)) return doubleQuoted(s);
  if (s.includes("\n")) return literal(s, indent);
  if (resolvesToNonString(s)) return doubleQuoted(s);
  if (plainAllowed(s)) return s;
  return `'${s.replace(/'/g, "''")}'`;
}

/** A literal block scalar, or double quotes where a block cannot hold the text exactly. */
function literal(s: string, indent: string): string {
  const body = s.replace(/\n+$/, "");
  const trailing = s.length - body.length;
  const lines = body.split("\n");
  // go-yaml refuses block style when a line ends in a space or a space precedes a break.
  if (lines.some((l) => /[ \t]$/.test(l))) return doubleQuoted(s);
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  const pad = indent === "" ? "  " : indent;
  const indicator = /^[ \t]/.test(s) || s.startsWith("\n") ? String(pad.length) : "";
  const rest = s.slice(body.length + 1).split("\n").slice(0, -1);
  const all = [...lines, ...(trailing > 1 ? rest : [])];
  return `|${indicator}${chomp}\n` + all.map((l) => (l === "" ? "" : pad + l)).join("\n");
}
