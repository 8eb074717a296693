/** The parsed expression tree, with macros already expanded into comprehension nodes. */
import type { CelValue } from "./values.ts";

export type MacroName =
  | "all"
  | "exists"
  | "exists_one"
  | "map"
  | "filter"
  | "transformList"
  | "transformMap"
  | "transformMapEntry"
  | "optMap"
  | "optFlatMap";

export type BinaryOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "+" | "-" | "*" | "/" | "%";

/** A bound function: receives the evaluated arguments (the receiver first for methods). */
export type FunctionImpl = (args: CelValue[]) => CelValue;

export type Expr =
  | { kind: "lit"; value: CelValue }
  /** rooted: written with a leading dot, resolved past comprehension variables. */
  | { kind: "ident"; name: string; rooted: boolean }
  | { kind: "select"; operand: Expr; field: string; optional: boolean }
  /** has(operand.field) */
  | { kind: "has"; operand: Expr; field: string }
  | { kind: "index"; operand: Expr; index: Expr; optional: boolean }
  | { kind: "call"; fn: string; target: Expr | undefined; args: Expr[]; impl?: FunctionImpl }
  | { kind: "not"; operand: Expr }
  | { kind: "neg"; operand: Expr }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }
  | { kind: "and"; left: Expr; right: Expr }
  | { kind: "or"; left: Expr; right: Expr }
  | { kind: "cond"; cond: Expr; then: Expr; else: Expr }
  | { kind: "list"; elems: { expr: Expr; optional: boolean }[] }
  | { kind: "map"; entries: { key: Expr; value: Expr; optional: boolean }[] }
  | {
      kind: "comprehension";
      macro: MacroName;
      range: Expr;
      /** The element (one-variable form), or the index / key (two-variable form). */
      v1: string;
      /** The value in the two-variable forms. */
      v2: string | undefined;
      /** Only elements passing this are transformed (map's and transform*'s filter argument). */
      filter: Expr | undefined;
      body: Expr;
    };
