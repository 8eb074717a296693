import type { FieldSchema } from "../meta/field-schema.ts";
import { getOwn, setOwn } from "../../util/own-keys.ts";
import { FieldSet, FieldSetBuilder } from "./field-set.ts";
import { fieldElement, type PathElement } from "./path.ts";
import { childSchema, isObj, isStructField, itemElement, resolve, schemaBelow } from "./schema-type.ts";

/**
 * The structured-merge-diff operations apply needs, over plain JSON values and a
 * FieldSchema: the field set a value specifies, comparison, merge (right wins, lists by
 * key), item removal, and named-field membership.
 */

type Path = PathElement[];

function isEmptyObject(o: Record<string, unknown>): boolean {
  for (const _ in o) return false;
  return true;
}

/** typed.ToFieldSet: leaves, list items, map entries; struct fields only when null or {}. */
export function toFieldSet(value: unknown, schema: FieldSchema): FieldSet {
  const b = new FieldSetBuilder();
  walkFieldSet(value, schema, [], b);
  return b.set;
}

function walkFieldSet(v: unknown, s: FieldSchema, path: Path, set: FieldSetBuilder): void {
  const t = resolve(s);
  if (t.kind === "list" || (t.kind === "deduced" && Array.isArray(v))) {
    if (t.kind === "deduced" || t.atomic || !Array.isArray(v)) {
      set.insert(path);
      return;
    }
    const items = s.items ?? childSchema(s, "");
    v.forEach((item, i) => {
      path.push(itemElement(t, item, i));
      walkFieldSet(item, items, path, set);
      set.insert(path);
      path.pop();
    });
    return;
  }
  if (t.kind === "struct" || t.kind === "map" || (t.kind === "deduced" && isObj(v))) {
    if (t.atomic || !isObj(v)) {
      set.insert(path);
      return;
    }
    for (const k in v) {
      const val = v[k];
      if (val === undefined) continue;
      path.push(fieldElement(k));
      walkFieldSet(val, childSchema(s, k), path, set);
      if (val === null || (isObj(val) && isEmptyObject(val)) || !isStructField(s, k)) set.insert(path);
      path.pop();
    }
    return;
  }
  set.insert(path);
}

export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

interface Hooks {
  leaf?: (path: Path, lhs: unknown, rhs: unknown) => void;
  item?: (path: Path, lhs: unknown, rhs: unknown) => void;
}

/** Deep equality of JSON values (undefined map values count as absent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

const EMPTY_LIST: readonly unknown[] = [];
const EMPTY_MAP: Readonly<Record<string, unknown>> = {};

/** The merging walker: `undefined` is absent, null is a value; returns the merged value. */
function walk(lhs: unknown, rhs: unknown, s: FieldSchema, path: Path, hooks: Hooks): unknown {
  const t = resolve(s);
  const leaf = () => {
    hooks.leaf?.(path, lhs, rhs);
    return rhs !== undefined ? rhs : lhs;
  };
  if (t.kind === "scalar") return leaf();
  const absent = (x: unknown) => x === undefined || x === null;
  const asList = t.kind === "list" || (t.kind === "deduced" && (Array.isArray(lhs) || Array.isArray(rhs)));
  let out: unknown;
  if (asList) {
    if (t.kind === "deduced" || t.atomic || !(absent(lhs) || Array.isArray(lhs)) || !(absent(rhs) || Array.isArray(rhs))) return leaf();
    const l = Array.isArray(lhs) ? lhs : EMPTY_LIST;
    const r = Array.isArray(rhs) ? rhs : EMPTY_LIST;
    if (l.length === 0 && r.length === 0) return leaf();
    out = mergeList(l, r, s, path, hooks);
  } else if (t.kind === "struct" || t.kind === "map" || t.kind === "deduced") {
    if (t.atomic || !(absent(lhs) || isObj(lhs)) || !(absent(rhs) || isObj(rhs))) return leaf();
    const l = isObj(lhs) ? lhs : EMPTY_MAP;
    const r = isObj(rhs) ? rhs : EMPTY_MAP;
    if (isEmptyObject(l) && isEmptyObject(r)) return leaf();
    out = mergeMap(l, r, s, path, hooks);
  } else {
    return leaf();
  }
  hooks.item?.(path, lhs, rhs);
  return out;
}

function mergeMap(l: Readonly<Record<string, unknown>>, r: Readonly<Record<string, unknown>>, s: FieldSchema, path: Path, hooks: Hooks): unknown {
  const out: Record<string, unknown> = {};
  let any = false;
  const visit = (k: string) => {
    const lv = getOwn(l, k);
    const rv = getOwn(r, k);
    if (lv === undefined && rv === undefined) return;
    path.push(fieldElement(k));
    const v = walk(lv, rv, childSchema(s, k), path, hooks);
    path.pop();
    if (v !== undefined) {
      setOwn(out, k, v);
      any = true;
    }
  };
  for (const k in l) visit(k);
  for (const k in r) if (!Object.hasOwn(l, k)) visit(k);
  return any ? out : undefined;
}

