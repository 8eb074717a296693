/**
 * Recursive-descent parser for CEL (precedence as cel-spec's grammar):
 *
 *   Expr     = Or ["?" Or ":" Expr]        Or  = And {"||" And}      And = Rel {"&&" Rel}
 *   Rel      = Add {("<"|"<="|">="|">"|"=="|"!="|"in") Add}            Add = Mul {("+"|"-") Mul}
 *   Mul      = Unary {("*"|"/"|"%") Unary}  Unary = Member | "!"+ Member | "-"+ Member
 *   Member   = Primary {"." ["?"] IDENT ["(" args ")"] | "[" ["?"] Expr "]"}
 *   Primary  = ["."] IDENT ["(" args ")"] | "(" Expr ")" | "[" list "]" | "{" map "}" | LITERAL
 */
import type { BinaryOp, Expr } from "./ast.ts";
import { CelCompileError, CelUnsupportedError } from "./errors.ts";
import { syntaxError, type Token, tokenize } from "./lexer.ts";
import { expandMacro } from "./macros.ts";
import { INT64_MAX, INT64_MIN } from "./numbers.ts";
import { CelUint } from "./values.ts";

/** Identifiers that cannot name variables or functions (they may still be field names). */
const RESERVED = new Set([
  "as", "break", "const", "continue", "else", "false", "for", "function", "if", "import", "in", "let",
  "loop", "package", "namespace", "null", "return", "true", "var", "void", "while",
]);

const MAX_DEPTH = 250;

const RELOPS = new Set(["<", "<=", ">=", ">", "==", "!="]);

export function parse(src: string): Expr {
  return new Parser(src).parseAll();
}

class Parser {
  private readonly toks: Token[];
  private i = 0;
  private depth = 0;

  constructor(private readonly src: string) {
    this.toks = tokenize(src);
  }

  parseAll(): Expr {
    const e = this.expr();
    const t = this.peek();
    if (t.kind !== "eof") throw this.err(t, `extraneous input '${this.text(t)}'`);
    return e;
  }

