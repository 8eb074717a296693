/** batch/v1 Job and JobTemplateSpec. */
import { s, type Infer } from "../../schema/dsl.ts";
import { PodTemplateSpecSchema } from "../core/pod.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const PodFailurePolicyOnExitCodesRequirementSchema = s.object(
  {
    containerName: s.string(),
    operator: s.enum(["In", "NotIn"]),
    values: s.array(s.int32(), { listType: "set" }),
  },
  { name: "io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement", required: ["operator", "values"] },
);
export type PodFailurePolicyOnExitCodesRequirement = Infer<typeof PodFailurePolicyOnExitCodesRequirementSchema>;

export const PodFailurePolicyOnPodConditionsPatternSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
  },
  { name: "io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern", required: ["type", "status"] },
);
export type PodFailurePolicyOnPodConditionsPattern = Infer<typeof PodFailurePolicyOnPodConditionsPatternSchema>;

export const PodFailurePolicyRuleSchema = s.object(
  {
    action: s.enum(["FailJob", "FailIndex", "Ignore", "Count"]),
    onExitCodes: PodFailurePolicyOnExitCodesRequirementSchema,
    onPodConditions: s.array(PodFailurePolicyOnPodConditionsPatternSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.batch.v1.PodFailurePolicyRule", required: ["action"] },
);
export type PodFailurePolicyRule = Infer<typeof PodFailurePolicyRuleSchema>;

export const PodFailurePolicySchema = s.object(
  {
    rules: s.array(PodFailurePolicyRuleSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.batch.v1.PodFailurePolicy", required: ["rules"] },
);
export type PodFailurePolicy = Infer<typeof PodFailurePolicySchema>;

export const SuccessPolicyRuleSchema = s.object(
  {
    succeededIndexes: s.string(),
    succeededCount: s.int32(),
  },
  { name: "io.k8s.api.batch.v1.SuccessPolicyRule" },
);
export type SuccessPolicyRule = Infer<typeof SuccessPolicyRuleSchema>;

export const SuccessPolicySchema = s.object(
  {
    rules: s.array(SuccessPolicyRuleSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.batch.v1.SuccessPolicy", required: ["rules"] },
);
export type SuccessPolicy = Infer<typeof SuccessPolicySchema>;

export const JobSpecSchema = s.object(
  {
    parallelism: s.int32(),
    completions: s.int32(),
    activeDeadlineSeconds: s.int64(),
    podFailurePolicy: PodFailurePolicySchema,
    successPolicy: SuccessPolicySchema,
    backoffLimit: s.int32(),
    backoffLimitPerIndex: s.int32(),
    maxFailedIndexes: s.int32(),
    selector: LabelSelectorSchema,
    manualSelector: s.boolean(),
    template: PodTemplateSpecSchema,
    ttlSecondsAfterFinished: s.int32(),
    completionMode: s.enum(["NonIndexed", "Indexed"]),
    suspend: s.boolean(),
    podReplacementPolicy: s.enum(["TerminatingOrFailed", "Failed"]),
    managedBy: s.string(),
  },
  { name: "io.k8s.api.batch.v1.JobSpec", required: ["template"] },
);
export type JobSpec = Infer<typeof JobSpecSchema>;

export const JobConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    lastProbeTime: s.time(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.batch.v1.JobCondition", required: ["type", "status"] },
);
export type JobCondition = Infer<typeof JobConditionSchema>;

export const UncountedTerminatedPodsSchema = s.object(
  {
    succeeded: s.array(s.string(), { listType: "set" }),
    failed: s.array(s.string(), { listType: "set" }),
  },
  { name: "io.k8s.api.batch.v1.UncountedTerminatedPods" },
);
export type UncountedTerminatedPods = Infer<typeof UncountedTerminatedPodsSchema>;

export const JobStatusSchema = s.object(
  {
    conditions: s.array(JobConditionSchema, { listType: "atomic", patchStrategy: "merge", patchMergeKey: "type" }),
    startTime: s.time(),
    completionTime: s.time(),
    active: s.int32(),
    succeeded: s.int32(),
    failed: s.int32(),
    terminating: s.int32(),
    completedIndexes: s.string(),
    failedIndexes: s.string(),
    uncountedTerminatedPods: UncountedTerminatedPodsSchema,
    ready: s.int32(),
  },
  { name: "io.k8s.api.batch.v1.JobStatus" },
);
export type JobStatus = Infer<typeof JobStatusSchema>;

export const JobSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: JobSpecSchema,
    status: JobStatusSchema,
  },
  { name: "io.k8s.api.batch.v1.Job", present: ["metadata"], gvk: [{ group: "batch", version: "v1", kind: "Job" }] },
);
export type Job = Infer<typeof JobSchema>;

export const JobListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(JobSchema),
  },
  { name: "io.k8s.api.batch.v1.JobList", required: ["items"], present: ["metadata"], gvk: [{ group: "batch", version: "v1", kind: "JobList" }] },
);
export type JobList = Infer<typeof JobListSchema>;

export const JobTemplateSpecSchema = s.object(
  {
    metadata: ObjectMetaSchema,
    spec: JobSpecSchema,
  },
  { name: "io.k8s.api.batch.v1.JobTemplateSpec" },
);
export type JobTemplateSpec = Infer<typeof JobTemplateSpecSchema>;
