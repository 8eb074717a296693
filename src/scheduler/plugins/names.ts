/** In-tree plugin names, as upstream spells them. */
export const Names = {
  PrioritySort: "PrioritySort",
  SchedulingGates: "SchedulingGates",
  NodeUnschedulable: "NodeUnschedulable",
  NodeName: "NodeName",
  TaintToleration: "TaintToleration",
  NodeAffinity: "NodeAffinity",
  NodePorts: "NodePorts",
  NodeResourcesFit: "NodeResourcesFit",
  NodeResourcesBalancedAllocation: "NodeResourcesBalancedAllocation",
  InterPodAffinity: "InterPodAffinity",
  PodTopologySpread: "PodTopologySpread",
  ImageLocality: "ImageLocality",
  DefaultPreemption: "DefaultPreemption",
  DefaultBinder: "DefaultBinder",
} as const;
