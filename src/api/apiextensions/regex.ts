/**
 * CRD `pattern`s are Go (RE2) regular expressions; they run here as ECMAScript ones,
 * translated for the common differences (leading (?i)/(?s)/(?m) flags, \A and \z, POSIX
 * classes like [[:alpha:]], \pL) and compiled once per pattern. Constructs RE2 rejects
 * (lookaround, backreferences) are reported as invalid even though JavaScript accepts them.
 * Remaining differences: \s and \b follow JavaScript, and messages for other syntax errors
 * are JavaScript's, not RE2's.
 */

const POSIX: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

export type CompiledPattern = RegExp | { error: string };

const cache = new Map<string, CompiledPattern>();
const MAX_CACHED = 4096;

/** The compiled form of a Go pattern, or the reason it does not compile. Cached per pattern text. */
export function compilePattern(pattern: string): CompiledPattern {
  let hit = cache.get(pattern);
  if (hit === undefined) {
    hit = compile(pattern);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(pattern, hit);
  }
  return hit;
}

function compile(pattern: string): CompiledPattern {
  const unsupported = /\(\?<?[=!]/.exec(pattern);
  if (unsupported) return { error: `error parsing regexp: invalid or unsupported Perl syntax: \`${unsupported[0]}\`` };
  let flags = "";
  let src = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]!) if (f !== "U" && !flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "\\") {
      const n = src[i + 1];
      if (n === undefined) return { error: "error parsing regexp: trailing backslash at end of expression: ``" };
      if (!inClass && n >= "1" && n <= "9") return { error: `error parsing regexp: invalid escape sequence: \`\\${n}\`` };
      if (!inClass && n === "A") out += "(?<![\\s\\S])";
      else if (!inClass && n === "z") out += "(?![\\s\\S])";
      else if ((n === "p" || n === "P") && src[i + 2] !== "{" && src[i + 2] !== undefined) {
        out += `\\${n}{${src[i + 2]}}`;
        i++;
      } else out += c + n;
      i++;
      continue;
    }
    if (inClass && c === "[" && src[i + 1] === ":") {
      const end = src.indexOf(":]", i + 2);
      const name = end > 0 ? src.slice(i + 2, end) : "";
      const negated = name.startsWith("^");
      const cls = POSIX[negated ? name.slice(1) : name];
      if (cls !== undefined && !negated) {
        out += cls;
        i = end + 1;
        continue;
      }
    }
    if (c === "(" && !inClass && src.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
      continue;
    }
    if (c === "[" && !inClass) {
      inClass = true;
      out += c;
      if (src[i + 1] === "^") out += src[++i]!;
      if (src[i + 1] === "]") out += `\\${src[++i]!}`;
      continue;
    }
    if (c === "]" && inClass) inClass = false;
    out += c;
  }
  try {
    return new RegExp(out, `${flags}u`);
  } catch {
    try {
      return new RegExp(out, flags);
    } catch (e) {
      return { error: `error parsing regexp: ${(e as Error).message}` };
    }
  }
}
