/**
 * The nesting limit of request documents. Go's encoding/json, and so every decoder of the
 * upstream apiserver, refuses JSON nested deeper than 10,000 objects and arrays ("exceeded
 * max depth"); kubun's own walks (schema checks, pruning, patches, managed fields, the
 * codec) recurse per level, so a deeper document would end its request with a stack
 * overflow instead of a 400. Only text longer than twice the limit can nest that deep (each
 * level takes an opening and a closing bracket), so ordinary bodies are never scanned.
 */

export const MAX_NESTING_DEPTH = 10_000;
export const TOO_DEEP = "exceeded max depth";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Whether JSON text nests objects and arrays deeper than the limit (brackets in strings do not count). */
export function jsonTooDeep(text: string, limit = MAX_NESTING_DEPTH): boolean {
  if (text.length <= 2 * limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Whether a decoded value nests deeper than the limit (walked with a stack of its own, no recursion). */
export function valueTooDeep(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > limit) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === "object") stack.push([x, depth + 1]);
  }
  return false;
}
