/**
 * RE2 (Go regexp/syntax) patterns translated to JavaScript RegExps with the `u` flag.
 *
 * Handled differences: `.` excludes only \n; \s is ASCII space; \A and \z; \Q..\E; \x{...};
 * octal escapes; escaped punctuation; POSIX [[:classes:]]; \pN and \p{Script}; (?P<name>);
 * flag groups (?i) (?s) (?m) (?is:...) as JS modifier groups; `{` that is no repetition is
 * literal; a leading `]` in a class is literal. RE2's unsupported constructs (lookaround,
 * backreferences, \C, (?U)) and repetition counts over 1000 are errors, as in Go.
 * Matching is JavaScript's backtracking engine: same results, but not RE2's linear time.
 */
import { LRU } from "../../util/lru.ts";
import { CelEvalError } from "./errors.ts";

/** A pattern Go's regexp rejects: a runtime error, or a compile error for a literal pattern. */
export class Re2SyntaxError extends CelEvalError {
  override name = "Re2SyntaxError";
}

const GENERAL_CATEGORIES = new Set(
  "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);

/** POSIX classes as code point ranges (ASCII, as in RE2). */
const POSIX: Record<string, readonly (readonly [number, number])[]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/** Class items for sorted ranges, or for their complement over all code points. */
function rangesToClass(ranges: readonly (readonly [number, number])[], negated: boolean): string {
  let list = ranges;
  if (negated) {
    const out: [number, number][] = [];
    let next = 0;
    for (const [lo, hi] of ranges) {
      if (lo > next) out.push([next, lo - 1]);
      next = hi + 1;
    }
    if (next <= 0x10ffff) out.push([next, 0x10ffff]);
    list = out;
  }
  return list.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join("");
}

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;
const isWordChar = (c: string): boolean => /^[0-9A-Za-z_]$/.test(c);

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

class Translator {
  private i = 0;
  private out = "";
  /** Per open group: how many extra ')' close modifier groups opened by (?flags) inside it. */
  private readonly groups: { extra: number; flags: Flags }[] = [];
  private flags: Flags = { i: false, m: false, s: false };
  /** Flags set by a leading (?flags), applied as RegExp flags. */
  readonly globalFlags: Flags = { i: false, m: false, s: false };

  constructor(private readonly p: string) {}

  private fail(msg: string): never {
    throw new Re2SyntaxError(`error parsing regexp: ${msg}: \`${this.p}\``);
  }

  translate(): string {
    this.leadingFlags();
    while (this.i < this.p.length) this.atom();
    if (this.groups.length > 0) this.fail("missing closing )");
    return this.out + ")".repeat(this.topExtra);
  }

  private topExtra = 0;

  private leadingFlags(): void {
    const m = /^\(\?([imsU]+)\)/.exec(this.p);
    if (m === null) return;
    const f = m[1] as string;
    if (f.includes("U")) throw new Re2SyntaxError("ungreedy mode (?U) is not supported");
    this.globalFlags.i = f.includes("i");
    this.globalFlags.m = f.includes("m");
    this.globalFlags.s = f.includes("s");
    this.flags = { ...this.globalFlags };
    this.i = m[0].length;
  }

  private atom(): void {
    const c = this.p[this.i] as string;
    switch (c) {
      case "\\":
        this.out += this.escape(false);
        return;
      case "[":
        this.charClass();
        return;
      case "(":
        this.group();
        return;
      case ")": {
        const g = this.groups.pop();
        if (g === undefined) this.fail("unexpected )");
        this.out += ")".repeat(g.extra + 1);
        this.flags = g.flags;
        this.i++;
        return;
      }
      case ".":
        this.out += this.flags.s ? "[\\s\\S]" : "[^\\n]";
        this.i++;
        return;
      case "{": {
        // A repetition when it parses as one (JS reports a missing operand as Go does);
        // otherwise a literal brace.
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
        if (m !== null) {
          const lo = Number(m[1]);
          const hi = m[3] === undefined || m[3] === "" ? lo : Number(m[3]);
          if (lo > 1000 || hi > 1000 || (m[2] !== undefined && m[3] !== "" && hi < lo)) this.fail(`invalid repeat count`);
          this.out += m[0];
          this.i += m[0].length;
          return;
        }
        this.out += "\\{";
        this.i++;
        return;
      }
      case "}":
      case "]":
        this.out += "\\" + c;
        this.i++;
        return;
      case "/":
        this.out += "\\/";
        this.i++;
        return;
    }
    const cp = this.p.codePointAt(this.i) as number;
    this.out += String.fromCodePoint(cp);
    this.i += cp > 0xffff ? 2 : 1;
  }

  private group(): void {
    const rest = this.p.slice(this.i);
    const saved = { ...this.flags };
    if (rest.startsWith("(?P<") || rest.startsWith("(?<")) {
      const m = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
      if (m === null) {
        if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) this.fail("invalid or unsupported Perl syntax: `(?<`");
        this.fail("invalid named capture");
      }
      this.out += `(?<${m[1]}>`;
      this.i += m[0].length;
      this.groups.push({ extra: 0, flags: saved });
      return;
    }
    if (rest.startsWith("(?")) {
      const m = /^\(\?(-?[ims]+|[ims]+-[ims]*)?(:|\))/.exec(rest);
      if (m === null) this.fail(`invalid or unsupported Perl syntax: \`${rest.slice(0, 3)}\``);
      const spec = m[1] ?? "";
      const [on = "", off = ""] = spec.split("-");
      const next = { ...this.flags };
      for (const f of on) next[f as keyof Flags] = true;
      for (const f of off) next[f as keyof Flags] = false;
      const mods = this.modifiers(next);
      this.i += m[0].length;
      if (m[2] === ":") {
        this.out += mods === "" ? "(?:" : `(?${mods}:`;
        this.groups.push({ extra: 0, flags: saved });
        this.flags = next;
        return;
      }
      // (?flags) mid-pattern: applies to the rest of the enclosing group.
      if (mods !== "") {
        this.out += `(?${mods}:`;
        const top = this.groups[this.groups.length - 1];
        if (top === undefined) this.topExtra++;
        else top.extra++;
      }
      this.flags = next;
      return;
    }
    this.out += "(";
    this.i++;
    this.groups.push({ extra: 0, flags: saved });
  }

  /** JS modifier syntax for i/m differences from the RegExp flags (s is handled by `.`). */
  private modifiers(next: Flags): string {
    let on = "";
    let off = "";
    for (const f of ["i", "m"] as const) {
      if (next[f] === this.flags[f]) continue;
      if (next[f]) on += f;
      else off += f;
    }
    return off === "" ? on : `${on}-${off}`;
  }

  private charClass(): void {
    this.i++;
    let out = "[";
    if (this.p[this.i] === "^") {
      out += "^";
      this.i++;
    }
    let first = true;
    for (;;) {
      if (this.i >= this.p.length) this.fail("missing closing ]");
      const c = this.p[this.i] as string;
      if (c === "]" && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === "[" && this.p[this.i + 1] === ":") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.p.slice(this.i));
        if (m !== null) {
          const set = POSIX[m[2] as string];
          if (set === undefined) this.fail(`invalid character class range: \`${m[0]}\``);
          out += rangesToClass(set, m[1] === "^");
          this.i += m[0].length;
          continue;
        }
      }
      if (c === "\\") {
        out += this.escape(true);
        continue;
      }
      if (c === "[" || c === "]" || c === "/") {
        out += "\\" + c;
        this.i++;
        continue;
      }
      const cp = this.p.codePointAt(this.i) as number;
      out += String.fromCodePoint(cp);
      this.i += cp > 0xffff ? 2 : 1;
    }
    this.out += out + "]";
  }

  /** An escape at this.i (a backslash); returns its JS form. */
  private escape(inClass: boolean): string {
    const e = this.p[this.i + 1];
    if (e === undefined) this.fail("trailing backslash at end of expression");
    this.i += 2;
    switch (e) {
      case "d":
      case "D":
      case "w":
      case "W":
      case "t":
      case "n":
      case "r":
      case "f":
      case "v":
        return "\\" + e;
      case "b":
      case "B":
        if (inClass) this.fail("invalid escape sequence: `\\" + e + "`");
        return "\\" + e;
      case "a":
        return "\\x07";
      case "s":
        return inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]";
      case "S":
        return inClass ? "\\S" : "[^\\t\\n\\f\\r ]";
      case "A":
        if (inClass) this.fail("invalid escape sequence: `\\A`");
        return "(?<![\\s\\S])";
      case "z":
        if (inClass) this.fail("invalid escape sequence: `\\z`");
        return "(?![\\s\\S])";
      case "Q": {
        if (inClass) this.fail("invalid escape sequence: `\\Q`");
        const end = this.p.indexOf("\\E", this.i);
        const lit = end < 0 ? this.p.slice(this.i) : this.p.slice(this.i, end);
        this.i = end < 0 ? this.p.length : end + 2;
        return Array.from(lit, (ch) => (isWordChar(ch) || ch.codePointAt(0)! > 0x7f ? ch : hex(ch.codePointAt(0)!))).join("");
      }
      case "x": {
        if (this.p[this.i] === "{") {
          const end = this.p.indexOf("}", this.i);
          const h = end < 0 ? "" : this.p.slice(this.i + 1, end);
          if (!/^[0-9A-Fa-f]{1,8}$/.test(h) || parseInt(h, 16) > 0x10ffff) this.fail("invalid escape sequence: `\\x{`");
          this.i = end + 1;
          return hex(parseInt(h, 16));
        }
        const h = this.p.slice(this.i, this.i + 2);
        if (!/^[0-9A-Fa-f]{2}$/.test(h)) this.fail("invalid escape sequence: `\\x`");
        this.i += 2;
        return hex(parseInt(h, 16));
      }
      case "p":
      case "P":
        return this.unicodeClass(e === "P");
    }
    if (e >= "0" && e <= "7") {
      // \0, or \1-\7 followed by an octal digit: up to three octal digits. A lone \1 is a
      // backreference, which RE2 does not support.
      const m = /^[0-7]{1,3}/.exec(this.p.slice(this.i - 1)) as RegExpExecArray;
      if (e !== "0" && m[0].length === 1) this.fail(`invalid escape sequence: \`\\${e}\``);
      this.i += m[0].length - 1;
      return hex(parseInt(m[0], 8));
    }
    const cp = e.codePointAt(0) as number;
    if (cp < 0x80 && !isWordChar(e)) return hex(cp);
    return this.fail(`invalid escape sequence: \`\\${e}\``);
  }

  private unicodeClass(negated: boolean): string {
    let name: string;
    if (this.p[this.i] === "{") {
      const end = this.p.indexOf("}", this.i);
      if (end < 0) this.fail("invalid character class range");
      name = this.p.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      name = this.p[this.i] ?? "";
      this.i++;
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.slice(1);
    }
    if (!/^[A-Za-z_]+$/.test(name)) this.fail(`invalid character class range: \`\\p{${name}}\``);
    const prop = name === "Any" || GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
    return `\\${negated ? "P" : "p"}{${prop}}`;
  }
}

