/**
 * Counting finished pods exactly once (upstream trackJobStatusAndRemoveFinalizers):
 * every pod carries the job-tracking finalizer; a finished pod is first recorded in
 * status.uncountedTerminatedPods, then its finalizer is removed, then it moves into
 * status.succeeded/failed. A pod deleted after that no longer changes the counts.
 */
import type { Job, JobCondition, JobStatus, Pod } from "../../api/types/index.ts";
import { rfc3339 } from "../helper/conditions.ts";
import { JobCond, JobReason, TRACKING_FINALIZER } from "./constants.ts";
import { formatIndexes, parseIndexes, podIndex } from "./indexes.ts";
import { matchPodFailurePolicy } from "./pod-failure-policy.ts";

export type Outcome = "Succeeded" | "Failed";

/** Only pods that reached the Failed phase count as failed under podReplacementPolicy Failed. */
function onlyReplaceFailed(job: Job): boolean {
  return job.spec?.podReplacementPolicy === "Failed";
}

/** How a pod finished, if it did (upstream isPodFailed counts deleted unfinished pods as failed). */
export function podOutcome(job: Job, pod: Pod): Outcome | undefined {
  const phase = pod.status?.phase;
  if (phase === "Succeeded") return "Succeeded";
  if (phase === "Failed") return "Failed";
  if (!onlyReplaceFailed(job) && pod.metadata.deletionTimestamp) return "Failed";
  return undefined;
}

export const hasTrackingFinalizer = (pod: Pod) => pod.metadata.finalizers?.includes(TRACKING_FINALIZER) ?? false;

export interface Accounting {
  /** Finished pods whose tracking finalizer is to be removed. */
  toRemove: Pod[];
  /** status with the newly finished pods recorded as uncounted (and completed indexes, FailureTarget). */
  status: JobStatus;
  /** Whether status differs from the job's. */
  changed: boolean;
}

export function isIndexed(job: Job): boolean {
  return job.spec?.completionMode === "Indexed";
}

/** Step one: record newly finished pods before touching their finalizers. */
export function recordFinished(job: Job, pods: readonly Pod[], now: number): Accounting {
  const status: JobStatus = { ...(job.status ?? {}) };
  const succ = new Set(status.uncountedTerminatedPods?.succeeded ?? []);
  const fail = new Set(status.uncountedTerminatedPods?.failed ?? []);
  const completions = job.spec?.completions;
  const completed = parseIndexes(status.completedIndexes, completions);
  let changed = false;
  let failJob: string | undefined;
  const toRemove: Pod[] = [];
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const outcome = podOutcome(job, pod);
    if (!outcome) continue;
    toRemove.push(pod);
    const uid = pod.metadata.uid ?? "";
    if (succ.has(uid) || fail.has(uid)) continue;
    if (outcome === "Succeeded") {
      succ.add(uid);
      changed = true;
      if (isIndexed(job)) {
        const idx = podIndex(pod, completions);
        if (idx !== undefined) completed.add(idx);
      }
      continue;
    }
    const match = pod.status?.phase === "Failed" ? matchPodFailurePolicy(job, pod) : undefined;
    if (match?.action === "Ignore") continue;
    fail.add(uid);
    changed = true;
    if (match?.action === "FailJob" && !failJob) failJob = match.message;
  }
  if (!changed) return { toRemove, status, changed: false };
  status.uncountedTerminatedPods = { succeeded: [...succ], failed: [...fail] };
  if (isIndexed(job)) status.completedIndexes = formatIndexes(completed);
  if (failJob && !status.conditions?.some((c) => c.type === JobCond.FailureTarget && c.status === "True")) {
    const t = rfc3339(now);
    const cond: JobCondition = { type: JobCond.FailureTarget, status: "True", reason: JobReason.PodFailurePolicy, message: failJob, lastProbeTime: t, lastTransitionTime: t };
    status.conditions = [...(status.conditions ?? []), cond];
  }
  return { toRemove, status, changed: true };
}

/**
 * Step three: uncounted pods whose finalizer is gone (removed now, or the pod no longer
 * exists) move into the counts. Returns the status and how many of each were counted.
 */
export function countUncounted(job: Job, status: JobStatus, stillHeld: ReadonlySet<string>): { status: JobStatus; newSucceeded: number; newFailed: number } {
  const succ = status.uncountedTerminatedPods?.succeeded ?? [];
  const fail = status.uncountedTerminatedPods?.failed ?? [];
  const keepS = succ.filter((u) => stillHeld.has(u));
  const keepF = fail.filter((u) => stillHeld.has(u));
  const newSucceeded = succ.length - keepS.length;
  const newFailed = fail.length - keepF.length;
  const next: JobStatus = { ...status };
  next.succeeded = isIndexed(job) ? parseIndexes(status.completedIndexes, job.spec?.completions).size : (status.succeeded ?? 0) + newSucceeded;
  next.failed = (status.failed ?? 0) + newFailed;
  next.uncountedTerminatedPods = { succeeded: keepS, failed: keepF };
  return { status: next, newSucceeded, newFailed };
}
