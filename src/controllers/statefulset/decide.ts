/**
 * One StatefulSet sync's pod actions (upstream defaultStatefulSetControl.updateStatefulSet):
 * walk ordinals in order; delete failed pods, create missing ones (with their claims),
 * and under OrderedReady stop at the first pod that is not Running and Ready; then
 * remove condemned pods (ordinals beyond replicas) highest first; then roll pods at or
 * above the partition to the update revision, highest first, one at a time.
 */
import type { Pod, StatefulSet, StatefulSetStatus } from "../../api/types/index.ts";
import { isPodAvailable, isPodReady } from "../helper/pods.ts";
import { ordinalOf, podRevision, startOrdinal } from "./identity.ts";

export type StatefulAction = { kind: "create"; ordinal: number; revision: "current" | "update" } | { kind: "delete"; pod: Pod; reason: "failed" | "condemned" | "update" };

const running = (p: Pod) => p.status?.phase === "Running";
const terminating = (p: Pod) => !!p.metadata.deletionTimestamp;
const healthy = (p: Pod) => running(p) && isPodReady(p) && !terminating(p);

export interface PlanInput {
  set: StatefulSet;
  pods: readonly Pod[];
  currentRevision: string;
  updateRevision: string;
  now: number;
}

/** Which revision a new pod at ordinal gets (upstream newVersionedStatefulSetPod). */
export function revisionForOrdinal(set: StatefulSet, ordinal: number): "current" | "update" {
  const strategy = set.spec?.updateStrategy;
  if ((strategy?.type ?? "RollingUpdate") !== "RollingUpdate") return "update";
  const start = startOrdinal(set);
  const ru = strategy?.rollingUpdate;
  if (!ru && ordinal < start + (set.status?.currentReplicas ?? 0)) return "current";
  if (ru && ordinal < start + (ru.partition ?? 0)) return "current";
  return "update";
}

export function planStatefulSet(inp: PlanInput): StatefulAction[] {
  const { set, pods } = inp;
  const monotonic = (set.spec?.podManagementPolicy ?? "OrderedReady") !== "Parallel";
  const start = startOrdinal(set);
  const replicas = set.spec?.replicas ?? 1;
  const end = start + replicas;
  const byOrdinal = new Map<number, Pod>();
  const condemned: Pod[] = [];
  for (const p of pods) {
    const o = ordinalOf(set, p);
    if (o === undefined) continue;
    if (o >= start && o < end) byOrdinal.set(o, p);
    else condemned.push(p);
  }
  condemned.sort((a, b) => ordinalOf(set, b)! - ordinalOf(set, a)!);
  const actions: StatefulAction[] = [];

  for (let o = start; o < end; o++) {
    const pod = byOrdinal.get(o);
    if (pod && pod.status?.phase === "Failed" && !terminating(pod)) {
      actions.push({ kind: "delete", pod, reason: "failed" });
      if (monotonic) return actions;
      continue;
    }
    if (!pod) {
      actions.push({ kind: "create", ordinal: o, revision: revisionForOrdinal(set, o) });
      if (monotonic) return actions;
      continue;
    }
    if (monotonic && (terminating(pod) || !healthy(pod) || !isPodAvailable(pod, set.spec?.minReadySeconds ?? 0, inp.now))) return actions;
  }
  if (monotonic && actions.length > 0) return actions;

  // Scale down: highest ordinal first; under OrderedReady one at a time, and only when every pod is healthy.
  for (const pod of condemned) {
    if (terminating(pod)) {
      if (monotonic) return actions;
      continue;
    }
    if (monotonic && [...byOrdinal.values()].some((p) => !healthy(p))) return actions;
    actions.push({ kind: "delete", pod, reason: "condemned" });
    if (monotonic) return actions;
  }
  if (actions.length > 0) return actions;

  // Rolling update, highest ordinal first, down to the partition; one pod at a time.
  const strategy = set.spec?.updateStrategy;
  if ((strategy?.type ?? "RollingUpdate") !== "RollingUpdate") return actions;
  const partition = start + (strategy?.rollingUpdate?.partition ?? 0);
  for (let o = end - 1; o >= partition; o--) {
    const pod = byOrdinal.get(o);
    if (!pod) continue;
    if (podRevision(pod) !== inp.updateRevision && !terminating(pod)) {
      actions.push({ kind: "delete", pod, reason: "update" });
      return actions;
    }
    if (!healthy(pod)) return actions;
  }
  return actions;
}

/** Status counts from the pods (upstream computeReplicaStatus + completeRollingUpdate). */
export function statefulStatus(set: StatefulSet, pods: readonly Pod[], currentRevision: string, updateRevision: string, now: number): StatefulSetStatus {
  const s: StatefulSetStatus = { ...(set.status ?? { replicas: 0 }) };
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  for (const p of pods) {
    if (ordinalOf(set, p) === undefined) continue;
    if (p.status?.phase) replicas++;
    if (healthy(p)) {
      ready++;
      if (isPodAvailable(p, set.spec?.minReadySeconds ?? 0, now)) available++;
    }
    if (terminating(p)) continue;
    const rev = podRevision(p);
    if (rev === currentRevision) current++;
    if (rev === updateRevision) updated++;
  }
  s.replicas = replicas;
  s.readyReplicas = ready;
  s.availableReplicas = available;
  s.currentReplicas = current;
  s.updatedReplicas = updated;
  s.currentRevision = currentRevision;
  s.updateRevision = updateRevision;
  if (set.metadata.generation !== undefined) s.observedGeneration = set.metadata.generation;
  if ((set.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate" && updated === replicas && ready === replicas) {
    s.currentReplicas = updated;
    s.currentRevision = updateRevision;
  }
  return s;
}
