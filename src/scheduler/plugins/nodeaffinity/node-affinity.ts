/**
 * NodeAffinity: spec.nodeSelector and required node affinity as a filter, preferred
 * node affinity as a score; `addedAffinity` (plugin args) is enforced for every pod.
 */
import type { Node, NodeAffinity as NodeAffinitySpec, Pod, PreferredSchedulingTerm } from "../../api-types.ts";
import type { CycleState, StateData } from "../../framework/cycle-state.ts";
import { ActionType, type ClusterEventWithHint, QueueingHint } from "../../framework/events.ts";
import {
  type EnqueueExtensions,
  type FilterPlugin,
  MAX_NODE_SCORE,
  type PluginFactory,
  PreFilterResult,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type Scores,
} from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { nodeSelectorMatches, preferredScore, RequiredNodeAffinity } from "../helper/node-affinity.ts";
import { defaultNormalizeScore } from "../helper/normalize.ts";
import { Names } from "../names.ts";

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
export const ERR_REASON_CONFLICT = "pod affinity terms conflict";

const PRE_FILTER_KEY = "PreFilter" + Names.NodeAffinity;
const PRE_SCORE_KEY = "PreScore" + Names.NodeAffinity;

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}
class PreScoreState implements StateData {
  constructor(readonly preferred: PreferredSchedulingTerm[]) {}
  clone(): StateData {
    return this;
  }
}

function intersect(a: Set<string> | null, b: Set<string>): Set<string> {
  if (a === null) return b;
  const out = new Set<string>();
  for (const n of a) if (b.has(n)) out.add(n);
  return out;
}

export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinitySpec;
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.NodeAffinity;
  private readonly addedRequired;
  private readonly addedPreferred: PreferredSchedulingTerm[];

  constructor(args: NodeAffinityArgs = {}) {
    this.addedRequired = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null;
    this.addedPreferred = args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  }

  preFilter(state: CycleState, pod: Pod): Result | PreFilterResult {
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const hasSelector = pod.spec.nodeSelector !== undefined && Object.keys(pod.spec.nodeSelector).length > 0;
    if (!required && this.addedRequired === null && !hasSelector) return new Status(Code.Skip);
    state.write(PRE_FILTER_KEY, new PreFilterState(new RequiredNodeAffinity(pod)));
    if (!required) return null;
    // Affinity to specific nodes by metadata.name narrows the nodes to evaluate.
    let names: Set<string> | null = null;
    for (const t of required.nodeSelectorTerms ?? []) {
      let termNames: Set<string> | null = null;
      for (const r of t.matchFields ?? []) {
        if (r.key === "metadata.name" && r.operator === "In") {
          termNames = intersect(termNames, new Set(r.values ?? []));
        }
      }
      if (termNames === null) return null;
      names = names === null ? termNames : new Set([...names, ...termNames]);
    }
    if (names !== null && names.size === 0) return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_CONFLICT]);
    return names !== null ? new PreFilterResult(names) : null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result {
    const node = nodeInfo.node!;
    if (this.addedRequired !== null && !nodeSelectorMatches(this.addedRequired, node)) {
      return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_ENFORCED]);
    }
    const required = state.read<PreFilterState>(PRE_FILTER_KEY)?.required ?? new RequiredNodeAffinity(pod);
    if (!required.match(node)) return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_POD]);
    return null;
  }

  preScore(state: CycleState, pod: Pod): Result {
    const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (preferred.length === 0 && this.addedPreferred.length === 0) return new Status(Code.Skip);
    state.write(PRE_SCORE_KEY, new PreScoreState(preferred));
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const node = nodeInfo.node!;
    const preferred =
      state.read<PreScoreState>(PRE_SCORE_KEY)?.preferred ?? pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    return preferredScore(preferred, node) + preferredScore(this.addedPreferred, node);
  }

  normalizeScore(_state: CycleState, _pod: Pod, _nodes: readonly NodeInfo[], scores: Scores): Result {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        hint: (pod, _old, newObj) => {
          const node = newObj as Node;
          if (this.addedRequired !== null && !nodeSelectorMatches(this.addedRequired, node)) return QueueingHint.QueueSkip;
          return new RequiredNodeAffinity(pod).match(node) ? QueueingHint.Queue : QueueingHint.QueueSkip;
        },
      },
    ];
  }
}

export const newNodeAffinity: PluginFactory = (args) => new NodeAffinity((args ?? {}) as NodeAffinityArgs);
