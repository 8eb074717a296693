/**
 * ImageLocality: favors nodes that already have the pod's images, weighted by image size
 * and by how widely the image is spread (to avoid piling pods on one node).
 */
import type { Pod } from "../../api-types.ts";
import type { CycleState } from "../../framework/cycle-state.ts";
import { type Handle, MAX_NODE_SCORE, type PluginFactory, type ScorePlugin } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { Names } from "../names.ts";

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Adds ":latest" when the image reference has no tag, as node status reports it. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/")) return name + ":latest";
  return name;
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export class ImageLocality implements ScorePlugin {
  readonly name = Names.ImageLocality;

  constructor(private readonly handle: Handle) {}

  scoreNodes(_state: CycleState, pod: Pod, nodes: readonly NodeInfo[], out: Float64Array): void {
    const total = this.handle.snapshot.list().length;
    const n = (pod.spec.initContainers?.length ?? 0) + (pod.spec.containers?.length ?? 0);
    const none = calculatePriority(0, n);
    for (let i = 0; i < nodes.length; i++) out[i] = nodes[i]!.imageStates.size === 0 ? none : this.scoreWith(pod, nodes[i]!, total);
  }

  score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    return this.scoreWith(pod, nodeInfo, this.handle.snapshot.list().length);
  }

  private scoreWith(pod: Pod, nodeInfo: NodeInfo, total: number): number {
    const images = nodeInfo.imageStates;
    let sum = 0;
    let n = 0;
    if (images.size > 0) {
      for (const list of [pod.spec.initContainers ?? [], pod.spec.containers ?? []]) {
        for (const c of list) {
          const st = c.image ? images.get(normalizedImageName(c.image)) : undefined;
          if (st) sum += Math.trunc(st.size * (st.nodes.size / total));
        }
      }
    }
    n = (pod.spec.initContainers?.length ?? 0) + (pod.spec.containers?.length ?? 0);
    return calculatePriority(sum, n);
  }
}

export const newImageLocality: PluginFactory = (_args, handle) => new ImageLocality(handle);
