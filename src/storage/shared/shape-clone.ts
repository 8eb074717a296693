/**
 * Compiled deep copies, for handing one decoded value to many watchers. A copier is
 * generated for one exact shape (the keys of every object and the length of every array,
 * at every depth): a function that rebuilds the object from constant-key object and array
 * literals. In JavaScriptCore that copies a 2 KB Pod in a quarter of the time of a generic
 * for-in copy, but generating it costs more than a thousand generic copies, so a shape is
 * compiled only the second time it is seen; unknown, oversized or non-plain values get no
 * copier (the caller falls back to clonePlain). Keys are emitted as computed string keys,
 * so "__proto__" stays an own property as JSON.parse makes it.
 */

export type Copier = (template: unknown) => unknown;

/** Objects, arrays and leaves in one value beyond which no copier is generated. */
const MAX_NODES = 4000;
/** Distinct shapes remembered; the table is emptied when full. */
const MAX_SHAPES = 256;

export class ShapeCopiers {
  private readonly shapes = new Map<string, number | Copier>();

  /**
   * A copier for `template`'s shape once that shape has been seen before (or at once when
   * `eager`: the caller is about to make enough copies to pay for compiling); else undefined.
   */
  for(template: unknown, eager = false): Copier | undefined {
    const parts: string[] = [];
    if (typeof template !== "object" || template === null || signature(template, parts, 0) < 0) return undefined;
    const sig = parts.join("");
    const known = this.shapes.get(sig);
    if (typeof known === "function") return known;
    if (this.shapes.size >= MAX_SHAPES) this.shapes.clear();
    if (known === undefined && !eager) {
      this.shapes.set(sig, 1);
      return undefined;
    }
    const copier = compile(template);
    this.shapes.set(sig, copier);
    return copier;
  }
}

function plainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Appends `v`'s shape to `out`; returns the node count so far, or -1 (not plain data, or too big). */
function signature(v: object, out: string[], nodes: number): number {
  if (++nodes > MAX_NODES) return -1;
  if (Array.isArray(v)) {
    out.push(`[${v.length}`);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "object" && x !== null) {
        nodes = signature(x, out, nodes);
        if (nodes < 0) return -1;
      } else {
        out.push(".");
        nodes++;
      }
    }
    out.push("]");
    return nodes;
  }
  if (!plainObject(v)) return -1;
  out.push("{");
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    out.push(`${k.length}:${k}`);
    if (typeof x === "object" && x !== null) {
      nodes = signature(x, out, nodes);
      if (nodes < 0) return -1;
    } else {
      out.push(".");
      nodes++;
    }
  }
  out.push("}");
  return nodes;
}

function compile(template: unknown): Copier {
  const lines: string[] = [];
  let n = 0;
  const emit = (v: unknown, expr: string): string => {
    if (typeof v !== "object" || v === null) return expr;
    const name = `v${n++}`;
    lines.push(`const ${name}=${expr};`);
    if (Array.isArray(v)) return `[${v.map((x, i) => emit(x, `${name}[${i}]`)).join(",")}]`;
    const fields: string[] = [];
    for (const k in v) {
      const key = JSON.stringify(k);
      fields.push(`[${key}]:${emit((v as Record<string, unknown>)[k], `${name}[${key}]`)}`);
    }
    return `{${fields.join(",")}}`;
  };
  const body = emit(template, "t");
  return new Function("t", `${lines.join("")}return ${body};`) as Copier;
}
