/**
 * Function declarations: each name has one or more definitions with the argument counts its
 * global form `f(a, b)` and its method form `r.f(a)` accept (the receiver not counted), checked
 * at compile time, and an implementation that answers undefined for argument types it does not
 * handle, so several libraries can share a name (indexOf on strings and on lists).
 */
import { noOverload } from "./overload-error.ts";
import {
  CelDuration,
  CelList,
  CelMap,
  CelObject,
  CelOptional,
  CelTimestamp,
  CelType,
  CelUint,
  type CelValue,
} from "./values.ts";

/** Answers undefined when the argument types are not its own. */
export type Impl = (args: CelValue[]) => CelValue | undefined;

export interface FunctionDef {
  readonly global?: readonly number[];
  readonly member?: readonly number[];
  readonly impl: Impl;
}

export type Library = Readonly<Record<string, FunctionDef | readonly FunctionDef[]>>;

/** Argument type tags for `overloads`: CEL type names, plus "any" and "number" (int|uint|double). */
export type Tag =
  | "any"
  | "null"
  | "bool"
  | "int"
  | "uint"
  | "double"
  | "number"
  | "string"
  | "bytes"
  | "list"
  | "map"
  | "type"
  | "timestamp"
  | "duration"
  | "optional"
  | `object:${string}`;

export function hasTag(v: CelValue, tag: Tag): boolean {
  switch (tag) {
    case "any":
      return true;
    case "null":
      return v === null;
    case "bool":
      return typeof v === "boolean";
    case "int":
      return typeof v === "bigint";
    case "uint":
      return v instanceof CelUint;
    case "double":
      return typeof v === "number";
    case "number":
      return typeof v === "bigint" || typeof v === "number" || v instanceof CelUint;
    case "string":
      return typeof v === "string";
    case "bytes":
      return v instanceof Uint8Array;
    case "list":
      return v instanceof CelList;
    case "map":
      return v instanceof CelMap;
    case "type":
      return v instanceof CelType;
    case "timestamp":
      return v instanceof CelTimestamp;
    case "duration":
      return v instanceof CelDuration;
    case "optional":
      return v instanceof CelOptional;
  }
  return v instanceof CelObject && v.typeName === tag.slice(7);
}

// Implementations take the argument types their signature promises (checked by `overloads`).
type AnyFn = (...args: any[]) => CelValue;

/** Argument types (receiver first for methods) and the implementation they select. */
export type Overload = readonly [readonly Tag[], AnyFn];

/** An implementation choosing among typed overloads by the runtime types of its arguments. */
export function overloads(...list: Overload[]): Impl {
  return (args) => {
    outer: for (const [sig, f] of list) {
      if (sig.length !== args.length) continue;
      for (let i = 0; i < sig.length; i++) if (!hasTag(args[i] as CelValue, sig[i] as Tag)) continue outer;
      return f(...args);
    }
    return undefined;
  };
}

/** A method `r.name(...)` with typed overloads (receiver first in each signature). */
export function method(arities: readonly number[], ...list: Overload[]): FunctionDef {
  return { member: arities, impl: overloads(...list) };
}

/** A global function `name(...)` with typed overloads. */
export function global(arities: readonly number[], ...list: Overload[]): FunctionDef {
  return { global: arities, impl: overloads(...list) };
}

export class FunctionRegistry {
  private readonly defs = new Map<string, FunctionDef[]>();

  constructor(libraries: readonly Library[]) {
    for (const lib of libraries) {
      for (const [name, d] of Object.entries(lib)) {
        const list = this.defs.get(name) ?? [];
        list.push(...(Array.isArray(d) ? (d as readonly FunctionDef[]) : [d as FunctionDef]));
        this.defs.set(name, list);
      }
    }
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  /** Whether some definition accepts this call shape. */
  accepts(name: string, member: boolean, argc: number): boolean {
    return (this.defs.get(name) ?? []).some((d) => (member ? d.member : d.global)?.includes(argc) ?? false);
  }

  /** The dispatcher for a name and call shape, bound at compile time. */
  bind(name: string, member: boolean, argc: number): (args: CelValue[]) => CelValue {
    const defs = (this.defs.get(name) ?? []).filter((d) => (member ? d.member : d.global)?.includes(argc) ?? false);
    return (args) => {
      for (const d of defs) {
        const r = d.impl(args);
        if (r !== undefined) return r;
      }
      if (member) throw noOverload(name, args.slice(1), args[0] as CelValue);
      throw noOverload(name, args);
    };
  }
}
