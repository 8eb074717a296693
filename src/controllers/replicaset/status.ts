/**
 * ReplicaSet status from the pods it owns (upstream calculateStatus): replica counts,
 * the ReplicaFailure condition after a failed create or delete, observedGeneration.
 */
import type { Pod, ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from "../../api/types/index.ts";
import { getCondition, removeCondition, rfc3339, setCondition } from "../helper/conditions.ts";
import { isPodAvailable, isPodReady } from "../helper/pods.ts";
import { statusEqual } from "../helper/status-equal.ts";

export const REPLICA_FAILURE = "ReplicaFailure";

function labelsContain(labels: Readonly<Record<string, string>> | undefined, required: Readonly<Record<string, string>> | undefined): boolean {
  for (const [k, v] of Object.entries(required ?? {})) if (labels?.[k] !== v) return false;
  return true;
}

/**
 * The status rs should have given its active pods; manageError is the error of this
 * sync's creations or deletions, if any. observedGeneration is set to rs's generation.
 */
export function calculateStatus(rs: ReplicaSet, activePods: readonly Pod[], manageError: unknown, now: number): ReplicaSetStatus {
  const prev = rs.status;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  const templateLabels = rs.spec?.template?.metadata?.labels;
  const minReady = rs.spec?.minReadySeconds ?? 0;
  for (const pod of activePods) {
    if (labelsContain(pod.metadata.labels, templateLabels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
  }
  let conditions = prev?.conditions;
  const failure = getCondition(conditions, REPLICA_FAILURE);
  if (manageError !== undefined && !failure) {
    const diff = activePods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    const cond: ReplicaSetCondition = {
      type: REPLICA_FAILURE,
      status: "True",
      lastTransitionTime: rfc3339(now),
      reason,
      message: manageError instanceof Error ? manageError.message : String(manageError),
    };
    conditions = setCondition(conditions, cond);
  } else if (manageError === undefined && failure) {
    conditions = removeCondition(conditions, REPLICA_FAILURE);
  }
  const observedGeneration = rs.metadata.generation ?? prev?.observedGeneration;
  const { conditions: _previous, ...rest } = prev ?? { replicas: 0 };
  return {
    ...rest,
    replicas: activePods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
    ...(conditions && conditions.length > 0 ? { conditions } : {}),
  };
}

/** Whether the stored status differs from the computed one (zero and absent are equal). */
export function statusChanged(stored: ReplicaSetStatus | undefined, computed: ReplicaSetStatus): boolean {
  return !statusEqual(stored, computed);
}
