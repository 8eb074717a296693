/**
 * Label selector matching with upstream semantics (metav1.LabelSelectorAsSelector):
 * a null/undefined selector matches nothing, an empty one ({}) matches everything.
 * Compiled matchers are cached per selector object.
 *
 * Kept local until src/api/labels lands.
 */
import type { LabelSelector } from "../api-types.ts";

export type Labels = Readonly<Record<string, string>> | undefined;

export interface Matcher {
  /** True when the selector has no requirements and matches every label set. */
  readonly everything: boolean;
  /** True when the selector was absent and matches no label set. */
  readonly nothing: boolean;
  matches(labels: Labels): boolean;
}

type Req = { key: string; op: string; values: readonly string[] };

const NOTHING: Matcher = { everything: false, nothing: true, matches: () => false };
const EVERYTHING: Matcher = { everything: true, nothing: false, matches: () => true };
const compiled = new WeakMap<object, Matcher>();

function matchReq(r: Req, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  switch (r.op) {
    case "In":
      return has && r.values.includes(labels![r.key]!);
    case "NotIn":
      return !has || !r.values.includes(labels![r.key]!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      return false;
  }
}

function fromReqs(reqs: Req[]): Matcher {
  if (reqs.length === 0) return EVERYTHING;
  return {
    everything: false,
    nothing: false,
    matches(labels) {
      for (let i = 0; i < reqs.length; i++) if (!matchReq(reqs[i]!, labels)) return false;
      return true;
    },
  };
}

/** Compiles a metav1.LabelSelector. Invalid operators make the selector match nothing. */
export function selectorMatcher(sel: LabelSelector | null | undefined): Matcher {
  if (sel === null || sel === undefined) return NOTHING;
  let m = compiled.get(sel);
  if (m !== undefined) return m;
  const reqs: Req[] = [];
  let valid = true;
  for (const [key, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: "In", values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(e.operator)) valid = false;
    reqs.push({ key: e.key, op: e.operator, values: e.values ?? [] });
  }
  m = valid ? fromReqs(reqs) : NOTHING;
  compiled.set(sel, m);
  return m;
}

/** A selector built from a plain label set (services, replication controllers); empty matches everything. */
export function setMatcher(set: Readonly<Record<string, string>> | null | undefined): Matcher {
  if (!set) return EVERYTHING;
  return fromReqs(Object.entries(set).map(([key, v]) => ({ key, op: "In", values: [v] })));
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
