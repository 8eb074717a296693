/** Deployment annotation keys, label key, condition types and reasons (upstream deployment util). */

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
/** The annotation apps/v1 uses to round-trip the removed spec.rollbackTo. */
export const ROLLBACK_TO_ANNOTATION = "deprecated.deployment.rollback.to";
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
/** Label added to ReplicaSets and their pods: the hash of the pod template. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** Upstream maxRevHistoryLengthInChars. */
export const MAX_REV_HISTORY_LENGTH = 2000;

export const DEPLOYMENT_GROUP_VERSION = "apps/v1";
export const DEPLOYMENT_KIND = "Deployment";

export const Cond = {
  Available: "Available",
  Progressing: "Progressing",
  ReplicaFailure: "ReplicaFailure",
} as const;

export const Reason = {
  // Progressing
  NewReplicaSet: "NewReplicaSetCreated",
  FoundNewRS: "FoundNewReplicaSet",
  ReplicaSetUpdated: "ReplicaSetUpdated",
  NewRSAvailable: "NewReplicaSetAvailable",
  TimedOut: "ProgressDeadlineExceeded",
  Paused: "DeploymentPaused",
  Resumed: "DeploymentResumed",
  FailedRSCreate: "ReplicaSetCreateError",
  // Available
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
  // rollback events
  RollbackRevisionNotFound: "DeploymentRollbackRevisionNotFound",
  RollbackTemplateUnchanged: "DeploymentRollbackTemplateUnchanged",
  RollbackDone: "DeploymentRollback",
} as const;
