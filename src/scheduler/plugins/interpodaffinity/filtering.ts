/**
 * InterPodAffinity filtering: required pod affinity and anti-affinity of the incoming pod,
 * and required anti-affinity of pods already running, counted per topology pair in
 * PreFilter and checked per node in Filter.
 */
import type { Pod } from "../../api-types.ts";
import type { StateData } from "../../framework/cycle-state.ts";
import type { Handle } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { type AffinityTerm, type PodInfo, podInfoOf, termMatches } from "../../framework/pod-info.ts";
import type { Labels } from "../../util/labels.ts";
import { incomingPodKey, mergeTermNamespaces, podMatchesAllAffinityTerms, TopologyCounts } from "./terms.ts";

export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

export class PreFilterState implements StateData {
  constructor(
    readonly pod: Pod,
    readonly requiredAffinityTerms: AffinityTerm[],
    readonly requiredAntiAffinityTerms: AffinityTerm[],
    readonly namespaceLabels: Labels,
    /** Pairs where existing pods' required anti-affinity matches the incoming pod. */
    public existingAntiAffinityCounts: TopologyCounts,
    /** Pairs with pods matching all of the incoming pod's required affinity terms. */
    public affinityCounts: TopologyCounts,
    /** Pairs with pods matching the incoming pod's required anti-affinity terms. */
    public antiAffinityCounts: TopologyCounts,
  ) {}

  clone(): StateData {
    return new PreFilterState(
      this.pod,
      this.requiredAffinityTerms,
      this.requiredAntiAffinityTerms,
      this.namespaceLabels,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }

  updateWithPod(pi: PodInfo, nodeInfo: NodeInfo, delta: number): void {
    if (!nodeInfo.node) return;
    const labels = nodeInfo.labels;
    this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(pi.requiredAntiAffinityTerms, this.pod, this.namespaceLabels, labels, delta);
    this.affinityCounts.updateWithAffinityTerms(this.requiredAffinityTerms, pi.pod, labels, delta);
    this.antiAffinityCounts.updateWithAntiAffinityTerms(this.requiredAntiAffinityTerms, pi.pod, undefined, labels, delta);
  }
}

export function computePreFilterState(handle: Handle, pod: Pod, allNodes: readonly NodeInfo[]): PreFilterState {
  const pi = podInfoOf(pod);
  const affinity = pi.requiredAffinityTerms.map((t) => mergeTermNamespaces(t, handle.listers));
  const anti = pi.requiredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, handle.listers));
  const nsLabels = handle.listers.namespaceLabels(pod.metadata.namespace ?? "");

  // Per-node results are memoized while the node is unchanged (NodeInfo.memoized).
  const existing = new TopologyCounts();
  const incoming = incomingPodKey(pod, nsLabels);
  for (const ni of handle.snapshot.havePodsWithRequiredAntiAffinityList()) {
    if (!ni.node) continue;
    const hits = ni.memoized(`ipa-x\u0000${incoming}`, () => {
      const out: string[] = [];
      for (const ep of ni.podsWithRequiredAntiAffinity) {
        for (const t of ep.requiredAntiAffinityTerms) if (termMatches(t, pod, nsLabels)) out.push(t.topologyKey);
      }
      return out;
    });
    for (const tk of hits) existing.update(ni.labels, tk, 1);
  }

  const affinityCounts = new TopologyCounts();
  const antiCounts = new TopologyCounts();
  if (affinity.length > 0 || anti.length > 0) {
    const affKey = `ipa-a\u0000${affinity.map((t) => t.key).join("\u0000")}`;
    const antiKeys = anti.map((t) => `ipa-n\u0000${t.key}`);
    for (let n = 0; n < allNodes.length; n++) {
      const ni = allNodes[n]!;
      if (!ni.node || ni.pods.length === 0) continue;
      const labels = ni.labels;
      if (affinity.length > 0) {
        const c = ni.memoized(affKey, () => {
          let k = 0;
          for (const ep of ni.pods) if (podMatchesAllAffinityTerms(affinity, ep.pod)) k++;
          return k;
        });
        if (c > 0) for (const t of affinity) affinityCounts.update(labels, t.topologyKey, c);
      }
      for (let j = 0; j < anti.length; j++) {
        const t = anti[j]!;
        const c = ni.memoized(antiKeys[j]!, () => {
          let k = 0;
          for (const ep of ni.pods) if (termMatches(t, ep.pod, undefined)) k++;
          return k;
        });
        if (c > 0) antiCounts.update(labels, t.topologyKey, c);
      }
    }
  }
  return new PreFilterState(pod, affinity, anti, nsLabels, existing, affinityCounts, antiCounts);
}

export function satisfyPodAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  let podsExist = true;
  const labels = nodeInfo.labels;
  for (const t of s.requiredAffinityTerms) {
    if (!labels || !Object.hasOwn(labels, t.topologyKey)) return false;
    if (s.affinityCounts.get(t.topologyKey, labels[t.topologyKey]!) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The first pod of a group with affinity to itself may go anywhere that has the topologies.
    return s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.requiredAffinityTerms, s.pod);
  }
  return true;
}

export function satisfyPodAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = nodeInfo.labels;
  if (!labels) return true;
  for (const t of s.requiredAntiAffinityTerms) {
    if (Object.hasOwn(labels, t.topologyKey) && s.antiAffinityCounts.get(t.topologyKey, labels[t.topologyKey]!) > 0) return false;
  }
  return true;
}

export function satisfyExistingPodsAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  const labels = nodeInfo.labels;
  if (!labels) return true;
  for (const k in labels) if (s.existingAntiAffinityCounts.get(k, labels[k]!) > 0) return false;
  return true;
}
