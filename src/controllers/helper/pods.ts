/**
 * Pod state predicates the workload controllers share (upstream podutil and
 * controller_utils). Declared over the few Pod fields they read, so any full Pod fits.
 */
import type { ObjectMeta } from "../../api/meta/types.ts";

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}
export interface ContainerStatusLike {
  name?: string;
  restartCount?: number;
}
export interface PodLike {
  metadata: ObjectMeta;
  spec?: { nodeName?: string; initContainers?: { name: string; restartPolicy?: string }[] };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: ContainerStatusLike[];
    initContainerStatuses?: ContainerStatusLike[];
  };
}

export function podCondition(pod: PodLike, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** Ready condition True (podutil.IsPodReady). */
export function isPodReady(pod: PodLike): boolean {
  return podCondition(pod, "Ready")?.status === "True";
}

/** Time the pod last became Ready (ms since epoch), or undefined. */
export function podReadyTime(pod: PodLike): number | undefined {
  const c = podCondition(pod, "Ready");
  if (c?.status !== "True" || !c.lastTransitionTime) return undefined;
  return Date.parse(c.lastTransitionTime);
}

/**
 * Ready for at least minReadySeconds at time now (podutil.IsPodAvailable): with
 * minReadySeconds 0 a ready pod is available at once.
 */
export function isPodAvailable(pod: PodLike, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const t = podReadyTime(pod);
  return t !== undefined && t + minReadySeconds * 1000 <= now;
}

/** Not finished and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** Pod is being deleted (it has a deletionTimestamp). */
export function isPodTerminating(pod: PodLike): boolean {
  return !!pod.metadata.deletionTimestamp;
}

/** The "namespace/name" key used by caches and work queues. */
export function objectKey(obj: { metadata: ObjectMeta }): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name ?? ""}` : (obj.metadata.name ?? "");
}

/** Splits a "namespace/name" key; cluster-scoped keys give namespace "". */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { namespace: "", name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
