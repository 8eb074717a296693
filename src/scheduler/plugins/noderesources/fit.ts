/**
 * NodeResourcesFit: Filter checks that the node's allocatable covers the pod's requests
 * on top of what is already requested ("Insufficient cpu", "Too many pods"); Score ranks
 * nodes by the configured strategy (LeastAllocated by default, MostAllocated,
 * RequestedToCapacityRatio).
 */
import type { Node, Pod } from "../../api-types.ts";
import type { CycleState, StateData } from "../../framework/cycle-state.ts";
import { ActionType, type ClusterEventWithHint, QueueingHint } from "../../framework/events.ts";
import type {
  EnqueueExtensions,
  FilterPlugin,
  KernelSpec,
  PluginFactory,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from "../../framework/interfaces.ts";
import { type NodeInfo, newNodeInfo } from "../../framework/node-info.ts";
import { podInfoOf } from "../../framework/pod-info.ts";
import { type Resource, isScalarResourceName } from "../../framework/resource.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { Names } from "../names.ts";
import { ResourceAllocationScorer, type ResourceSpec, Strategy } from "./resource-allocation.ts";

const PRE_FILTER_KEY = "PreFilter" + Names.NodeResourcesFit;
const PRE_SCORE_KEY = "PreScore" + Names.NodeResourcesFit;
const MAX_CUSTOM_PRIORITY_SCORE = 10;

export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape?: { utilization: number; score: number }[] };
  };
}

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

class PreFilterState implements StateData {
  constructor(readonly requests: Resource) {}
  clone(): StateData {
    return this;
  }
}
class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): StateData {
    return this;
  }
}

/** Allocation-free check that `req` fits (the common case); fitsRequest explains a misfit. */
export function fits(req: Resource, nodeInfo: NodeInfo): boolean {
  if (nodeInfo.podCount + 1 > nodeInfo.allowedPods) return false;
  if (req.milliCPU > 0 && req.milliCPU > nodeInfo.allocCPU - nodeInfo.reqCPU) return false;
  if (req.memory > 0 && req.memory > nodeInfo.allocMem - nodeInfo.reqMem) return false;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > nodeInfo.allocEph - nodeInfo.reqEph) return false;
  return req.scalar === null || req.scalar.size === 0;
}

/** upstream fitsRequest: pods count first, then cpu, memory, ephemeral storage, scalars. */
export function fitsRequest(
  req: Resource,
  nodeInfo: NodeInfo,
  ignored: ReadonlySet<string> = EMPTY,
  ignoredGroups: ReadonlySet<string> = EMPTY,
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: "pods", reason: "Too many pods", requested: 1, used: nodeInfo.pods.length, capacity: alloc.allowedPodNumber });
  }
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && (req.scalar === null || req.scalar.size === 0)) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: "cpu", reason: "Insufficient cpu", requested: req.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU });
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    out.push({ resourceName: "memory", reason: "Insufficient memory", requested: req.memory, used: used.memory, capacity: alloc.memory });
  }
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({
      resourceName: "ephemeral-storage",
      reason: "Insufficient ephemeral-storage",
      requested: req.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
    });
  }
  if (req.scalar) {
    for (const [name, q] of req.scalar) {
      if (q === 0) continue;
      if (isExtendedResourceName(name)) {
        const group = name.split("/")[0]!;
        if (ignored.has(name) || ignoredGroups.has(group)) continue;
      }
      if (q > alloc.getScalar(name) - used.getScalar(name)) {
        out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: q, used: used.getScalar(name), capacity: alloc.getScalar(name) });
      }
    }
  }
  return out;
}

const EMPTY: ReadonlySet<string> = new Set();

function isExtendedResourceName(name: string): boolean {
  return isScalarResourceName(name) && !name.includes("kubernetes.io/") && !name.startsWith("requests.") && name.includes("/");
}

