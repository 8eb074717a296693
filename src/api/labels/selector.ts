import { aggregateMessage } from "../validation/field-error.ts";
import { SelectorError } from "./errors.ts";
import { type Labels, Requirement, requirementErrors, type Operator } from "./requirement.ts";

/**
 * A label selector: the AND of its requirements (sorted by key, as upstream), or the
 * selector that matches nothing (from a nil metav1.LabelSelector).
 */
export class Selector {
  private constructor(
    readonly requirements: readonly Requirement[],
    /** True only for Nothing(): it matches no object and is not empty. */
    readonly matchesNothing: boolean,
  ) {}

  private static readonly EVERYTHING = new Selector([], false);
  private static readonly NOTHING = new Selector([], true);

  static everything(): Selector {
    return Selector.EVERYTHING;
  }

  static nothing(): Selector {
    return Selector.NOTHING;
  }

  /** Requirements are sorted by key (stable), as upstream's Add does. */
  static of(requirements: readonly Requirement[]): Selector {
    return new Selector(
      [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      false,
    );
  }

  matches(labels: Labels): boolean {
    if (this.matchesNothing) return false;
    for (const r of this.requirements) if (!r.matches(labels)) return false;
    return true;
  }

  /** True when the selector does not restrict anything. */
  isEmpty(): boolean {
    return !this.matchesNothing && this.requirements.length === 0;
  }

  /** Adds requirements, returning a new selector. */
  add(...reqs: Requirement[]): Selector {
    if (this.matchesNothing) return this;
    return Selector.of([...this.requirements, ...reqs]);
  }

  /** The value a selector requires for a label (=, == or a one-value in), if any. */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key);
    if (!r) return undefined;
    return (r.operator === "=" || r.operator === "==" || r.operator === "in") && r.values.length === 1 ? r.values[0] : undefined;
  }

  toString(): string {
    return this.requirements.map((r) => r.toString()).join(",");
  }
}


/** Builds a validated requirement (upstream NewRequirement); throws SelectorError. */
export function newRequirement(key: string, operator: Operator, values: readonly string[]): Requirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length) throw new SelectorError(aggregateMessage(errs));
  return new Requirement(key, operator, [...values]);
}

/** A selector matching exactly the given labels; empty or undefined sets match everything. */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined | null): Selector {
  if (!set) return Selector.everything();
  return Selector.of(Object.entries(set).map(([k, v]) => new Requirement(k, "=", [v])));
}
