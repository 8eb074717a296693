/**
 * Which pods to delete first when scaling down (upstream ActivePodsWithRanks with the
 * PodDeletionCost and LogarithmicScaleDown features, both on by default). Earlier in the
 * order means deleted first.
 */
import { isPodReady, podReadyTime, type PodLike } from "./pods.ts";

/** Annotation whose integer value makes a pod cheaper (lower) or dearer to delete. */
export const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The pod-deletion-cost annotation as an int32, 0 when absent or invalid. */
export function deletionCost(pod: PodLike): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** The highest restart count among regular containers, and among restartable init (sidecar) containers. */
function maxRestarts(pod: PodLike): [regular: number, sidecar: number] {
  let regular = 0;
  let sidecar = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always").map((c) => c.name));
  for (const c of pod.status?.initContainerStatuses ?? []) if (c.name !== undefined && sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return [regular, sidecar];
}

/** Zero or unknown time first, then later before earlier (upstream afterOrZero). */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** floor(log2(now - t)) in nanoseconds, -1 when t is not in the past. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** Newer first, comparing in log2 buckets so pods of a similar age tie and fall back to uid. */
function compareTimes(t1: number | undefined, t2: number | undefined, now: number | undefined, uid1: string, uid2: string): boolean {
  if (now === undefined || t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
  const diff = logRank(t1, now) - logRank(t2, now);
  if (diff === 0) return uid1 < uid2;
  return diff < 0;
}

function creationTime(pod: PodLike): number | undefined {
  const t = pod.metadata.creationTimestamp;
  return t ? Date.parse(t) : undefined;
}

export interface RankedPod<P extends PodLike = PodLike> {
  pod: P;
  /** Number of related pods on the same node; higher ranks delete first. */
  rank: number;
}

/** True when a should be deleted before b. */
export function deleteBefore(a: RankedPod, b: RankedPod, now?: number): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? "";
  const nb = pb.spec?.nodeName ?? "";
  // 1. unassigned before assigned
  if (na !== nb && (na === "" || nb === "")) return na === "";
  // 2. Pending < Unknown < Running
  const oa = PHASE_ORDINAL[pa.status?.phase ?? ""] ?? 0;
  const ob = PHASE_ORDINAL[pb.status?.phase ?? ""] ?? 0;
  if (oa !== ob) return oa < ob;
  // 3. not ready before ready
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  // 4. lower deletion cost first
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca < cb;
  // 5. doubled up (more related pods on the node) first
  if (a.rank !== b.rank) return a.rank > b.rank;
  const uidA = pa.metadata.uid ?? "";
  const uidB = pb.metadata.uid ?? "";
  // 6. ready for less time first
  if (ra && rb) {
    const ta = podReadyTime(pa);
    const tb = podReadyTime(pb);
    if (ta !== tb) return compareTimes(ta, tb, now, uidA, uidB);
  }
  // 7. more restarts first (regular containers, then sidecars)
  const [rega, sida] = maxRestarts(pa);
  const [regb, sidb] = maxRestarts(pb);
  if (rega !== regb) return rega > regb;
  if (sida !== sidb) return sida > sidb;
  // 8. newer first
  const ta = creationTime(pa);
  const tb = creationTime(pb);
  if (ta !== tb) return compareTimes(ta, tb, now, uidA, uidB);
  return false;
}

/** Sorts in place so the pods to delete first come first. */
export function sortByDeletionOrder<P extends PodLike>(ranked: RankedPod<P>[], now?: number): RankedPod<P>[] {
  return ranked.sort((a, b) => (deleteBefore(a, b, now) ? -1 : deleteBefore(b, a, now) ? 1 : 0));
}

/**
 * Ranks each pod by how many of relatedPods (active pods of the same workload, itself
 * included) run on its node (upstream getPodsRankedByRelatedPodsOnSameNode).
 */
export function rankByRelatedOnSameNode<P extends PodLike>(pods: readonly P[], relatedPods: readonly PodLike[]): RankedPod<P>[] {
  const perNode = new Map<string, number>();
  for (const p of relatedPods) {
    const n = p.spec?.nodeName;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  return pods.map((pod) => ({ pod, rank: pod.spec?.nodeName ? (perNode.get(pod.spec.nodeName) ?? 0) : 0 }));
}

/** The first `count` pods to delete out of pods (upstream getPodsToDelete). */
export function podsToDelete<P extends PodLike>(pods: readonly P[], relatedPods: readonly PodLike[], count: number, now?: number): P[] {
  if (count <= 0) return [];
  if (count >= pods.length) return [...pods];
  const ranked = sortByDeletionOrder(rankByRelatedOnSameNode(pods, relatedPods), now);
  return ranked.slice(0, count).map((r) => r.pod);
}
