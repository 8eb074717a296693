import { aggregateMessage, errorString } from "../validation/field-error.ts";
import { SelectorError } from "./errors.ts";
import { BINARY_OPERATORS, labelKeyErrors, type Operator, Requirement, requirementErrors } from "./requirement.ts";
import { Selector } from "./selector.ts";

/** Label selector string parsing, token for token as upstream's labels.Parse. */

const enum Tok {
  Error,
  End,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

interface Item {
  tok: Tok;
  lit: string;
}

const LITERALS: Record<string, Tok> = {
  ")": Tok.ClosedPar,
  ",": Tok.Comma,
  "!": Tok.DoesNotExist,
  "==": Tok.DoubleEquals,
  "=": Tok.Equals,
  ">": Tok.GreaterThan,
  in: Tok.In,
  "<": Tok.LessThan,
  "!=": Tok.NotEquals,
  notin: Tok.NotIn,
  "(": Tok.OpenPar,
};

function literal(s: string): Tok | undefined {
  return Object.hasOwn(LITERALS, s) ? LITERALS[s] : undefined;
}

const isWhitespace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isSpecial = (c: string) => "=!(),><".includes(c) && c !== "";

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  while (true) {
    while (pos < s.length && isWhitespace(s[pos] as string)) pos++;
    if (pos >= s.length) {
      items.push({ tok: Tok.End, lit: "" });
      return items;
    }
    const ch = s[pos] as string;
    if (isSpecial(ch)) {
      // longest run of special symbols that still forms a known token
      let buf = "";
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos] as string)) {
        buf += s[pos];
        const t = literal(buf);
        if (t !== undefined) {
          last = { tok: t, lit: buf };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` });
      continue;
    }
    let buf = "";
    while (pos < s.length && !isSpecial(s[pos] as string) && !isWhitespace(s[pos] as string)) buf += s[pos++];
    items.push({ tok: literal(buf) ?? Tok.Identifier, lit: buf });
  }
}

type Context = "keyAndOperator" | "values";

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  private view(item: Item, ctx: Context): Item {
    if (ctx === "values" && (item.tok === Tok.In || item.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: item.lit };
    return item;
  }
  lookahead(ctx: Context): Item {
    return this.view(this.items[this.position] as Item, ctx);
  }
  consume(ctx: Context): Item {
    return this.view(this.items[this.position++] as Item, ctx);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    while (true) {
      const { tok, lit } = this.lookahead("values");
      if (tok === Tok.Identifier || tok === Tok.DoesNotExist) {
        let r: Requirement;
        try {
          r = this.parseRequirement();
        } catch (e) {
          throw new SelectorError(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const next = this.consume("values");
        if (next.tok === Tok.End) return reqs;
        if (next.tok === Tok.Comma) {
          const after = this.lookahead("values");
          if (after.tok !== Tok.Identifier && after.tok !== Tok.DoesNotExist)
            throw new SelectorError(`found '${after.lit}', expected: identifier after ','`);
        } else {
          throw new SelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === Tok.End) {
        return reqs;
      } else {
        throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === "exists" || operator === "!") return build(key, operator, []);
    const op = this.parseOperator();
    const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
    return build(key, op, [...values].sort());
  }

  private parseKeyAndInferOperator(): { key: string; operator: Operator | undefined } {
    let operator: Operator | undefined;
    let item = this.consume("values");
    if (item.tok === Tok.DoesNotExist) {
      operator = "!";
      item = this.consume("values");
    }
    if (item.tok !== Tok.Identifier) throw new Error(`found '${item.lit}', expected: identifier`);
    const keyErrs = labelKeyErrors(item.lit, "<nil>");
    if (keyErrs.length) throw new Error(errorString(keyErrs[0]!));
    const next = this.lookahead("values").tok;
    if ((next === Tok.End || next === Tok.Comma) && operator !== "!") operator = "exists";
    return { key: item.lit, operator };
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume("keyAndOperator");
    switch (tok) {
      case Tok.In:
        return "in";
      case Tok.Equals:
        return "=";
      case Tok.DoubleEquals:
        return "==";
      case Tok.GreaterThan:
        return "gt";
      case Tok.LessThan:
        return "lt";
      case Tok.NotIn:
        return "notin";
      case Tok.NotEquals:
        return "!=";
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS.join(", ")}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume("values");
    if (open.tok !== Tok.OpenPar) throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead("values");
    if (tok === Tok.Identifier || tok === Tok.Comma) {
      const s = this.parseIdentifiersList();
      if (this.consume("values").tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === Tok.ClosedPar) {
      this.consume("values");
      return new Set([""]);
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    while (true) {
      const { tok, lit } = this.consume("values");
      if (tok === Tok.Identifier) {
        s.add(lit);
        const next = this.lookahead("values");
        if (next.tok === Tok.Comma) continue;
        if (next.tok === Tok.ClosedPar) return s;
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === Tok.Comma) {
        if (s.size === 0) s.add("");
        const next = this.lookahead("values").tok;
        if (next === Tok.ClosedPar) {
          s.add("");
          return s;
        }
        if (next === Tok.Comma) s.add("");
      } else {
        throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead("values").tok;
    if (next === Tok.End || next === Tok.Comma) return new Set([""]);
    const { tok, lit } = this.consume("values");
    if (tok === Tok.Identifier) return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

function build(key: string, op: Operator, values: string[]): Requirement {
  const errs = requirementErrors(key, op, values);
  if (errs.length) throw new Error(aggregateMessage(errs));
  return new Requirement(key, op, values);
}

/**
 * Parses a label selector ("a=b,c in (x,y),!d,e>3"); throws SelectorError with upstream's
 * message. The empty string selects everything.
 */
export function parseSelector(s: string): Selector {
  return Selector.of(new Parser(lex(s)).parse());
}
