/** Shared pieces of InterPodAffinity: topology pair counts and namespace resolution of terms. */
import type { Pod } from "../../api-types.ts";
import type { ClusterListers } from "../../framework/interfaces.ts";
import { type AffinityTerm, termMatches } from "../../framework/pod-info.ts";
import { type Labels, matchNothing } from "../../util/labels.ts";

/** topologyKey + NUL + value -> count; entries that reach zero are deleted. */
export class TopologyCounts {
  readonly m = new Map<string, number>();

  static key(tk: string, tv: string): string {
    return tk + "\u0000" + tv;
  }

  get(tk: string, tv: string): number {
    return this.m.get(TopologyCounts.key(tk, tv)) ?? 0;
  }

  update(labels: Readonly<Record<string, string>> | undefined, tk: string, delta: number): void {
    if (!labels || !Object.hasOwn(labels, tk)) return;
    const k = TopologyCounts.key(tk, labels[tk]!);
    const v = (this.m.get(k) ?? 0) + delta;
    if (v === 0) this.m.delete(k);
    else this.m.set(k, v);
  }

  get size(): number {
    return this.m.size;
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, v] of this.m) c.m.set(k, v);
    return c;
  }

  /** For affinity terms: counted only when the pod matches every term. */
  updateWithAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, labels: Labels, delta: number): void {
    if (podMatchesAllAffinityTerms(terms, pod)) for (const t of terms) this.update(labels, t.topologyKey, delta);
  }

  /** For anti-affinity terms: counted per matching term. */
  updateWithAntiAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels, labels: Labels, delta: number): void {
    for (const t of terms) if (termMatches(t, pod, nsLabels)) this.update(labels, t.topologyKey, delta);
  }
}

/** Identifies what existing pods' terms are matched against: the incoming pod's namespace and labels. */
export function incomingPodKey(pod: Pod, nsLabels: Labels): string {
  return JSON.stringify([pod.metadata.namespace ?? "", pod.metadata.labels ?? {}, nsLabels ?? null]);
}

export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, undefined)) return false;
  return true;
}

/**
 * A copy of the term whose namespaceSelector is resolved into its namespace set (upstream
 * mergeAffinityTermNamespacesIfNotEmpty); an "everything" selector is kept as is.
 */
export function mergeTermNamespaces<T extends AffinityTerm>(term: T, listers: ClusterListers): T {
  if (term.namespaceSelector.everything) return term;
  const namespaces = new Set(term.namespaces);
  if (!term.namespaceSelector.nothing) {
    for (const ns of listers.namespaces()) {
      if (term.namespaceSelector.matches(ns.metadata.labels)) namespaces.add(ns.metadata.name ?? "");
    }
  }
  return { ...term, namespaces, namespaceSelector: matchNothing, key: `${term.key}|merged:${[...namespaces].sort().join(",")}` };
}
