/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): literal text with
 * `{expressions}`: `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[1:3]`, `[*]`, `.*`, `..name`,
 * `[?(@.x == "y")]`, unions `['a','b']`, `{range EXPR}...{end}`, string literals
 * `{"\n"}`. Several results of one expression are joined by spaces; strings print
 * raw, maps and lists as JSON. Missing keys print nothing (kubectl's default
 * --allow-missing-template-keys=true). Used by the CLI's printers and by the apiserver's
 * printer columns of custom resources.
 */
import { getOwn, setOwn } from "./own-keys.ts";

/** A template that does not parse. */
export class JsonPathError extends Error {}

/** A copy with object keys sorted at every depth (Go's encoding/json map order). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) setOwn(out, k, sortKeys((v as Record<string, unknown>)[k]));
    return out;
  }
  return v;
}

type Segment =
  | { t: "field"; names: string[] }
  | { t: "wild" }
  | { t: "recursive" }
  | { t: "index"; indexes: number[] }
  | { t: "slice"; start?: number; end?: number; step?: number }
  | { t: "filter"; left: Path | Literal; op?: string; right?: Path | Literal };

interface Path {
  root: "$" | "@";
  segments: Segment[];
}

interface Literal {
  literal: unknown;
}

type Node = { t: "text"; text: string } | { t: "expr"; paths: Path[] } | { t: "range"; path: Path; body: Node[] };

export class JsonPath {
  private readonly nodes: Node[];

  constructor(template: string) {
    this.nodes = parseTemplate(template);
  }

  /** The template's text for one input value. */
  execute(data: unknown): string {
    return run(this.nodes, data, data);
  }

  /** The raw values the template's expressions select (for --sort-by). */
  values(data: unknown): unknown[] {
    return this.nodes.flatMap((n) => (n.t === "expr" ? n.paths.flatMap((p) => evalPath(p, data, data)) : []));
  }
}

/** kubectl's relaxed JSONPath for --sort-by and custom-columns: `.a.b`, `a.b` or `{.a.b}`. */
export function relaxedJsonPath(expr: string): JsonPath {
  if (expr.startsWith("{")) return new JsonPath(expr);
  return new JsonPath(`{${expr.startsWith(".") || expr.startsWith("$") ? "" : "."}${expr}}`);
}

/** kubectl's --sort-by order: missing values first, numbers by value, everything else as text. */
export function compareSortValues(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = typeof a === "string" ? a : JSON.stringify(a);
  const y = typeof b === "string" ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function run(nodes: readonly Node[], root: unknown, cur: unknown): string {
  let out = "";
  for (const n of nodes) {
    if (n.t === "text") out += n.text;
    else if (n.t === "expr") {
      const values = n.paths.flatMap((p) => evalPath(p, root, cur));
      out += values.map(text).join(" ");
    } else {
      for (const item of evalPath(n.path, root, cur)) {
        const items = Array.isArray(item) ? item : [item];
        for (const it of items) out += run(n.body, root, it);
      }
    }
  }
  return out;
}

function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return v === null ? "null" : "";
  if (typeof v === "object") return JSON.stringify(sortKeys(v));
  return String(v);
}

// ---- evaluation

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === "object") return Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]);
  return [];
}

function descendants(v: unknown, out: unknown[]): void {
  out.push(v);
  for (const c of children(v)) descendants(c, out);
}

function evalPath(p: Path, root: unknown, cur: unknown): unknown[] {
  let vals: unknown[] = [p.root === "$" ? root : cur];
  for (const seg of p.segments) {
    const next: unknown[] = [];
    for (const v of vals) applySegment(seg, v, root, next);
    vals = next;
  }
  return vals;
}

function applySegment(seg: Segment, v: unknown, root: unknown, out: unknown[]): void {
  switch (seg.t) {
    case "field":
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        for (const name of seg.names) {
          const r = getOwn(v, name);
          if (r !== undefined) out.push(r);
        }
      }
      return;
    case "wild":
      out.push(...children(v));
      return;
    case "recursive":
      descendants(v, out);
      return;
    case "index":
      if (Array.isArray(v)) {
        for (const i of seg.indexes) {
          const j = i < 0 ? v.length + i : i;
          if (j >= 0 && j < v.length) out.push(v[j]);
        }
      }
      return;
    case "slice": {
      if (!Array.isArray(v)) return;
      const len = v.length;
      const norm = (x: number) => (x < 0 ? Math.max(0, len + x) : Math.min(x, len));
      const start = norm(seg.start ?? 0);
      const end = norm(seg.end ?? len);
      const step = seg.step ?? 1;
      if (step <= 0) return;
      for (let i = start; i < end; i += step) out.push(v[i]);
      return;
    }
    case "filter": {
      for (const item of children(v)) if (filterMatches(seg, item, root)) out.push(item);
      return;
    }
  }
}

function operand(x: Path | Literal, root: unknown, item: unknown): unknown[] {
  return "literal" in x ? [x.literal] : evalPath(x, root, item);
}

function filterMatches(seg: Extract<Segment, { t: "filter" }>, item: unknown, root: unknown): boolean {
  const left = operand(seg.left, root, item);
  if (!seg.op || !seg.right) return left.length > 0 && left[0] !== false && left[0] !== null;
  const right = operand(seg.right, root, item);
  if (left.length === 0 || right.length === 0) return false;
  const a = left[0];
  const b = right[0];
  switch (seg.op) {
    case "==":
      return a === b || (typeof a === "number" && String(a) === String(b));
    case "!=":
      return !(a === b || (typeof a === "number" && String(a) === String(b)));
    case "<":
      return (a as number) < (b as number);
    case ">":
      return (a as number) > (b as number);
    case "<=":
      return (a as number) <= (b as number);
    case ">=":
      return (a as number) >= (b as number);
    case "=~":
      return typeof a === "string" && typeof b === "string" && new RegExp(b).test(a);
  }
  return false;
}

