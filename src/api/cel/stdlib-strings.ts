/**
 * cel-go's ext.Strings at version 2, as Kubernetes enables it: charAt, indexOf, lastIndexOf,
 * lowerAscii, upperAscii, replace, split, substring, trim, join, strings.quote. Indices count
 * code points. (`format` is declared but unsupported: see UNSUPPORTED_FUNCTIONS.)
 */
import { CelEvalError } from "./errors.ts";
import { global, type Library, method } from "./functions.ts";
import { codePoints, isAscii, trimSpace } from "./text.ts";
import { ArrayList, type CelList, type CelValue, displayValue } from "./values.ts";

const outOfRange = (i: bigint | number): CelEvalError => new CelEvalError(`index out of range: ${i}`);

function charAt(s: string, i: bigint): string {
  const cps = codePoints(s);
  if (i < 0n || i > BigInt(cps.length)) throw outOfRange(i);
  return cps[Number(i)] ?? "";
}

function indexOf(s: string, sub: string, offset: bigint): bigint {
  if (offset < 0n) throw outOfRange(offset);
  if (isAscii(s) && isAscii(sub)) {
    if (sub === "") return offset > BigInt(s.length) ? BigInt(s.length) : offset;
    if (offset >= BigInt(s.length)) return -1n;
    return BigInt(s.indexOf(sub, Number(offset)));
  }
  const runes = codePoints(s);
  const subs = codePoints(sub);
  if (subs.length === 0) return offset > BigInt(runes.length) ? BigInt(runes.length) : offset;
  if (offset >= BigInt(runes.length)) return -1n;
  const off = Number(offset);
  for (let i = off; i <= runes.length - subs.length; i++) {
    if (subs.every((c, j) => runes[i + j] === c)) return BigInt(i);
  }
  return -1n;
}

function lastIndexOf(s: string, sub: string, offset: bigint | undefined): bigint {
  const runes = codePoints(s);
  const subs = codePoints(sub);
  if (offset === undefined) {
    if (subs.length === 0) return BigInt(runes.length);
    if (runes.length < subs.length) return -1n;
    offset = BigInt(runes.length - 1);
  }
  if (offset < 0n) throw outOfRange(offset);
  if (subs.length === 0) return offset > BigInt(runes.length) ? BigInt(runes.length) : offset;
  if (offset >= BigInt(runes.length)) return -1n;
  let off = Number(offset);
  if (off > runes.length - subs.length) off = runes.length - subs.length;
  for (let i = off; i >= 0; i--) {
    if (subs.every((c, j) => runes[i + j] === c)) return BigInt(i);
  }
  return -1n;
}

const mapAscii = (s: string, lower: boolean): string => s.replace(lower ? /[A-Z]+/g : /[a-z]+/g, (m) => (lower ? m.toLowerCase() : m.toUpperCase()));

/** Go's strings.Replace: n < 0 replaces all; an empty `old` matches before each code point and at the end. */
function replace(s: string, old: string, repl: string, n: bigint): string {
  if (n === 0n || old === repl) return s;
  let limit = n < 0n ? Infinity : Number(n);
  if (old === "") {
    const cps = codePoints(s);
    let out = "";
    for (let i = 0; i <= cps.length; i++) {
      if (limit > 0) {
        out += repl;
        limit--;
      }
      out += cps[i] ?? "";
    }
    return out;
  }
  let out = "";
  let pos = 0;
  while (limit > 0) {
    const at = s.indexOf(old, pos);
    if (at < 0) break;
    out += s.slice(pos, at) + repl;
    pos = at + old.length;
    limit--;
  }
  return out + s.slice(pos);
}

/** Go's strings.SplitN: n == 0 → none, n < 0 → all, else at most n parts; "" splits code points. */
function split(s: string, sep: string, n: bigint): CelValue {
  if (n === 0n) return new ArrayList([]);
  const limit = n < 0n ? Infinity : Number(n);
  let parts: string[];
  if (sep === "") {
    const cps = codePoints(s);
    parts = cps.length > limit ? [...cps.slice(0, limit - 1), cps.slice(limit - 1).join("")] : cps;
  } else {
    parts = [];
    let pos = 0;
    while (parts.length < limit - 1) {
      const at = s.indexOf(sep, pos);
      if (at < 0) break;
      parts.push(s.slice(pos, at));
      pos = at + sep.length;
    }
    parts.push(s.slice(pos));
  }
  return new ArrayList(parts);
}

function substring(s: string, start: bigint, end: bigint | undefined): string {
  const runes = codePoints(s);
  const len = BigInt(runes.length);
  if (end === undefined) {
    if (start < 0n || start > len) throw outOfRange(start);
    return runes.slice(Number(start)).join("");
  }
  if (start > end) throw new CelEvalError(`invalid substring range. start: ${start}, end: ${end}`);
  if (start < 0n || start > len) throw outOfRange(start);
  if (end < 0n || end > len) throw outOfRange(end);
  return runes.slice(Number(start), Number(end)).join("");
}

function join(list: CelList, sep: string): string {
  const parts: string[] = [];
  for (const v of list) {
    if (typeof v !== "string") throw new CelEvalError(`join: invalid input: ${displayValue(v)}`);
    parts.push(v);
  }
  return parts.join(sep);
}

const QUOTE_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  "\\": "\\\\",
  '"': '\\"',
};

function quote(s: string): string {
  return `"${s.toWellFormed().replace(/[\x07\b\f\n\r\t\v\\"]/g, (c) => QUOTE_ESCAPES[c] as string)}"`;
}

export const STRINGS_LIBRARY: Library = {
  charAt: method([1], [["string", "int"], charAt]),
  indexOf: method(
    [1, 2],
    [["string", "string"], (s: string, sub: string) => indexOf(s, sub, 0n)],
    [["string", "string", "int"], indexOf],
  ),
  lastIndexOf: method(
    [1, 2],
    [["string", "string"], (s: string, sub: string) => lastIndexOf(s, sub, undefined)],
    [["string", "string", "int"], lastIndexOf],
  ),
  lowerAscii: method([0], [["string"], (s: string) => mapAscii(s, true)]),
  upperAscii: method([0], [["string"], (s: string) => mapAscii(s, false)]),
  replace: method(
    [2, 3],
    [["string", "string", "string"], (s: string, o: string, r: string) => replace(s, o, r, -1n)],
    [["string", "string", "string", "int"], replace],
  ),
  split: method([1, 2], [["string", "string"], (s: string, sep: string) => split(s, sep, -1n)], [["string", "string", "int"], split]),
  substring: method(
    [1, 2],
    [["string", "int"], (s: string, start: bigint) => substring(s, start, undefined)],
    [["string", "int", "int"], substring],
  ),
  trim: method([0], [["string"], trimSpace]),
  join: method([0, 1], [["list"], (l: CelList) => join(l, "")], [["list", "string"], join]),
  "strings.quote": global([1], [["string"], quote]),
};
