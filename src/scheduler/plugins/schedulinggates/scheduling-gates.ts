/** SchedulingGates: a pod with spec.schedulingGates is not scheduled until they are all removed. */
import type { Pod } from "../../api-types.ts";
import { ActionType, type ClusterEventWithHint, QueueingHint } from "../../framework/events.ts";
import type { EnqueueExtensions, PluginFactory, PreEnqueuePlugin } from "../../framework/interfaces.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { Names } from "../names.ts";

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = Names.SchedulingGates;

  preEnqueue(pod: Pod): Result {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return new Status(Code.UnschedulableAndUnresolvable, [`waiting for scheduling gates: [${gates.map((g) => g.name).join(" ")}]`]);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "UnscheduledPod", actionType: ActionType.UpdatePodSchedulingGatesEliminated },
        hint: (pod, _old, newObj) => {
          const p = newObj as Pod;
          return p.metadata.uid === pod.metadata.uid && (p.spec.schedulingGates?.length ?? 0) === 0 ? QueueingHint.Queue : QueueingHint.QueueSkip;
        },
      },
    ];
  }
}

export const newSchedulingGates: PluginFactory = () => new SchedulingGates();
