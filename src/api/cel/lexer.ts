/** Tokenizer for the CEL grammar (cel-spec langdef.md, cel-go's CEL.g4 lexer rules). */
import { CelCompileError } from "./errors.ts";

export type Token =
  | { kind: "int"; magnitude: bigint; pos: number } // sign is folded in by the parser
  | { kind: "uint"; value: bigint; pos: number }
  | { kind: "double"; value: number; pos: number }
  | { kind: "string"; value: string; pos: number }
  | { kind: "bytes"; value: Uint8Array; pos: number }
  | { kind: "ident"; value: string; pos: number }
  /** A backquoted field name: `a.\`b-c\``. */
  | { kind: "escident"; value: string; pos: number }
  | { kind: "punct"; value: string; pos: number }
  | { kind: "eof"; pos: number };

const PUNCT2 = ["==", "!=", "<=", ">=", "&&", "||"];
const PUNCT1 = "<>+-*/%!?:.,()[]{}";

export function syntaxError(src: string, pos: number, msg: string): CelCompileError {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < src.length; i++) {
    if (src[i] === "\n") {
      line++;
      col = 1;
    } else col++;
  }
  return new CelCompileError(`ERROR: <input>:${line}:${col}: Syntax error: ${msg}`);
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z_]$/.test(c);
const isIdentPart = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
      i++;
      continue;
    }
    if (c === "/" && src[i + 1] === "/") {
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    const start = i;
    // Numbers: 0x.., digits, floats starting with digits or '.'.
    if (isDigit(c) || (c === "." && isDigit(src[i + 1]))) {
      i = lexNumber(src, i, out);
      continue;
    }
    // String and bytes literals with optional r/b prefixes (in either order, any case).
    if (c === '"' || c === "'" || ((c === "r" || c === "R" || c === "b" || c === "B") && startsString(src, i))) {
      i = lexString(src, i, out);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(src[i])) i++;
      out.push({ kind: "ident", value: src.slice(start, i), pos: start });
      continue;
    }
    if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end < 0) throw syntaxError(src, i, "unterminated quoted identifier");
      const name = src.slice(i + 1, end);
      if (!/^[A-Za-z0-9_.\-/ ]+$/.test(name)) throw syntaxError(src, i, `invalid quoted identifier '${name}'`);
      out.push({ kind: "escident", value: name, pos: start });
      i = end + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      out.push({ kind: "punct", value: two, pos: start });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(c)) {
      out.push({ kind: "punct", value: c, pos: start });
      i++;
      continue;
    }
    throw syntaxError(src, i, `token recognition error at: '${c}'`);
  }
  out.push({ kind: "eof", pos: n });
  return out;
}

function startsString(src: string, i: number): boolean {
  const a = src[i]?.toLowerCase();
  const b = src[i + 1];
  if (b === '"' || b === "'") return true;
  const bl = b?.toLowerCase();
  return ((a === "r" && bl === "b") || (a === "b" && bl === "r")) && (src[i + 2] === '"' || src[i + 2] === "'");
}

function lexNumber(src: string, i: number, out: Token[]): number {
  const start = i;
  if (src[i] === "0" && (src[i + 1] === "x" || src[i + 1] === "X") && isHex(src[i + 2])) {
    i += 2;
    while (isHex(src[i])) i++;
    const magnitude = BigInt("0x" + src.slice(start + 2, i));
    if (src[i] === "u" || src[i] === "U") {
      out.push({ kind: "uint", value: magnitude, pos: start });
      return i + 1;
    }
    out.push({ kind: "int", magnitude, pos: start });
    return i;
  }
  while (isDigit(src[i])) i++;
  let isFloat = false;
  if (src[i] === "." && isDigit(src[i + 1])) {
    isFloat = true;
    i++;
    while (isDigit(src[i])) i++;
  }
  if ((src[i] === "e" || src[i] === "E") && (isDigit(src[i + 1]) || ((src[i + 1] === "+" || src[i + 1] === "-") && isDigit(src[i + 2])))) {
    isFloat = true;
    i += 2;
    while (isDigit(src[i])) i++;
  }
  const text = src.slice(start, i);
  if (isFloat) {
    out.push({ kind: "double", value: Number(text), pos: start });
    return i;
  }
  if (src[i] === "u" || src[i] === "U") {
    out.push({ kind: "uint", value: BigInt(text), pos: start });
    return i + 1;
  }
  out.push({ kind: "int", magnitude: BigInt(text), pos: start });
  return i;
}

