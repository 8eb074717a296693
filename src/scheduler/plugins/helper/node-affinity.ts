/**
 * Node selector matching (component-helpers/scheduling/corev1/nodeaffinity): required
 * terms are ORed, requirements within a term ANDed, an empty term matches nothing.
 * matchFields supports metadata.name only.
 */
import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from "../../api-types.ts";

function parseIntStrict(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

export function labelRequirementMatches(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>> | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const v = has ? labels![r.key]! : "";
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return has && values.includes(v);
    case "NotIn":
      return !has || !values.includes(v);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || values.length !== 1) return false;
      const a = parseIntStrict(v);
      const b = parseIntStrict(values[0]!);
      if (a === undefined || b === undefined) return false;
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}

function fieldRequirementMatches(r: NodeSelectorRequirement, node: Node): boolean {
  if (r.key !== "metadata.name") return false;
  const name = node.metadata.name ?? "";
  const values = r.values ?? [];
  if (r.operator === "In") return values.length === 1 && values[0] === name;
  if (r.operator === "NotIn") return values.length === 1 && values[0] !== name;
  return false;
}

export function termMatches(t: NodeSelectorTerm, node: Node): boolean {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels;
  for (const r of exprs) if (!labelRequirementMatches(r, labels)) return false;
  for (const r of fields) if (!fieldRequirementMatches(r, node)) return false;
  return true;
}

export function nodeSelectorMatches(sel: NodeSelector, node: Node): boolean {
  for (const t of sel.nodeSelectorTerms ?? []) if (termMatches(t, node)) return true;
  return false;
}

/** spec.nodeSelector plus required node affinity, as one matcher (GetRequiredNodeAffinity). */
export class RequiredNodeAffinity {
  private readonly labelSelector: [string, string][] | null;
  private readonly required: NodeSelector | null;

  constructor(pod: Pod) {
    const ns = pod.spec.nodeSelector;
    this.labelSelector = ns && Object.keys(ns).length > 0 ? Object.entries(ns) : null;
    this.required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null;
  }

  get isEmpty(): boolean {
    return this.labelSelector === null && this.required === null;
  }

  match(node: Node): boolean {
    if (this.labelSelector !== null) {
      const labels = node.metadata.labels;
      if (!labels) return false;
      for (const [k, v] of this.labelSelector) if (labels[k] !== v) return false;
    }
    return this.required === null || nodeSelectorMatches(this.required, node);
  }
}

/** Sum of the weights of the preferred terms that match the node. */
export function preferredScore(terms: readonly PreferredSchedulingTerm[], node: Node): number {
  let s = 0;
  for (const t of terms) if (t.weight !== 0 && termMatches(t.preference, node)) s += t.weight;
  return s;
}
