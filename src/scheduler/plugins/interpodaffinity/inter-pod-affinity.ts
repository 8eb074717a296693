/** InterPodAffinity plugin: wires filtering.ts and scoring.ts into the extension points. */
import type { Pod } from "../../api-types.ts";
import type { CycleState } from "../../framework/cycle-state.ts";
import { ActionType, type ClusterEventWithHint, QueueingHint } from "../../framework/events.ts";
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PluginFactory,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
  Scores,
} from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { type PodInfo, podInfoOf, termMatches } from "../../framework/pod-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { Names } from "../names.ts";
import {
  computePreFilterState,
  ERR_REASON_AFFINITY,
  ERR_REASON_ANTI_AFFINITY,
  ERR_REASON_EXISTING_ANTI_AFFINITY,
  PreFilterState,
  satisfyExistingPodsAntiAffinity,
  satisfyPodAffinity,
  satisfyPodAntiAffinity,
} from "./filtering.ts";
import { computePreScoreState, normalize, PreScoreState, type ScoringArgs, scoreNode } from "./scoring.ts";

const PRE_FILTER_KEY = "PreFilter" + Names.InterPodAffinity;
const PRE_SCORE_KEY = "PreScore" + Names.InterPodAffinity;

export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.InterPodAffinity;
  private readonly args: ScoringArgs;

  constructor(
    private readonly handle: Handle,
    args: InterPodAffinityArgs = {},
  ) {
    const w = args.hardPodAffinityWeight ?? 1;
    if (w < 0 || w > 100) throw new Error("InterPodAffinity: hardPodAffinityWeight: Invalid value: not in valid range [0-100]");
    this.args = { hardPodAffinityWeight: w, ignorePreferredTermsOfExistingPods: args.ignorePreferredTermsOfExistingPods ?? false };
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result {
    const s = computePreFilterState(this.handle, pod, nodes);
    if (s.existingAntiAffinityCounts.size === 0 && s.requiredAffinityTerms.length === 0 && s.requiredAntiAffinityTerms.length === 0) {
      return new Status(Code.Skip);
    }
    state.write(PRE_FILTER_KEY, s);
    return null;
  }

  private state(state: CycleState): PreFilterState {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) throw new Error(`reading ${JSON.stringify(PRE_FILTER_KEY)} from cycleState: not found`);
    return s;
  }

  addPod(state: CycleState, _pod: Pod, pi: PodInfo, nodeInfo: NodeInfo): Result {
    this.state(state).updateWithPod(pi, nodeInfo, 1);
    return null;
  }

  removePod(state: CycleState, _pod: Pod, pi: PodInfo, nodeInfo: NodeInfo): Result {
    this.state(state).updateWithPod(pi, nodeInfo, -1);
    return null;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Result {
    const s = this.state(state);
    if (!satisfyPodAffinity(s, nodeInfo)) return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_AFFINITY]);
    if (!satisfyPodAntiAffinity(s, nodeInfo)) return new Status(Code.Unschedulable, [ERR_REASON_ANTI_AFFINITY]);
    if (!satisfyExistingPodsAntiAffinity(s, nodeInfo)) return new Status(Code.Unschedulable, [ERR_REASON_EXISTING_ANTI_AFFINITY]);
    return null;
  }

  preScore(state: CycleState, pod: Pod): Result {
    const s = computePreScoreState(this.handle, this.args, pod);
    if (s === null) return new Status(Code.Skip);
    state.write(PRE_SCORE_KEY, s);
    return null;
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    return s ? scoreNode(s, nodeInfo) : 0;
  }

  normalizeScore(state: CycleState, _pod: Pod, _nodes: readonly NodeInfo[], scores: Scores): Result {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (s && s.topologyScore.size > 0) normalize(scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    const podHint = (pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint => {
      const target = podInfoOf(pod);
      for (const o of [oldObj, newObj]) {
        if (!o) continue;
        const changed = o as Pod;
        const terms = [...target.requiredAffinityTerms, ...target.requiredAntiAffinityTerms, ...target.preferredAffinityTerms, ...target.preferredAntiAffinityTerms];
        if (terms.some((t) => termMatches(t, changed, undefined) || !t.namespaceSelector.nothing)) return QueueingHint.Queue;
        const other = podInfoOf(changed);
        if (other.requiredAntiAffinityTerms.length > 0 || other.requiredAffinityTerms.length > 0) return QueueingHint.Queue;
      }
      return QueueingHint.QueueSkip;
    };
    return [
      { event: { resource: "AssignedPod", actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete }, hint: podHint },
      { event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
      { event: { resource: "UnscheduledPod", actionType: ActionType.UpdatePodLabel } },
    ];
  }
}

export const newInterPodAffinity: PluginFactory = (args, handle) => new InterPodAffinity(handle, (args ?? {}) as InterPodAffinityArgs);
