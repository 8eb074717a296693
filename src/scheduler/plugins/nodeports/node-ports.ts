/** NodePorts: a pod's host ports must be free on the node (0.0.0.0 conflicts with every address). */
import type { ContainerPort, Pod } from "../../api-types.ts";
import type { CycleState, StateData } from "../../framework/cycle-state.ts";
import { ActionType, type ClusterEventWithHint, QueueingHint } from "../../framework/events.ts";
import type { EnqueueExtensions, FilterPlugin, PluginFactory, PreFilterPlugin } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { Names } from "../names.ts";

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
const PRE_FILTER_KEY = "PreFilter" + Names.NodePorts;

class PreFilterState implements StateData {
  constructor(readonly ports: ContainerPort[]) {}
  clone(): StateData {
    return this;
  }
}

/** Container ports that claim a host port. */
export function hostPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.spec.containers ?? []) for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  return out;
}

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodePorts;

  preFilter(state: CycleState, pod: Pod): Result {
    const ports = hostPorts(pod);
    if (ports.length === 0) return new Status(Code.Skip);
    state.write(PRE_FILTER_KEY, new PreFilterState(ports));
    return null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result {
    const ports = state.read<PreFilterState>(PRE_FILTER_KEY)?.ports ?? hostPorts(pod);
    for (const p of ports) {
      if (nodeInfo.usedPorts.conflicts(p.hostIP, p.protocol, p.hostPort)) return new Status(Code.Unschedulable, [ERR_REASON_PORTS]);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "AssignedPod", actionType: ActionType.Delete },
        hint: (pod, oldObj) => {
          const freed = hostPorts(oldObj as Pod);
          const want = hostPorts(pod);
          const clash = want.some((w) => freed.some((f) => f.hostPort === w.hostPort && (f.protocol || "TCP") === (w.protocol || "TCP")));
          return clash ? QueueingHint.Queue : QueueingHint.QueueSkip;
        },
      },
      { event: { resource: "Node", actionType: ActionType.Add } },
    ];
  }
}

export const newNodePorts: PluginFactory = () => new NodePorts();