// ---- parsing

function fail(msg: string): never {
  throw new JsonPathError(`error parsing jsonpath ${msg}`);
}

/** Splits the template into text and `{...}` (quotes inside braces may hold braces). */
function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  let buf = "";
  while (i < template.length) {
    const c = template[i]!;
    if (c !== "{") {
      buf += c;
      i++;
      continue;
    }
    if (buf) stack[stack.length - 1]!.push({ t: "text", text: buf });
    buf = "";
    let j = i + 1;
    let quote = "";
    for (; j < template.length; j++) {
      const d = template[j]!;
      if (quote) {
        if (d === "\\") j++;
        else if (d === quote) quote = "";
      } else if (d === '"' || d === "'") quote = d;
      else if (d === "}") break;
    }
    if (j >= template.length) fail(`${template}: unclosed action`);
    const expr = template.slice(i + 1, j).trim();
    i = j + 1;
    const top = stack[stack.length - 1]!;
    if (expr === "end") {
      if (stack.length === 1) fail(`${template}: not in range, nothing to end`);
      stack.pop();
    } else if (expr.startsWith("range ") || expr === "range") {
      const node: Node = { t: "range", path: parsePath(expr.slice(5).trim()), body: [] };
      top.push(node);
      stack.push(node.body);
    } else if (/^(["']).*\1$/s.test(expr)) {
      top.push({ t: "text", text: unquote(expr) });
    } else {
      top.push({ t: "expr", paths: splitTop(expr, ",").map((p) => parsePath(p.trim())) });
    }
  }
  if (buf) stack[stack.length - 1]!.push({ t: "text", text: buf });
  if (stack.length !== 1) fail(`${template}: unclosed range`);
  return root;
}

function unquote(s: string): string {
  const body = s.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) => ({ n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" })[c] ?? c);
}

/** Splits on sep outside quotes, brackets and parentheses. */
function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === sep && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function parsePath(expr: string): Path {
  let i = 0;
  const path: Path = { root: "@", segments: [] };
  if (expr[0] === "$") {
    path.root = "$";
    i = 1;
  } else if (expr[0] === "@") i = 1;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === ".") {
      if (expr[i + 1] === ".") {
        path.segments.push({ t: "recursive" });
        i += 2;
        if (expr[i] === "[") continue;
      } else i++;
      if (expr[i] === "*") {
        path.segments.push({ t: "wild" });
        i++;
        continue;
      }
      let name = "";
      while (i < expr.length && expr[i] !== "." && expr[i] !== "[") {
        if (expr[i] === "\\" && i + 1 < expr.length) {
          name += expr[i + 1];
          i += 2;
        } else name += expr[i++];
      }
      if (name) path.segments.push({ t: "field", names: [name] });
    } else if (c === "[") {
      let j = i + 1;
      let depth = 1;
      let quote = "";
      for (; j < expr.length; j++) {
        const d = expr[j]!;
        if (quote) {
          if (d === "\\") j++;
          else if (d === quote) quote = "";
        } else if (d === '"' || d === "'") quote = d;
        else if (d === "[") depth++;
        else if (d === "]" && --depth === 0) break;
      }
      if (j >= expr.length) fail(`${expr}: unterminated array`);
      path.segments.push(parseBracket(expr.slice(i + 1, j).trim(), expr));
      i = j + 1;
    } else if (c === " ") i++;
    else fail(`${expr}: unrecognized character in action: ${c}`);
  }
  return path;
}

function parseBracket(body: string, expr: string): Segment {
  if (body === "*") return { t: "wild" };
  if (body.startsWith("?")) {
    const inner = body.slice(1).trim();
    if (!inner.startsWith("(") || !inner.endsWith(")")) fail(`${expr}: invalid filter`);
    const cond = inner.slice(1, -1).trim();
    const m = /^(.*?)\s*(==|!=|<=|>=|=~|<|>)\s*(.*)$/s.exec(cond);
    if (!m) return { t: "filter", left: parseOperand(cond) };
    return { t: "filter", left: parseOperand(m[1]!), op: m[2]!, right: parseOperand(m[3]!) };
  }
  const parts = splitTop(body, ",").map((p) => p.trim());
  if (parts.every((p) => /^(["']).*\1$/s.test(p))) return { t: "field", names: parts.map(unquote) };
  if (parts.length === 1 && parts[0]!.includes(":")) {
    const [a, b, c] = parts[0]!.split(":").map((x) => x.trim());
    const num = (x: string | undefined) => (x === undefined || x === "" ? undefined : toInt(x, expr));
    const seg: Segment = { t: "slice" };
    const s = num(a);
    const e = num(b);
    const st = num(c);
    if (s !== undefined) seg.start = s;
    if (e !== undefined) seg.end = e;
    if (st !== undefined) seg.step = st;
    return seg;
  }
  return { t: "index", indexes: parts.map((p) => toInt(p, expr)) };
}

function toInt(s: string, expr: string): number {
  if (!/^-?\d+$/.test(s)) fail(`${expr}: invalid array index ${s}`);
  return Number(s);
}

function parseOperand(s: string): Path | Literal {
  const t = s.trim();
  if (t.startsWith("@") || t.startsWith("$")) return parsePath(t);
  if (/^(["']).*\1$/s.test(t)) return { literal: unquote(t) };
  if (t === "true" || t === "false") return { literal: t === "true" };
  if (t !== "" && !Number.isNaN(Number(t))) return { literal: Number(t) };
  return { literal: t };
}
