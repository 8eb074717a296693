/** batch/v1 CronJob. */
import { s, type Infer } from "../../schema/dsl.ts";
import { JobTemplateSpecSchema } from "./job.ts";
import { ObjectReferenceSchema } from "../core/common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const CronJobSpecSchema = s.object(
  {
    schedule: s.string(),
    timeZone: s.string(),
    startingDeadlineSeconds: s.int64(),
    concurrencyPolicy: s.enum(["Allow", "Forbid", "Replace"]),
    suspend: s.boolean(),
    jobTemplate: JobTemplateSpecSchema,
    successfulJobsHistoryLimit: s.int32(),
    failedJobsHistoryLimit: s.int32(),
  },
  { name: "io.k8s.api.batch.v1.CronJobSpec", required: ["schedule", "jobTemplate"] },
);
export type CronJobSpec = Infer<typeof CronJobSpecSchema>;

export const CronJobStatusSchema = s.object(
  {
    active: s.array(ObjectReferenceSchema, { listType: "atomic" }),
    lastScheduleTime: s.time(),
    lastSuccessfulTime: s.time(),
  },
  { name: "io.k8s.api.batch.v1.CronJobStatus" },
);
export type CronJobStatus = Infer<typeof CronJobStatusSchema>;

export const CronJobSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: CronJobSpecSchema,
    status: CronJobStatusSchema,
  },
  { name: "io.k8s.api.batch.v1.CronJob", present: ["metadata"], gvk: [{ group: "batch", version: "v1", kind: "CronJob" }] },
);
export type CronJob = Infer<typeof CronJobSchema>;

export const CronJobListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(CronJobSchema),
  },
  { name: "io.k8s.api.batch.v1.CronJobList", required: ["items"], present: ["metadata"], gvk: [{ group: "batch", version: "v1", kind: "CronJobList" }] },
);
export type CronJobList = Infer<typeof CronJobListSchema>;
