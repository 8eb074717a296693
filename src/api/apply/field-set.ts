import { canonicalElement, compareElements, type FieldPath, type PathElement } from "./path.ts";

/**
 * A set of field paths (structured-merge-diff fieldpath.Set): `members` are the child
 * elements that are themselves in the set, `children` the subtrees below elements.
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

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  clone(): FieldSet {
    const s = new FieldSet();
    for (const m of this.members) s.members.add(m);
    for (const [pe, c] of this.children) s.children.set(pe, c.clone());
    return s;
  }

  union(o: FieldSet): FieldSet {
    const s = this.clone();
    for (const m of o.members) s.members.add(m);
    for (const [pe, c] of o.children) {
      const mine = s.children.get(pe);
      s.children.set(pe, mine ? mine.union(c) : c.clone());
    }
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
    const s = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) s.members.add(m);
    for (const [pe, c] of this.children) {
      const other = o.children.get(pe);
      s.children.set(pe, other ? c.difference(other) : c.clone());
    }
    return s.pruned();
  }

  /** Paths of this set neither in `o` nor below a path of `o`. */
  recursiveDifference(o: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) s.members.add(m);
    for (const [pe, c] of this.children) {
      if (o.members.has(pe)) continue;
      const other = o.children.get(pe);
      s.children.set(pe, other ? c.recursiveDifference(other) : c.clone());
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

  /** Drops empty subtrees. */
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
    const nonEmptyChildren = [...this.children].filter(([, c]) => !c.isEmpty());
    if (includeSelf && (this.members.size > 0 || nonEmptyChildren.length > 0)) out["."] = {};
    const keys = new Set<PathElement>([...this.members, ...nonEmptyChildren.map(([pe]) => pe)]);
    for (const pe of [...keys].sort(compareElements)) {
      const child = this.children.get(pe);
      out[pe] = child && !child.isEmpty() ? child.emit(this.members.has(pe)) : {};
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
