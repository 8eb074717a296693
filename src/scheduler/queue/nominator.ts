/**
 * Nominated pods: pods that preempted others and wait for their nominated node. Filters
 * count nominated pods of equal or higher priority on a node (runFilterPluginsWithNominatedPods).
 */
import type { Pod } from "../api-types.ts";
import type { PodNominator } from "../framework/interfaces.ts";
import { type PodInfo, podKey } from "../framework/pod-info.ts";

const NONE: readonly PodInfo[] = [];

export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** `isAssignedOrGone` guards against nominating a pod that is already bound or deleted. */
  constructor(private readonly isAssignedOrGone: (pod: Pod) => boolean = () => false) {}

  /** With `nodeName` undefined the pod's status.nominatedNodeName is used ("Noop" mode). */
  add(pi: PodInfo, nodeName?: string): void {
    this.delete(pi.pod);
    const node = nodeName ?? pi.pod.status?.nominatedNodeName ?? "";
    if (node === "" || this.isAssignedOrGone(pi.pod)) return;
    this.nodeOf.set(pi.uid, node);
    let list = this.byNode.get(node);
    if (!list) this.byNode.set(node, (list = []));
    list.push(pi);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node);
    if (!list) return;
    const i = list.findIndex((p) => p.uid === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  /** Keeps a nomination across a pod update unless the update set a different one. */
  update(oldPod: Pod, newPi: PodInfo): void {
    let node: string | undefined;
    const oldNom = oldPod.status?.nominatedNodeName ?? "";
    const newNom = newPi.pod.status?.nominatedNodeName ?? "";
    if (oldNom === "" && newNom === "") node = this.nodeOf.get(podKey(oldPod));
    this.delete(oldPod);
    this.add(newPi, node);
  }

  nominatedNodeOf(pod: Pod): string | undefined {
    return this.nodeOf.get(podKey(pod));
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.byNode.size === 0) return NONE;
    return this.byNode.get(nodeName) ?? NONE;
  }
}
