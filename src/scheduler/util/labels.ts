/**
 * Compiled label selectors for the scheduler's hot paths, on top of src/api/labels
 * (metav1.LabelSelectorAsSelector semantics: a null/undefined selector matches nothing,
 * an empty one everything; an invalid one matches nothing). Compiled matchers are
 * cached per selector object.
 */
import { type Selector, selectorFromLabelSelectorOrNothing, selectorFromSet } from "../../api/labels/index.ts";
import type { LabelSelector } from "../api-types.ts";

export type Labels = Readonly<Record<string, string>> | undefined;

export interface Matcher {
  /** True when the selector has no requirements and matches every label set. */
  readonly everything: boolean;
  /** True when the selector was absent (or invalid) and matches no label set. */
  readonly nothing: boolean;
  matches(labels: Labels): boolean;
}

const NOTHING: Matcher = { everything: false, nothing: true, matches: () => false };
const EVERYTHING: Matcher = { everything: true, nothing: false, matches: () => true };
const compiled = new WeakMap<object, Matcher>();

function fromSelector(sel: Selector): Matcher {
  if (sel.matchesNothing) return NOTHING;
  if (sel.isEmpty()) return EVERYTHING;
  return { everything: false, nothing: false, matches: (l) => sel.matches(l) };
}

/** Equality-only selectors (matchLabels) compare values directly. */
function fromMatchLabels(entries: [string, string][]): Matcher {
  if (entries.length === 1) {
    const [k, v] = entries[0]!;
    return { everything: false, nothing: false, matches: (l) => l !== undefined && l[k] === v && Object.hasOwn(l, k) };
  }
  return {
    everything: false,
    nothing: false,
    matches(l) {
      if (l === undefined) return false;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        if (l[e[0]] !== e[1] || !Object.hasOwn(l, e[0])) return false;
      }
      return true;
    },
  };
}

/** Compiles a metav1.LabelSelector. */
export function selectorMatcher(sel: LabelSelector | null | undefined): Matcher {
  if (sel === null || sel === undefined) return NOTHING;
  let m = compiled.get(sel);
  if (m === undefined) {
    const parsed = selectorFromLabelSelectorOrNothing(sel);
    const ml = Object.entries(sel.matchLabels ?? {});
    m = !parsed.matchesNothing && ml.length > 0 && (sel.matchExpressions?.length ?? 0) === 0 ? fromMatchLabels(ml) : fromSelector(parsed);
    compiled.set(sel, m);
  }
  return m;
}

/** A selector built from a plain label set (services, replication controllers); empty matches everything. */
export function setMatcher(set: Readonly<Record<string, string>> | null | undefined): Matcher {
  return fromSelector(selectorFromSet(set));
}

/** Conjunction of matchers; used to merge workload selectors. */
export function andMatchers(ms: readonly Matcher[]): Matcher {
  const parts = ms.filter((m) => !m.everything);
  if (parts.some((m) => m.nothing)) return NOTHING;
  if (parts.length === 0) return EVERYTHING;
  if (parts.length === 1) return parts[0]!;
  return { everything: false, nothing: false, matches: (l) => parts.every((m) => m.matches(l)) };
}

export { NOTHING as matchNothing, EVERYTHING as matchEverything };
