/**
 * Upstream v1 defaults: the default plugin set (enabled through multiPoint, with score
 * weights), default plugin args, and the adaptive percentageOfNodesToScore.
 */
import type { PluginRef, Plugins } from "./types.ts";

export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/** The default multiPoint plugins in upstream order; order decides filter and score order. */
export function defaultPlugins(): Plugins {
  const enabled: PluginRef[] = [
    { name: "SchedulingGates" },
    { name: "PrioritySort" },
    { name: "NodeUnschedulable" },
    { name: "NodeName" },
    { name: "TaintToleration", weight: 3 },
    { name: "NodeAffinity", weight: 2 },
    { name: "NodePorts" },
    { name: "NodeResourcesFit", weight: 1 },
    { name: "PodTopologySpread", weight: 2 },
    { name: "InterPodAffinity", weight: 2 },
    { name: "DefaultPreemption" },
    { name: "NodeResourcesBalancedAllocation", weight: 1 },
    { name: "ImageLocality", weight: 1 },
    { name: "DefaultBinder" },
  ];
  return { multiPoint: { enabled } };
}

/** Default args per plugin, as upstream's SetDefaults_*Args produce them. */
export function defaultPluginArgs(): Record<string, Record<string, unknown>> {
  return {
    DefaultPreemption: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 },
    InterPodAffinity: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
    NodeAffinity: {},
    NodeResourcesBalancedAllocation: {
      resources: [
        { name: "cpu", weight: 1 },
        { name: "memory", weight: 1 },
      ],
    },
    NodeResourcesFit: {
      scoringStrategy: {
        type: "LeastAllocated",
        resources: [
          { name: "cpu", weight: 1 },
          { name: "memory", weight: 1 },
        ],
      },
    },
    PodTopologySpread: {
      defaultingType: "System",
      defaultConstraints: [],
    },
  };
}

export const BASE_PERCENTAGE_OF_NODES_TO_SCORE = 50;
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to find before scoring (upstream numFeasibleNodesToFind):
 * all nodes below 100 or at 100%; otherwise the configured percentage, or adaptively
 * 50% - nodes/125 (at least 5%), and never fewer than 100 nodes.
 */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage ?? 0;
  if (p >= 100) return numAllNodes;
  if (p <= 0) {
    p = BASE_PERCENTAGE_OF_NODES_TO_SCORE - Math.trunc(numAllNodes / 125);
    if (p < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) p = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * p) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}
