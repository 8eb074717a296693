/**
 * PodTopologySpread scoring (whenUnsatisfiable: ScheduleAnyway and cluster defaults): a
 * node's raw score is the sum over constraints of matchingPods * log(domains + 2) +
 * (maxSkew - 1); fewer matching pods is better, so normalization reverses it.
 */
import type { Pod } from "../../api-types.ts";
import type { StateData } from "../../framework/cycle-state.ts";
import { MAX_NODE_SCORE } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { RequiredNodeAffinity } from "../helper/node-affinity.ts";
import { type Constraint, countKey, countMatchingOnNode, LABEL_HOSTNAME, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints } from "./common.ts";

const INVALID_SCORE = -1;

export class PreScoreState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    readonly ignoredNodes: Set<string>,
    readonly topologyValueToPodCounts: Map<string, number>[],
    readonly topologyNormalizingWeight: number[],
  ) {}
  clone(): StateData {
    return this;
  }
}

export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

export function computePreScoreState(
  pod: Pod,
  constraints: Constraint[],
  requireAllTopologies: boolean,
  filteredNodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
): PreScoreState {
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  const topoSize = constraints.map(() => 0);
  for (const ni of filteredNodes) {
    const labels = ni.labels;
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
      ignored.add(ni.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const v = labels?.[c.topologyKey] ?? "";
      if (!counts[i]!.has(v)) {
        counts[i]!.set(v, 0);
        topoSize[i]!++;
      }
    });
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignored.size : topoSize[i]!),
  );
  const required = new RequiredNodeAffinity(pod);
  const ns = pod.metadata.namespace ?? "";
  const needPolicies = constraints.some((c) => (c.nodeAffinityPolicy === "Honor" && !required.isEmpty) || c.nodeTaintsPolicy === "Honor");
  const keys = constraints.map((c) => countKey(c, ns));
  for (let n = 0; n < allNodes.length; n++) {
    const ni = allNodes[n]!;
    const node = ni.node;
    if (!node) continue;
    const labels = ni.labels;
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (c.topologyKey === LABEL_HOSTNAME) continue; // counted per node in Score
      if (needPolicies && !matchNodeInclusionPolicies(c, pod, node, required)) continue;
      const v = labels?.[c.topologyKey] ?? "";
      const m = counts[i]!;
      const cur = m.get(v);
      if (cur === undefined) continue;
      m.set(v, cur + countMatchingOnNode(ni, c, ns, keys[i]!));
    }
  }
  return new PreScoreState(constraints, ignored, counts, weights);
}

export function scoreNode(s: PreScoreState, pod: Pod, nodeInfo: NodeInfo): number {
  if (s.ignoredNodes.has(nodeInfo.name)) return 0;
  const labels = nodeInfo.labels;
  if (!labels) return 0;
  let score = 0;
  const ns = pod.metadata.namespace ?? "";
  s.constraints.forEach((c, i) => {
    if (!Object.hasOwn(labels, c.topologyKey)) return;
    const cnt =
      c.topologyKey === LABEL_HOSTNAME
        ? countMatchingOnNode(nodeInfo, c, ns, countKey(c, ns))
        : (s.topologyValueToPodCounts[i]!.get(labels[c.topologyKey]!) ?? 0);
    score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]!);
  });
  return Math.round(score);
}

export function normalize(s: PreScoreState, nodes: readonly NodeInfo[], scores: Float64Array): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (s.ignoredNodes.has(nodes[i]!.name)) {
      scores[i] = INVALID_SCORE;
      continue;
    }
    const v = scores[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (v === INVALID_SCORE) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - v)) / max);
  }
}
