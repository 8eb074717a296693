/** The in-tree plugin registry: one literal map from name to factory. */
import { newRegistry, type Registry } from "../framework/registry.ts";
import { newDefaultBinder } from "./defaultbinder/default-binder.ts";
import { newDefaultPreemption } from "./defaultpreemption/default-preemption.ts";
import { newImageLocality } from "./imagelocality/image-locality.ts";
import { newInterPodAffinity } from "./interpodaffinity/inter-pod-affinity.ts";
import { Names } from "./names.ts";
import { newNodeAffinity } from "./nodeaffinity/node-affinity.ts";
import { newNodeName } from "./nodename/node-name.ts";
import { newNodePorts } from "./nodeports/node-ports.ts";
import { newBalancedAllocation } from "./noderesources/balanced-allocation.ts";
import { newFit } from "./noderesources/fit.ts";
import { newNodeUnschedulable } from "./nodeunschedulable/node-unschedulable.ts";
import { newPodTopologySpread } from "./podtopologyspread/pod-topology-spread.ts";
import { newPrioritySort } from "./queuesort/priority-sort.ts";
import { newSchedulingGates } from "./schedulinggates/scheduling-gates.ts";
import { newTaintToleration } from "./tainttoleration/taint-toleration.ts";

export function inTreeRegistry(): Registry {
  return newRegistry({
    [Names.PrioritySort]: newPrioritySort,
    [Names.SchedulingGates]: newSchedulingGates,
    [Names.NodeUnschedulable]: newNodeUnschedulable,
    [Names.NodeName]: newNodeName,
    [Names.TaintToleration]: newTaintToleration,
    [Names.NodeAffinity]: newNodeAffinity,
    [Names.NodePorts]: newNodePorts,
    [Names.NodeResourcesFit]: newFit,
    [Names.NodeResourcesBalancedAllocation]: newBalancedAllocation,
    [Names.InterPodAffinity]: newInterPodAffinity,
    [Names.PodTopologySpread]: newPodTopologySpread,
    [Names.ImageLocality]: newImageLocality,
    [Names.DefaultPreemption]: newDefaultPreemption,
    [Names.DefaultBinder]: newDefaultBinder,
  });
}
