/** NodeName: a pod that names a node (spec.nodeName) fits only that node. */
import type { Pod } from "../../api-types.ts";
import type { CycleState } from "../../framework/cycle-state.ts";
import { ActionType, type ClusterEventWithHint } from "../../framework/events.ts";
import type { EnqueueExtensions, FilterPlugin, PluginFactory } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { Names } from "../names.ts";

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodeName;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result {
    const want = pod.spec.nodeName;
    if (!want || want === nodeInfo.name) return null;
    return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_NODE_NAME]);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: "Node", actionType: ActionType.Add } }];
  }
}

export const newNodeName: PluginFactory = () => new NodeName();