  private peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private isPunct(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "punct" && t.value === v;
  }
  private accept(v: string): boolean {
    if (!this.isPunct(v)) return false;
    this.i++;
    return true;
  }
  private expect(v: string): void {
    const t = this.peek();
    if (!this.accept(v)) throw this.err(t, `mismatched input '${this.text(t)}' expecting '${v}'`);
  }
  private text(t: Token): string {
    switch (t.kind) {
      case "eof":
        return "<EOF>";
      case "punct":
      case "ident":
        return t.value;
      default:
        return this.src.slice(t.pos, t.pos + 20);
    }
  }
  private err(t: Token, msg: string): CelCompileError {
    return syntaxError(this.src, t.pos, msg);
  }
  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) throw this.err(t, `expression recursion limit exceeded: ${MAX_DEPTH}`);
  }

  private expr(): Expr {
    this.enter(this.peek());
    const cond = this.or();
    let out = cond;
    if (this.accept("?")) {
      const then = this.or();
      this.expect(":");
      out = { kind: "cond", cond, then, else: this.expr() };
    }
    this.depth--;
    return out;
  }

  private or(): Expr {
    let left = this.and();
    while (this.accept("||")) left = { kind: "or", left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.relation();
    while (this.accept("&&")) left = { kind: "and", left, right: this.relation() };
    return left;
  }

  private relation(): Expr {
    let left = this.addition();
    for (;;) {
      const t = this.peek();
      let op: BinaryOp;
      if (t.kind === "punct" && RELOPS.has(t.value)) op = t.value as BinaryOp;
      else if (t.kind === "ident" && t.value === "in") op = "in";
      else return left;
      this.next();
      left = { kind: "binary", op, left, right: this.addition() };
    }
  }

  private addition(): Expr {
    let left = this.multiplication();
    while (this.isPunct("+") || this.isPunct("-")) {
      const op = (this.next() as { value: string }).value as BinaryOp;
      left = { kind: "binary", op, left, right: this.multiplication() };
    }
    return left;
  }

  private multiplication(): Expr {
    let left = this.unary();
    while (this.isPunct("*") || this.isPunct("/") || this.isPunct("%")) {
      const op = (this.next() as { value: string }).value as BinaryOp;
      left = { kind: "binary", op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isPunct("!") || this.isPunct("-")) {
      const op = t.kind === "punct" ? t.value : "";
      let count = 0;
      while (this.isPunct(op)) {
        this.next();
        count++;
      }
      // A single '-' before a number is part of the literal (so -9223372036854775808 parses).
      const lit = this.peek();
      if (op === "-" && count === 1 && (lit.kind === "int" || lit.kind === "double")) {
        this.next();
        const primary: Expr =
          lit.kind === "int" ? { kind: "lit", value: this.intLiteral(lit, -lit.magnitude) } : { kind: "lit", value: -lit.value };
        return this.memberSuffix(primary);
      }
      this.enter(t);
      const operand = this.member();
      this.depth--;
      if (count % 2 === 0) return operand;
      return op === "!" ? { kind: "not", operand } : { kind: "neg", operand };
    }
    return this.member();
  }

  private intLiteral(t: Token, v: bigint): bigint {
    if (v < INT64_MIN || v > INT64_MAX) throw this.err(t, "invalid int literal");
    return v;
  }

  private member(): Expr {
    return this.memberSuffix(this.primary());
  }

  private memberSuffix(e: Expr): Expr {
    for (;;) {
      if (this.accept(".")) {
        const optional = this.accept("?");
        const t = this.next();
        if (t.kind === "escident") {
          e = { kind: "select", operand: e, field: t.value, optional };
          continue;
        }
        if (t.kind !== "ident" || t.value === "true" || t.value === "false" || t.value === "null" || t.value === "in") {
          throw this.err(t, `no viable alternative at input '.${this.text(t)}'`);
        }
        if (!optional && this.isPunct("(")) {
          this.next();
          const args = this.args(")");
          e = expandMacro(t.value, e, args) ?? { kind: "call", fn: t.value, target: e, args };
          continue;
        }
        if (this.isPunct("{")) throw new CelUnsupportedError("CEL message construction is not supported");
        e = { kind: "select", operand: e, field: t.value, optional };
        continue;
      }
      if (this.accept("[")) {
        const optional = this.accept("?");
        const index = this.expr();
        this.expect("]");
        e = { kind: "index", operand: e, index, optional };
        continue;
      }
      return e;
    }
  }

  private args(close: string): Expr[] {
    const out: Expr[] = [];
    if (this.accept(close)) return out;
    for (;;) {
      out.push(this.expr());
      if (this.accept(close)) return out;
      this.expect(",");
    }
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case "int":
        return { kind: "lit", value: this.intLiteral(t, t.magnitude) };
      case "uint":
        if (t.value > (1n << 64n) - 1n) throw this.err(t, "invalid uint literal");
        return { kind: "lit", value: new CelUint(t.value) };
      case "double":
      case "string":
      case "bytes":
        return { kind: "lit", value: t.value };
      case "ident":
        return this.identOrCall(t, false);
      case "punct":
        break;
      default:
        throw this.err(t, `mismatched input '${this.text(t)}'`);
    }
    switch (t.value) {
      case ".": {
        const id = this.next();
        if (id.kind !== "ident") throw this.err(id, `no viable alternative at input '.${this.text(id)}'`);
        return this.identOrCall(id, true);
      }
      case "(": {
        const e = this.expr();
        this.expect(")");
        return e;
      }
      case "[": {
        this.enter(t);
        const elems: { expr: Expr; optional: boolean }[] = [];
        while (!this.accept("]")) {
          const optional = this.accept("?");
          elems.push({ expr: this.expr(), optional });
          if (!this.isPunct("]")) this.expect(",");
        }
        this.depth--;
        return { kind: "list", elems };
      }
      case "{": {
        this.enter(t);
        const entries: { key: Expr; value: Expr; optional: boolean }[] = [];
        while (!this.accept("}")) {
          const optional = this.accept("?");
          const key = this.expr();
          this.expect(":");
          entries.push({ key, value: this.expr(), optional });
          if (!this.isPunct("}")) this.expect(",");
        }
        this.depth--;
        return { kind: "map", entries };
      }
    }
    throw this.err(t, `mismatched input '${this.text(t)}'`);
  }

  private identOrCall(t: Token & { kind: "ident" }, rooted: boolean): Expr {
    switch (t.value) {
      case "true":
        if (!rooted) return { kind: "lit", value: true };
        break;
      case "false":
        if (!rooted) return { kind: "lit", value: false };
        break;
      case "null":
        if (!rooted) return { kind: "lit", value: null };
        break;
    }
    if (this.isPunct("(")) {
      if (RESERVED.has(t.value)) throw this.err(t, `reserved identifier: ${t.value}`);
      this.next();
      const args = this.args(")");
      return (!rooted && expandMacro(t.value, undefined, args)) || { kind: "call", fn: t.value, target: undefined, args };
    }
    if (RESERVED.has(t.value)) throw this.err(t, `reserved identifier: ${t.value}`);
    if (this.isPunct("{")) throw new CelUnsupportedError("CEL message construction is not supported");
    return { kind: "ident", name: t.value, rooted };
  }
}
