/**
 * TaintToleration: Filter rejects nodes with an untolerated NoSchedule/NoExecute taint;
 * Score counts untolerated PreferNoSchedule taints (fewer is better, normalized reversed).
 */
import type { Node, Pod, Toleration } from "../../api-types.ts";
import type { CycleState, StateData } from "../../framework/cycle-state.ts";
import { ActionType, type ClusterEventWithHint, QueueingHint } from "../../framework/events.ts";
import type { EnqueueExtensions, FilterPlugin, PluginFactory, PreScorePlugin, ScorePlugin, Scores } from "../../framework/interfaces.ts";
import { MAX_NODE_SCORE } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { defaultNormalizeScore } from "../helper/normalize.ts";
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint, tolerationsTolerateTaint } from "../helper/taints.ts";
import { Names } from "../names.ts";

const PRE_SCORE_KEY = "PreScore" + Names.TaintToleration;

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

export function untoleratedTaintMessage(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ""}}`;
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.TaintToleration;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result {
    const taints = nodeInfo.taints;
    if (taints.length === 0) return null;
    const t = findMatchingUntoleratedTaint(taints, pod.spec.tolerations, isDoNotScheduleTaint);
    if (t === undefined) return null;
    return new Status(Code.UnschedulableAndUnresolvable, [untoleratedTaintMessage(t.key, t.value)]);
  }

  preScore(state: CycleState, pod: Pod): Result {
    const tols = (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
    state.write(PRE_SCORE_KEY, new PreScoreState(tols));
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const taints = nodeInfo.taints;
    if (taints.length === 0) return 0;
    const tols = state.read<PreScoreState>(PRE_SCORE_KEY)?.tolerationsPreferNoSchedule ?? pod.spec.tolerations ?? [];
    let n = 0;
    for (const t of taints) if (t.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tols, t)) n++;
    return n;
  }

  scoreNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], out: Scores): void {
    const tols = state.read<PreScoreState>(PRE_SCORE_KEY)?.tolerationsPreferNoSchedule ?? pod.spec.tolerations ?? [];
    for (let i = 0; i < nodes.length; i++) {
      const taints = nodes[i]!.taints;
      let n = 0;
      for (let k = 0; k < taints.length; k++) {
        const t = taints[k]!;
        if (t.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tols, t)) n++;
      }
      out[i] = n;
    }
  }

  normalizeScore(_state: CycleState, _pod: Pod, _nodes: readonly NodeInfo[], scores: Scores): Result {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        hint: (pod, _old, newObj) => {
          const taints = (newObj as Node).spec?.taints;
          return findMatchingUntoleratedTaint(taints, pod.spec.tolerations, isDoNotScheduleTaint) === undefined
            ? QueueingHint.Queue
            : QueueingHint.QueueSkip;
        },
      },
      { event: { resource: "UnscheduledPod", actionType: ActionType.UpdatePodTolerations } },
    ];
  }
}

export const newTaintToleration: PluginFactory = () => new TaintToleration();
