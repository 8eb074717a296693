/**
 * NodeResourcesBalancedAllocation: favors nodes whose resource utilization fractions
 * (with the pod added) are close to each other: (1 - standard deviation) * 100.
 * Best-effort pods (no requests) are skipped, as upstream does.
 */
import type { Pod } from "../../api-types.ts";
import type { CycleState, StateData } from "../../framework/cycle-state.ts";
import type { KernelSpec, PluginFactory, PreScorePlugin, ScorePlugin } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { podInfoOf } from "../../framework/pod-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { Names } from "../names.ts";
import { ResourceAllocationScorer, type ResourceSpec, Strategy } from "./resource-allocation.ts";

const PRE_SCORE_KEY = "PreScore" + Names.NodeResourcesBalancedAllocation;

class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): StateData {
    return this;
  }
}

export interface BalancedAllocationArgs {
  resources?: ResourceSpec[];
}

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeResourcesBalancedAllocation;
  readonly scorer: ResourceAllocationScorer;

  constructor(args: BalancedAllocationArgs = {}) {
    const resources = args.resources ?? [
      { name: "cpu", weight: 1 },
      { name: "memory", weight: 1 },
    ];
    this.scorer = new ResourceAllocationScorer(Strategy.Balanced, resources, true);
  }

  preScore(state: CycleState, pod: Pod): Result {
    const req = this.scorer.podRequests(podInfoOf(pod));
    if (req.every((r) => r === 0)) return new Status(Code.Skip);
    state.write(PRE_SCORE_KEY, new PreScoreState(req));
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
}

export const newBalancedAllocation: PluginFactory = (args) => new BalancedAllocation((args ?? {}) as BalancedAllocationArgs);
