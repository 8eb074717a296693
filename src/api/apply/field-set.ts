import { canonicalElement, compareElements, type FieldPath, type PathElement } from "./path.ts";

/**
 * A set of field paths (structured-merge-diff fieldpath.Set): `members` are the child
 * elements that are themselves in the set, `children` the subtrees below elements.
 * A set is built with insert and is not changed afterwards: the set operations return
 * new sets that share unchanged subtrees with their inputs.
 */
export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  static of(...paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) {
      const pe = path[i] as PathElement;
      let child = node.children.get(pe);
      if (!child) {
        child = new FieldSet();
        node.children.set(pe, child);
      }
      node = child;
    }
    node.members.add(path[path.length - 1] as PathElement);
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node; i++) node = node.children.get(path[i] as PathElement);
    return node?.members.has(path[path.length - 1] as PathElement) ?? false;
  }

  /** The subtree under one element (empty when none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pe) ?? EMPTY;
  }

  /** Children are never empty (every way of building a set keeps that true). */
  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  clone(): FieldSet {
    const s = new FieldSet();
    for (const m of this.members) s.members.add(m);
    for (const [pe, c] of this.children) s.children.set(pe, c.clone());
    return s;
  }

  union(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    const s = new FieldSet();
    for (const m of this.members) s.members.add(m);
    for (const m of o.members) s.members.add(m);
    for (const [pe, c] of this.children) {
      const other = o.children.get(pe);
      s.children.set(pe, other ? c.union(other) : c);
    }
    for (const [pe, c] of o.children) if (!this.children.has(pe)) s.children.set(pe, c);
    return s.pruned();
  }

  intersection(o: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const m of this.members) if (o.members.has(m)) s.members.add(m);
    for (const [pe, c] of this.children) {
      const other = o.children.get(pe);
      if (other) s.children.set(pe, c.intersection(other));
    }
    return s.pruned();
  }

  /** Paths of this set not in `o` (exact paths; descendants of o's paths stay). */
  difference(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    const s = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) s.members.add(m);
    for (const [pe, c] of this.children) {
      const other = o.children.get(pe);
      s.children.set(pe, other ? c.difference(other) : c);
    }
    return s.pruned();
  }

  /** Paths of this set neither in `o` nor below a path of `o`. */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    const s = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) s.members.add(m);
    for (const [pe, c] of this.children) {
      if (o.members.has(pe)) continue;
      const other = o.children.get(pe);
      s.children.set(pe, other ? c.recursiveDifference(other) : c);
    }
    return s.pruned();
  }

  /** Every path, members of a level before the subtrees, each in element order. */
  paths(prefix: PathElement[] = []): PathElement[][] {
    const out: PathElement[][] = [];
    for (const m of [...this.members].sort(compareElements)) out.push([...prefix, m]);
    for (const pe of [...this.children.keys()].sort(compareElements)) out.push(...(this.children.get(pe) as FieldSet).paths([...prefix, pe]));
    return out;
  }

  /** Drops empty subtrees (only called on sets being built). */
  private pruned(): FieldSet {
    for (const [pe, c] of this.children) if (c.isEmpty()) this.children.delete(pe);
    return this;
  }

  /** The FieldsV1 JSON object ("." marks an element that is both a member and a parent). */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf) out["."] = {};
    const keys: PathElement[] = [...this.members];
    for (const pe of this.children.keys()) if (!this.members.has(pe)) keys.push(pe);
    if (keys.length > 1) keys.sort(compareElements);
    for (const pe of keys) {
      const child = this.children.get(pe);
      out[pe] = child ? child.emit(this.members.has(pe)) : {};
    }
    return out;
  }

  /** Reads FieldsV1; unknown element encodings are skipped. */
  static fromFieldsV1(v: unknown): FieldSet {
    const s = new FieldSet();
    if (v === null || typeof v !== "object" || Array.isArray(v)) return s;
    for (const [key, sub] of Object.entries(v as Record<string, unknown>)) {
      if (key === ".") continue;
      const pe = canonicalElement(key);
      if (!pe) continue;
      const subObj = sub !== null && typeof sub === "object" && !Array.isArray(sub) ? (sub as Record<string, unknown>) : {};
      const keys = Object.keys(subObj);
      if (keys.length === 0 || Object.hasOwn(subObj, ".")) s.members.add(pe);
      if (keys.some((k) => k !== ".")) {
        const child = FieldSet.fromFieldsV1(subObj);
        if (!child.isEmpty()) s.children.set(pe, child);
      }
    }
    return s;
  }
}

const EMPTY = new FieldSet();

/**
 * Builds a set from paths arriving in depth-first order (as the walkers produce them),
 * reusing the nodes of the previous path's prefix instead of descending from the root.
 */
export class FieldSetBuilder {
  readonly set = new FieldSet();
  /** nodes[i] is the node at depth i of the previous path; pes[i] the element leading to nodes[i + 1]. */
  private readonly nodes: FieldSet[] = [this.set];
  private readonly pes: PathElement[] = [];
  private depth = 0;

  insert(path: FieldPath): void {
    const d = path.length - 1;
    if (d < 0) return;
    let i = 0;
    while (i < d && i < this.depth && this.pes[i] === path[i]) i++;
    for (; i < d; i++) {
      const pe = path[i] as PathElement;
      const parent = this.nodes[i] as FieldSet;
      let c = parent.children.get(pe);
      if (!c) {
        c = new FieldSet();
        parent.children.set(pe, c);
      }
      this.nodes[i + 1] = c;
      this.pes[i] = pe;
    }
    this.depth = d;
    (this.nodes[d] as FieldSet).members.add(path[d] as PathElement);
  }
}
