/** NodeUnschedulable: rejects nodes with spec.unschedulable unless the pod tolerates node.kubernetes.io/unschedulable. */
import type { Node, Pod } from "../../api-types.ts";
import type { CycleState } from "../../framework/cycle-state.ts";
import { ActionType, type ClusterEventWithHint, QueueingHint } from "../../framework/events.ts";
import type { EnqueueExtensions, FilterPlugin, PluginFactory } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { tolerationsTolerateTaint } from "../helper/taints.ts";
import { Names } from "../names.ts";

export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodeUnschedulable;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result {
    if (!nodeInfo.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.spec.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" })) return null;
    return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_UNSCHEDULABLE]);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        hint: (_pod, _old, newObj) => (!(newObj as Node).spec?.unschedulable ? QueueingHint.Queue : QueueingHint.QueueSkip),
      },
      { event: { resource: "UnscheduledPod", actionType: ActionType.UpdatePodTolerations } },
    ];
  }
}

export const newNodeUnschedulable: PluginFactory = () => new NodeUnschedulable();
