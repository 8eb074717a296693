/** String helpers with Go semantics: code points, UTF-8, unicode.IsSpace. */
import { CelEvalError } from "./errors.ts";

/** Number of code points (CEL string size), counting each surrogate pair once. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** The string's code points as an array of one-code-point strings (Go's []rune). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Whether every unit is ASCII, so UTF-16 indices equal code point indices. */
export function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

export function utf8Decode(b: Uint8Array): string {
  try {
    return strictDecoder.decode(b);
  } catch {
    throw new CelEvalError("invalid UTF-8 in bytes, cannot convert to string");
  }
}

/** Go's unicode.IsSpace. */
export function isGoSpace(cp: number): boolean {
  switch (cp) {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
  }
  return cp >= 0x2000 && cp <= 0x200a;
}

/** Go's strings.TrimSpace. */
export function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}
