/** batch/v1 CronJob. */
import { s, type Infer } from "../../schema/dsl.ts";
import { JobTemplateSpecSchema } from "./job.ts";
import { ObjectReferenceSchema } from "../core/common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const CronJobSpecSchema = s.object(
  {
    schedule: s.string().doc("Cron schedule, e.g. \"*/5 * * * *\"."),
    timeZone: s.string().doc("Time zone of the schedule; defaults to the controller's."),
    startingDeadlineSeconds: s.int64().doc("Seconds after a missed time a job may still start."),
    concurrencyPolicy: s.enum(["Allow", "Forbid", "Replace"]).doc("Allow, Forbid or Replace."),
    suspend: s.boolean().doc("Whether new runs are suspended."),
    jobTemplate: JobTemplateSpecSchema.doc("Template of the jobs."),
    successfulJobsHistoryLimit: s.int32().doc("Successful jobs to keep; defaults to 3."),
    failedJobsHistoryLimit: s.int32().doc("Failed jobs to keep; defaults to 1."),
  },
  { name: "io.k8s.api.batch.v1.CronJobSpec", description: "The schedule and the job template.", required: ["schedule", "jobTemplate"] },
);
export type CronJobSpec = Infer<typeof CronJobSpecSchema>;

export const CronJobStatusSchema = s.object(
  {
    active: s.array(ObjectReferenceSchema, { listType: "atomic" }).doc("Jobs running."),
    lastScheduleTime: s.time().doc("When a job was last scheduled."),
    lastSuccessfulTime: s.time().doc("When a job last completed successfully."),
  },
  { name: "io.k8s.api.batch.v1.CronJobStatus", description: "The observed state of a CronJob." },
);
export type CronJobStatus = Infer<typeof CronJobStatusSchema>;

export const CronJobSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: CronJobSpecSchema.doc("The schedule and the job template."),
    status: CronJobStatusSchema.doc("The observed state of the CronJob."),
  },
  { name: "io.k8s.api.batch.v1.CronJob", description: "Creates jobs on a schedule.", present: ["metadata"], gvk: [{ group: "batch", version: "v1", kind: "CronJob" }] },
);
export type CronJob = Infer<typeof CronJobSchema>;

export const CronJobListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(CronJobSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.batch.v1.CronJobList", description: "A list of CronJobs.", required: ["items"], present: ["metadata"], gvk: [{ group: "batch", version: "v1", kind: "CronJobList" }] },
);
export type CronJobList = Infer<typeof CronJobListSchema>;
