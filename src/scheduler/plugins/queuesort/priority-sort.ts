/** PrioritySort: higher priority first, then earlier queue timestamp. */
import type { PluginFactory, QueuedPodInfo, QueueSortPlugin } from "../../framework/interfaces.ts";
import { podPriority } from "../../framework/pod-info.ts";
import { Names } from "../names.ts";

export class PrioritySort implements QueueSortPlugin {
  readonly name = Names.PrioritySort;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = podPriority(a.podInfo.pod);
    const p2 = podPriority(b.podInfo.pod);
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}

export const newPrioritySort: PluginFactory = () => new PrioritySort() satisfies QueueSortPlugin;
