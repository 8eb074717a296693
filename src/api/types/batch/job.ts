/** batch/v1 Job and JobTemplateSpec. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const PodFailurePolicyOnExitCodesRequirementSchema = s.object(
  {
    containerName: s.string().doc("Container to check; all when empty."),
    operator: s.enum(["In", "NotIn"]).doc("In or NotIn."),
    values: s.array(s.int32(), { listType: "set" }).doc("Exit codes."),
  },
  { name: "io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement", description: "Exit codes a pod failure rule matches.", required: ["operator", "values"] },
);
export type PodFailurePolicyOnExitCodesRequirement = Infer<typeof PodFailurePolicyOnExitCodesRequirementSchema>;

export const PodFailurePolicyOnPodConditionsPatternSchema = s.object(
  {
    type: s.string().doc("Condition type."),
    status: s.string().doc("Condition status."),
  },
  { name: "io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern", description: "A pod condition a failure rule matches.", required: ["type", "status"] },
);
export type PodFailurePolicyOnPodConditionsPattern = Infer<typeof PodFailurePolicyOnPodConditionsPatternSchema>;

export const PodFailurePolicyRuleSchema = s.object(
  {
    action: s.enum(["FailJob", "FailIndex", "Ignore", "Count"]).doc("FailJob, FailIndex, Ignore or Count."),
    onExitCodes: PodFailurePolicyOnExitCodesRequirementSchema.doc("Container exit codes the rule matches."),
    onPodConditions: s.array(PodFailurePolicyOnPodConditionsPatternSchema, { listType: "atomic" }).doc("Pod conditions the rule matches."),
  },
  { name: "io.k8s.api.batch.v1.PodFailurePolicyRule", description: "A pod failure rule.", required: ["action"] },
);
export type PodFailurePolicyRule = Infer<typeof PodFailurePolicyRuleSchema>;

export const PodFailurePolicySchema = s.object(
  {
    rules: s.array(PodFailurePolicyRuleSchema, { listType: "atomic" }).doc("Rules, evaluated in order."),
  },
  { name: "io.k8s.api.batch.v1.PodFailurePolicy", description: "Rules deciding what a pod failure means for a job.", required: ["rules"] },
);
export type PodFailurePolicy = Infer<typeof PodFailurePolicySchema>;

export const SuccessPolicyRuleSchema = s.object(
  {
    succeededIndexes: s.string().doc("Indexes that must succeed."),
    succeededCount: s.int32().doc("How many of them must succeed."),
  },
  { name: "io.k8s.api.batch.v1.SuccessPolicyRule", description: "A success rule." },
);
export type SuccessPolicyRule = Infer<typeof SuccessPolicyRuleSchema>;

export const SuccessPolicySchema = s.object(
  {
    rules: s.array(SuccessPolicyRuleSchema, { listType: "atomic" }).doc("Rules; the first one met ends the job."),
  },
  { name: "io.k8s.api.batch.v1.SuccessPolicy", description: "When an Indexed job is succeeded early.", required: ["rules"] },
);
export type SuccessPolicy = Infer<typeof SuccessPolicySchema>;

export const JobSpecSchema = s.object(
  {
    parallelism: s.int32().doc("Maximum pods running at once."),
    completions: s.int32().doc("Successful pods needed; unset means any one success completes the job."),
    activeDeadlineSeconds: s.int64().doc("Seconds the job may run before it is failed."),
    podFailurePolicy: PodFailurePolicySchema.doc("How pod failures count toward backoffLimit."),
    successPolicy: SuccessPolicySchema.doc("When an Indexed job counts as succeeded."),
    backoffLimit: s.int32().doc("Retries before the job fails; defaults to 6."),
    backoffLimitPerIndex: s.int32().doc("Retries per index of an Indexed job."),
    maxFailedIndexes: s.int32().doc("Failed indexes before an Indexed job fails."),
    selector: LabelSelectorSchema.doc("Selects the job's pods; generated unless manualSelector."),
    manualSelector: s.boolean().doc("Use the given selector instead of a generated one."),
    template: PodTemplateSpecSchema.doc("Template of the pods to create."),
    ttlSecondsAfterFinished: s.int32().doc("Seconds after completion before the job is deleted."),
    completionMode: s.enum(["NonIndexed", "Indexed"]).doc("NonIndexed or Indexed."),
    suspend: s.boolean().doc("Whether the job is suspended."),
    podReplacementPolicy: s.enum(["TerminatingOrFailed", "Failed"]).doc("When replacement pods are created: TerminatingOrFailed or Failed."),
    managedBy: s.string().doc("Controller that manages the job."),
  },
  { name: "io.k8s.api.batch.v1.JobSpec", description: "The desired behavior of a job.", required: ["template"] },
);
export type JobSpec = Infer<typeof JobSpecSchema>;

export const JobConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastProbeTime: s.time().doc("When the condition was last checked."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.batch.v1.JobCondition", description: "A condition of a job.", required: ["type", "status"] },
);
export type JobCondition = Infer<typeof JobConditionSchema>;

export const UncountedTerminatedPodsSchema = s.object(
  {
    succeeded: s.array(s.string(), { listType: "set" }).doc("Succeeded pods."),
    failed: s.array(s.string(), { listType: "set" }).doc("Failed pods."),
  },
  { name: "io.k8s.api.batch.v1.UncountedTerminatedPods", description: "UIDs of finished pods not yet counted in the status." },
);
export type UncountedTerminatedPods = Infer<typeof UncountedTerminatedPodsSchema>;

export const JobStatusSchema = s.object(
  {
    conditions: s.array(JobConditionSchema, { listType: "atomic", patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions: Complete, Failed, Suspended and others."),
    startTime: s.time().doc("When the job started."),
    completionTime: s.time().doc("When the job completed."),
    active: s.int32().doc("Pods running."),
    succeeded: s.int32().doc("Pods succeeded."),
    failed: s.int32().doc("Pods failed."),
    terminating: s.int32().doc("Pods terminating."),
    completedIndexes: s.string().doc("Completed indexes of an Indexed job."),
    failedIndexes: s.string().doc("Failed indexes of an Indexed job."),
    uncountedTerminatedPods: UncountedTerminatedPodsSchema.doc("Finished pods not counted yet."),
    ready: s.int32().doc("Ready pods."),
  },
  { name: "io.k8s.api.batch.v1.JobStatus", description: "The observed state of a job." },
);
export type JobStatus = Infer<typeof JobStatusSchema>;

export const JobSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: JobSpecSchema.doc("The desired behavior of the job."),
    status: JobStatusSchema.doc("The observed state of the job."),
  },
  { name: "io.k8s.api.batch.v1.Job", description: "Runs pods until a number of them complete successfully.", present: ["metadata"], gvk: [{ group: "batch", version: "v1", kind: "Job" }] },
);
export type Job = Infer<typeof JobSchema>;

export const JobListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(JobSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.batch.v1.JobList", description: "A list of jobs.", required: ["items"], present: ["metadata"], gvk: [{ group: "batch", version: "v1", kind: "JobList" }] },
);
export type JobList = Infer<typeof JobListSchema>;

export const JobTemplateSpecSchema = s.object(
  {
    metadata: ObjectMetaSchema.doc("Metadata of the created jobs."),
    spec: JobSpecSchema.doc("Spec of the created jobs."),
  },
  { name: "io.k8s.api.batch.v1.JobTemplateSpec", description: "Metadata and spec of the jobs a CronJob creates." },
);
export type JobTemplateSpec = Infer<typeof JobTemplateSpecSchema>;
