/**
 * Kubernetes' list library (k8s.io/apiserver/pkg/cel/library/lists.go: isSorted, sum, min,
 * max, indexOf, lastIndexOf) and cel-go's ext.Sets (sets.contains, sets.equivalent,
 * sets.intersects).
 */
import { CelEvalError } from "./errors.ts";
import { celCompare, celEquals } from "./equality.ts";
import { global, type Library, method } from "./functions.ts";
import { noOverload } from "./overload-error.ts";
import { add } from "./operators.ts";
import { CelDuration, type CelList, CelUint, type CelValue } from "./values.ts";

function isSorted(list: CelList): boolean {
  for (let i = 1; i < list.size; i++) {
    if (celCompare("isSorted", list.get(i - 1), list.get(i)) > 0) return false;
  }
  if (list.size === 1) celCompare("isSorted", list.get(0), list.get(0));
  return true;
}

function sum(list: CelList): CelValue {
  let acc: CelValue | undefined;
  for (const v of list) {
    if (!(typeof v === "bigint" || typeof v === "number" || v instanceof CelUint || v instanceof CelDuration)) {
      throw noOverload("sum", [], list);
    }
    acc = acc === undefined ? v : add(acc, v);
  }
  return acc ?? 0n;
}

function extreme(name: "min" | "max", list: CelList): CelValue {
  if (list.size === 0) throw new CelEvalError(`${name} called on empty list`);
  let best = list.get(0);
  celCompare(name, best, best); // rejects values without an order
  for (let i = 1; i < list.size; i++) {
    const v = list.get(i);
    const c = celCompare(name, best, v);
    if ((name === "min" && c > 0) || (name === "max" && c < 0)) best = v;
  }
  return best;
}

function indexOf(list: CelList, item: CelValue, last: boolean): bigint {
  if (last) {
    for (let i = list.size - 1; i >= 0; i--) if (celEquals(list.get(i), item)) return BigInt(i);
  } else {
    for (let i = 0; i < list.size; i++) if (celEquals(list.get(i), item)) return BigInt(i);
  }
  return -1n;
}

function includes(list: CelList, item: CelValue): boolean {
  for (const v of list) if (celEquals(v, item)) return true;
  return false;
}

function containsAll(a: CelList, b: CelList): boolean {
  for (const v of b) if (!includes(a, v)) return false;
  return true;
}

export const LISTS_LIBRARY: Library = {
  isSorted: method([0], [["list"], isSorted]),
  sum: method([0], [["list"], sum]),
  min: method([0], [["list"], (l: CelList) => extreme("min", l)]),
  max: method([0], [["list"], (l: CelList) => extreme("max", l)]),
  indexOf: method([1], [["list", "any"], (l: CelList, v: CelValue) => indexOf(l, v, false)]),
  lastIndexOf: method([1], [["list", "any"], (l: CelList, v: CelValue) => indexOf(l, v, true)]),

  "sets.contains": global([2], [["list", "list"], containsAll]),
  "sets.equivalent": global([2], [["list", "list"], (a: CelList, b: CelList) => containsAll(a, b) && containsAll(b, a)]),
  "sets.intersects": global([2], [["list", "list"], (a: CelList, b: CelList) => a.toArray().some((v) => includes(b, v))]),
};