function lexString(src: string, i: number, out: Token[]): number {
  const start = i;
  let raw = false;
  let bytes = false;
  while (src[i] !== '"' && src[i] !== "'") {
    const p = (src[i] as string).toLowerCase();
    if (p === "r") raw = true;
    else bytes = true;
    i++;
  }
  const q = src[i] as string;
  const triple = src.slice(i, i + 3) === q + q + q;
  const delim = triple ? q + q + q : q;
  i += delim.length;
  // Collected as code points (strings) or byte values (bytes escapes).
  const parts: { cp?: number; byte?: number }[] = [];
  for (;;) {
    if (i >= src.length) throw syntaxError(src, start, "unterminated string literal");
    if (src.startsWith(delim, i)) {
      i += delim.length;
      break;
    }
    const c = src[i] as string;
    if (!triple && (c === "\n" || c === "\r")) throw syntaxError(src, start, "newline in string literal");
    if (c === "\\" && !raw) {
      i = lexEscape(src, i, bytes, parts);
      continue;
    }
    if (c === "\\" && raw) {
      // Raw: the backslash is kept and escapes nothing (r'\' is a complete literal).
      parts.push({ cp: 0x5c });
      i++;
      continue;
    }
    const cp = src.codePointAt(i) as number;
    parts.push({ cp });
    i += cp > 0xffff ? 2 : 1;
  }
  if (bytes) {
    const arr: number[] = [];
    const enc = new TextEncoder();
    for (const p of parts) {
      if (p.byte !== undefined) arr.push(p.byte);
      else arr.push(...enc.encode(String.fromCodePoint(p.cp as number)));
    }
    out.push({ kind: "bytes", value: new Uint8Array(arr), pos: start });
  } else {
    let s = "";
    for (const p of parts) s += String.fromCodePoint((p.cp ?? p.byte) as number);
    out.push({ kind: "string", value: s, pos: start });
  }
  return i;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  "\\": 0x5c,
  "?": 0x3f,
  '"': 0x22,
  "'": 0x27,
  "`": 0x60,
};

function lexEscape(src: string, i: number, bytes: boolean, parts: { cp?: number; byte?: number }[]): number {
  const e = src[i + 1];
  if (e === undefined) throw syntaxError(src, i, "unterminated escape sequence");
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) {
    parts.push({ cp: simple });
    return i + 2;
  }
  if (e === "x" || e === "X") {
    const h = src.slice(i + 2, i + 4);
    if (!/^[0-9a-fA-F]{2}$/.test(h)) throw syntaxError(src, i, "invalid \\x escape");
    const v = parseInt(h, 16);
    parts.push(bytes ? { byte: v } : { cp: v });
    return i + 4;
  }
  if (e === "u" || e === "U") {
    const len = e === "u" ? 4 : 8;
    const h = src.slice(i + 2, i + 2 + len);
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) throw syntaxError(src, i, `invalid \\${e} escape`);
    const v = parseInt(h, 16);
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw syntaxError(src, i, "invalid unicode code point");
    parts.push({ cp: v });
    return i + 2 + len;
  }
  if (e >= "0" && e <= "3") {
    const o = src.slice(i + 1, i + 4);
    if (!/^[0-3][0-7][0-7]$/.test(o)) throw syntaxError(src, i, "invalid octal escape");
    const v = parseInt(o, 8);
    parts.push(bytes ? { byte: v } : { cp: v });
    return i + 4;
  }
  throw syntaxError(src, i, `invalid escape sequence '\\${e}'`);
}