export interface CompiledRe2 {
  /** For tests (`matches`, `find`): no global state. */
  readonly re: RegExp;
  /** For iteration (`findAll`): the `g` flag, lastIndex driven by the caller. */
  readonly global: RegExp;
}

const cache = new LRU<string, CompiledRe2 | Re2SyntaxError>(512);

/** Compiles an RE2 pattern (cached); throws Re2SyntaxError when Go's regexp would reject it. */
export function compileRe2(pattern: string): CompiledRe2 {
  let c = cache.get(pattern);
  if (c === undefined) {
    c = translate(pattern);
    cache.set(pattern, c);
  }
  if (c instanceof Re2SyntaxError) throw c;
  return c;
}

function translate(pattern: string): CompiledRe2 | Re2SyntaxError {
  try {
    const t = new Translator(pattern);
    const source = t.translate();
    const flags = "u" + (t.globalFlags.i ? "i" : "") + (t.globalFlags.m ? "m" : "");
    return { re: new RegExp(source, flags), global: new RegExp(source, flags + "g") };
  } catch (e) {
    if (e instanceof Re2SyntaxError) return e;
    return new Re2SyntaxError(`error parsing regexp: ${(e as Error).message}: \`${pattern}\``);
  }
}

/** Go's FindAllString: successive non-overlapping matches; an empty match right after a match is skipped. */
export function findAll(c: CompiledRe2, s: string, limit: number): string[] {
  const out: string[] = [];
  const re = c.global;
  let pos = 0;
  let prevEnd = -1;
  while ((limit < 0 || out.length < limit) && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === pos) {
      if (start === prevEnd) accept = false;
      const cp = s.codePointAt(pos);
      pos += cp === undefined ? 1 : cp > 0xffff ? 2 : 1;
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m[0]);
  }
  return out;
}
