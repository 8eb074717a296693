/** Job condition types, reasons, messages, labels and limits (upstream batch/v1 and job controller). */

export const TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
export const COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
export const COMPLETION_INDEX_LABEL = "batch.kubernetes.io/job-completion-index";
export const COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

/** Upstream MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** Upstream DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export const JobCond = {
  Complete: "Complete",
  Failed: "Failed",
  Suspended: "Suspended",
  FailureTarget: "FailureTarget",
  SuccessCriteriaMet: "SuccessCriteriaMet",
} as const;

export const JobReason = {
  BackoffLimitExceeded: "BackoffLimitExceeded",
  DeadlineExceeded: "DeadlineExceeded",
  PodFailurePolicy: "PodFailurePolicy",
  CompletionsReached: "CompletionsReached",
  Suspended: "JobSuspended",
  Resumed: "JobResumed",
} as const;

export const JobMessage = {
  BackoffLimitExceeded: "Job has reached the specified backoff limit",
  DeadlineExceeded: "Job was active longer than specified deadline",
  CompletionsReached: "Reached expected number of succeeded pods",
  Suspended: "Job suspended",
  Resumed: "Job resumed",
} as const;
