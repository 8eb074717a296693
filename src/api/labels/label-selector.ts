import type { LabelSelector } from "../meta/types.ts";
import { SelectorError } from "./errors.ts";
import type { Operator } from "./requirement.ts";
import { newRequirement, Selector } from "./selector.ts";

const OPERATORS: Record<string, Operator> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/**
 * metav1.LabelSelectorAsSelector: a nil selector matches nothing, an empty one everything.
 * Throws SelectorError for invalid keys, values or operators.
 */
export function selectorFromLabelSelector(sel: LabelSelector | undefined | null): Selector {
  if (sel === undefined || sel === null) return Selector.nothing();
  const matchLabels = sel.matchLabels ?? {};
  const exprs = sel.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + exprs.length === 0) return Selector.everything();
  const reqs = Object.entries(matchLabels).map(([k, v]) => newRequirement(k, "=", [v]));
  for (const e of exprs) {
    const op = Object.hasOwn(OPERATORS, e.operator) ? OPERATORS[e.operator] : undefined;
    if (!op) throw new SelectorError(`"${e.operator}" is not a valid label selector operator`);
    reqs.push(newRequirement(e.key, op, e.values ?? []));
  }
  return Selector.of(reqs);
}

/** Like selectorFromLabelSelector, but an invalid selector matches nothing instead of throwing. */
export function selectorFromLabelSelectorOrNothing(sel: LabelSelector | undefined | null): Selector {
  try {
    return selectorFromLabelSelector(sel);
  } catch {
    return Selector.nothing();
  }
}

/** Whether a metav1.LabelSelector matches labels (nil matches nothing, empty everything). */
export function labelSelectorMatches(sel: LabelSelector | undefined | null, labels: Readonly<Record<string, string>> | undefined): boolean {
  return selectorFromLabelSelectorOrNothing(sel).matches(labels);
}