/** List merge in upstream's order: right-hand items win, shared items keep the rhs order. */
function mergeList(l: readonly unknown[], r: readonly unknown[], s: FieldSchema, path: Path, hooks: Hooks): unknown {
  const t = resolve(s);
  const items = s.items ?? childSchema(s, "");
  const lPEs = l.map((x, i) => itemElement(t, x, i));
  const rPEs = r.map((x, i) => itemElement(t, x, i));
  const observedL = new Map<PathElement, unknown>();
  lPEs.forEach((pe, i) => {
    if (!observedL.has(pe)) observedL.set(pe, l[i]);
  });
  const observedR = new Map<PathElement, unknown>();
  rPEs.forEach((pe, i) => {
    if (!observedR.has(pe)) observedR.set(pe, r[i]);
  });
  const shared = rPEs.filter((pe) => observedL.has(pe));
  let nextShared = shared.shift();
  const mergedR = new Set<PathElement>();
  const out: unknown[] = [];
  const emit = (pe: PathElement, lc: unknown, rc: unknown) => {
    path.push(pe);
    const v = walk(lc, rc, items, path, hooks);
    path.pop();
    if (v !== undefined) out.push(v);
  };
  let li = 0;
  let ri = 0;
  while (li < lPEs.length || ri < rPEs.length) {
    if (li < lPEs.length && ri < rPEs.length) {
      const pe = lPEs[li] as PathElement;
      if (pe === rPEs[ri]) {
        mergedR.add(pe);
        emit(pe, observedL.get(pe), observedR.get(pe));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (observedR.has(pe) && nextShared !== undefined && nextShared !== pe) {
        li++;
        continue;
      }
    }
    if (li < lPEs.length) {
      const pe = lPEs[li] as PathElement;
      if (!observedR.has(pe)) {
        emit(pe, l[li], undefined);
        li++;
        continue;
      } else if (mergedR.has(pe)) {
        li++;
        continue;
      }
    }
    if (ri < rPEs.length) {
      const pe = rPEs[ri] as PathElement;
      mergedR.add(pe);
      emit(pe, observedL.get(pe), observedR.get(pe));
      ri++;
      if (nextShared !== undefined && nextShared === pe) nextShared = shared.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}

/** typed.Merge: the config (rhs) over the live object (lhs). */
export function mergeValues(lhs: unknown, rhs: unknown, schema: FieldSchema): unknown {
  return walk(lhs, rhs, schema, [], {});
}

/** typed.Compare: paths added, removed, or (leaves) modified from lhs to rhs. */
export function compareValues(lhs: unknown, rhs: unknown, schema: FieldSchema): Comparison {
  const added = new FieldSetBuilder();
  const removed = new FieldSetBuilder();
  const modified = new FieldSetBuilder();
  walk(lhs, rhs, schema, [], {
    leaf: (p, a, b) => {
      if (a === undefined) added.insert(p);
      else if (b === undefined) removed.insert(p);
      else if (!jsonEqual(a, b)) modified.insert(p);
    },
    item: (p, a, b) => {
      if (a === undefined) added.insert(p);
      else if (b === undefined) removed.insert(p);
    },
  });
  return { added: added.set, removed: removed.set, modified: modified.set };
}

/** typed.RemoveItems: drops the fields, map entries and list items whose paths are in the set. */
export function removeItems(v: unknown, set: FieldSet, s: FieldSchema): unknown {
  const t = resolve(s);
  if (Array.isArray(v)) {
    if (t.kind !== "list" || t.atomic || v.length === 0) return v;
    const out: unknown[] = [];
    v.forEach((item, i) => {
      const pe = itemElement(t, item, i);
      if (set.members.has(pe)) return;
      const sub = set.withPrefix(pe);
      out.push(sub.isEmpty() ? item : removeItems(item, sub, schemaBelow(s, pe)));
    });
    return out.length > 0 ? out : undefined;
  }
  if (isObj(v)) {
    if (t.atomic || Object.keys(v).length === 0) return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      const pe = fieldElement(k);
      if (set.members.has(pe)) continue;
      const sub = set.withPrefix(pe);
      const nv = sub.isEmpty() ? val : removeItems(val, sub, childSchema(s, k));
      if (nv !== undefined) setOwn(out, k, nv);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v;
}

/** Adds each struct field that has members below it as a member itself. */
export function ensureNamedFieldsAreMembers(set: FieldSet, s: FieldSchema): FieldSet {
  const out = new FieldSet();
  for (const m of set.members) out.members.add(m);
  for (const [pe, child] of set.children) {
    if (pe.startsWith("f:") && isStructField(s, pe.slice(2))) out.members.add(pe);
    out.children.set(pe, ensureNamedFieldsAreMembers(child, schemaBelow(s, pe)));
  }
  return out;
}