function buildScorer(args: NodeResourcesFitArgs): ResourceAllocationScorer {
  const strat = args.scoringStrategy ?? {};
  const resources = strat.resources ?? [
    { name: "cpu", weight: 1 },
    { name: "memory", weight: 1 },
  ];
  for (const r of resources) {
    if (!(r.weight >= 1 && r.weight <= 100)) throw new Error(`NodeResourcesFit: resource weight of ${r.name} not in range [1, 100]`);
  }
  switch (strat.type ?? "LeastAllocated") {
    case "LeastAllocated":
      return new ResourceAllocationScorer(Strategy.LeastAllocated, resources, false);
    case "MostAllocated":
      return new ResourceAllocationScorer(Strategy.MostAllocated, resources, false);
    case "RequestedToCapacityRatio": {
      const shape = strat.requestedToCapacityRatio?.shape ?? [];
      if (shape.length === 0) throw new Error("NodeResourcesFit: requestedToCapacityRatio.shape: Required value: at least one point must be specified");
      let prev = -1;
      for (const p of shape) {
        if (p.utilization < 0 || p.utilization > 100) throw new Error("NodeResourcesFit: shape utilization must be in [0, 100]");
        if (p.utilization <= prev) throw new Error("NodeResourcesFit: shape utilization values must be sorted in increasing order");
        if (p.score < 0 || p.score > MAX_CUSTOM_PRIORITY_SCORE) throw new Error("NodeResourcesFit: shape score must be in [0, 10]");
        prev = p.utilization;
      }
      const flat = new Float64Array(shape.length * 2);
      shape.forEach((p, i) => {
        flat[2 * i] = p.utilization;
        flat[2 * i + 1] = p.score * (100 / MAX_CUSTOM_PRIORITY_SCORE);
      });
      return new ResourceAllocationScorer(Strategy.RequestedToCapacityRatio, resources, false, flat);
    }
    default:
      throw new Error(`NodeResourcesFit: scoringStrategy.type: Unsupported value: ${JSON.stringify(strat.type)}`);
  }
}

export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.NodeResourcesFit;
  readonly scorer: ResourceAllocationScorer;
  private readonly ignored: Set<string>;
  private readonly ignoredGroups: Set<string>;

  constructor(args: NodeResourcesFitArgs = {}) {
    this.scorer = buildScorer(args);
    this.ignored = new Set(args.ignoredResources ?? []);
    this.ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
  }

  preFilter(state: CycleState, pod: Pod): Result {
    const requests = podInfoOf(pod).resource.requests;
    state.write(PRE_FILTER_KEY, new PreFilterState(requests));
    this.lastState = state;
    this.lastReq = requests;
    return null;
  }

  private lastState: CycleState | null = null;
  private lastReq: Resource | null = null;

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result {
    let req: Resource;
    if (state === this.lastState) req = this.lastReq!;
    else {
      req = state.read<PreFilterState>(PRE_FILTER_KEY)?.requests ?? podInfoOf(pod).resource.requests;
      this.lastState = state;
      this.lastReq = req;
    }
    if (fits(req, nodeInfo)) return null;
    const insufficient = fitsRequest(req, nodeInfo, this.ignored, this.ignoredGroups);
    if (insufficient.length === 0) return null;
    return new Status(Code.Unschedulable, insufficient.map((r) => r.reason));
  }

  preScore(state: CycleState, pod: Pod): Result {
    state.write(PRE_SCORE_KEY, new PreScoreState(this.scorer.podRequests(podInfoOf(pod))));
    return null;
  }

  private requests(state: CycleState, pod: Pod): number[] {
    return state.read<PreScoreState>(PRE_SCORE_KEY)?.podRequests ?? this.scorer.podRequests(podInfoOf(pod));
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    return this.scorer.score(nodeInfo, this.requests(state, pod));
  }

  scoreNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], out: Float64Array): void {
    const req = this.requests(state, pod);
    for (let i = 0; i < nodes.length; i++) out[i] = this.scorer.score(nodes[i]!, req);
  }

  scoreKernel(state: CycleState, pod: Pod): KernelSpec | null {
    return this.scorer.kernelSpec(this.requests(state, pod));
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: "AssignedPod", actionType: ActionType.Delete | ActionType.UpdatePodScaleDown } },
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
        hint: (pod, _old, newObj) => (nodeCouldFit(pod, newObj as Node) ? QueueingHint.Queue : QueueingHint.QueueSkip),
      },
      { event: { resource: "UnscheduledPod", actionType: ActionType.UpdatePodScaleDown } },
    ];
  }
}

/** Whether the pod could fit the node if it were empty (upstream isFit on a fresh NodeInfo). */
function nodeCouldFit(pod: Pod, node: Node): boolean {
  return fitsRequest(podInfoOf(pod).resource.requests, newNodeInfo(node)).length === 0;
}

export const newFit: PluginFactory = (args) => new Fit((args ?? {}) as NodeResourcesFitArgs);
