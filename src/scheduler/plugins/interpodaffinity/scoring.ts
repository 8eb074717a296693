/**
 * InterPodAffinity scoring: preferred (anti-)affinity of the incoming pod against existing
 * pods, plus existing pods' required affinity (hardPodAffinityWeight) and preferred
 * (anti-)affinity towards the incoming pod, summed per topology pair and normalized to
 * [0, 100] between the minimum and maximum.
 */
import type { Pod } from "../../api-types.ts";
import type { StateData } from "../../framework/cycle-state.ts";
import type { Handle } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { type AffinityTerm, type PodInfo, podInfoOf, termMatches, type WeightedAffinityTerm } from "../../framework/pod-info.ts";
import type { Labels } from "../../util/labels.ts";
import { incomingPodKey, mergeTermNamespaces } from "./terms.ts";

/** topologyKey -> topologyValue -> score */
export type TopologyScore = Map<string, Map<string, number>>;

export class PreScoreState implements StateData {
  constructor(readonly topologyScore: TopologyScore) {}
  clone(): StateData {
    return this;
  }
}

/** Adds weight * mult under the term's topology key when the pod matches the term. */
function processTerm(out: [string, number][], term: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels, labels: Readonly<Record<string, string>>, mult: number): void {
  if (!Object.hasOwn(labels, term.topologyKey) || !termMatches(term, pod, nsLabels)) return;
  out.push([term.topologyKey, weight * mult]);
}

function processTerms(out: [string, number][], terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Labels, labels: Readonly<Record<string, string>>, mult: number): void {
  for (const t of terms) processTerm(out, t, t.weight, pod, nsLabels, labels, mult);
}

export interface ScoringArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

/** Returns null when there is nothing to score (PreScore Skip). */
export function computePreScoreState(handle: Handle, args: ScoringArgs, pod: Pod): PreScoreState | null {
  const a = pod.spec.affinity;
  const hasPreferred =
    (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
    (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  if (args.ignorePreferredTermsOfExistingPods && !hasPreferred) return null;
  const nodes = hasPreferred ? handle.snapshot.list() : handle.snapshot.havePodsWithAffinityList();
  if (nodes.length === 0) return null;
  const pi = podInfoOf(pod);
  const affinity = pi.preferredAffinityTerms.map((t) => mergeTermNamespaces(t, handle.listers));
  const anti = pi.preferredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, handle.listers));
  const nsLabels = handle.listers.namespaceLabels(pod.metadata.namespace ?? "");
  const score: TopologyScore = new Map();
  // A node's contributions depend only on its pods (memoized per node generation) and the incoming pod.
  const memoKey = `ipa-s\u0000${hasPreferred}\u0000${args.hardPodAffinityWeight}\u0000${incomingPodKey(pod, nsLabels)}\u0000${affinity.map((t) => `${t.weight}:${t.key}`).join("\u0000")}\u0000${anti.map((t) => `${t.weight}:${t.key}`).join("\u0000")}`;
  for (const ni of nodes) {
    const labels = ni.labels;
    if (!ni.node || !labels) continue;
    const pods: readonly PodInfo[] = hasPreferred ? ni.pods : ni.podsWithAffinity;
    if (pods.length === 0) continue;
    const contributions = ni.memoized(memoKey, () => {
      const out: [string, number][] = [];
      for (const ep of pods) {
        processTerms(out, affinity, ep.pod, undefined, labels, 1);
        processTerms(out, anti, ep.pod, undefined, labels, -1);
        if (args.hardPodAffinityWeight > 0) {
          for (const t of ep.requiredAffinityTerms) processTerm(out, t, args.hardPodAffinityWeight, pod, nsLabels, labels, 1);
        }
        processTerms(out, ep.preferredAffinityTerms, pod, nsLabels, labels, 1);
        processTerms(out, ep.preferredAntiAffinityTerms, pod, nsLabels, labels, -1);
      }
      return out;
    });
    for (const [tk, delta] of contributions) {
      const tv = labels[tk]!;
      let byValue = score.get(tk);
      if (!byValue) score.set(tk, (byValue = new Map()));
      byValue.set(tv, (byValue.get(tv) ?? 0) + delta);
    }
  }
  if (score.size === 0) return null;
  return new PreScoreState(score);
}

export function scoreNode(s: PreScoreState, nodeInfo: NodeInfo): number {
  const labels = nodeInfo.labels;
  if (!labels) return 0;
  let total = 0;
  for (const [tk, byValue] of s.topologyScore) {
    if (Object.hasOwn(labels, tk)) total += byValue.get(labels[tk]!) ?? 0;
  }
  return total;
}

/** Scales scores linearly so the minimum becomes 0 and the maximum 100. */
export function normalize(scores: Float64Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((100 * (scores[i]! - min)) / diff) : 0;
}
