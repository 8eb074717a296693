/** Printers for batch/v1 kinds. */
import type { CronJob } from "../../../api/types/batch/cronjob.ts";
import type { Job } from "../../../api/types/batch/job.ts";
import { humanDuration, parseTime, since } from "../duration.ts";
import { AGE_COLUMN, boolText, col, containerCells, CONTAINERS_COLUMN, formatLabelSelector, IMAGES_COLUMN, NAME_COLUMN, SELECTOR_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

function jobCondition(job: Job, type: string): boolean {
  const c = job.status?.conditions?.find((x) => x.type === type);
  return c?.status === "True";
}

function jobStatus(job: Job): string {
  if (jobCondition(job, "Complete")) return "Complete";
  if (jobCondition(job, "Failed")) return "Failed";
  if (job.metadata.deletionTimestamp) return "Terminating";
  if (jobCondition(job, "Suspended")) return "Suspended";
  if (jobCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

export const jobPrinter = printer<Job>(
  [
    NAME_COLUMN,
    col("Status", "string", "Status of the job."),
    col("Completions", "string", "Succeeded pods out of the completions needed."),
    col("Duration", "string", "How long the job ran, or has been running."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (job, now) => {
    const succeeded = job.status?.succeeded ?? 0;
    let completions: string;
    if (job.spec?.completions !== undefined && job.spec.completions !== null) completions = `${succeeded}/${job.spec.completions}`;
    else {
      const parallelism = job.spec?.parallelism ?? 0;
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    const start = parseTime(job.status?.startTime);
    const end = parseTime(job.status?.completionTime);
    const duration = start === undefined ? "" : humanDuration((end ?? now) - start);
    const [names, images] = containerCells(job.spec?.template.spec?.containers);
    return [job.metadata.name ?? "", jobStatus(job), completions, duration, since(job.metadata.creationTimestamp, now), names, images, formatLabelSelector(job.spec?.selector)];
  },
);

export const cronJobPrinter = printer<CronJob>(
  [
    NAME_COLUMN,
    col("Schedule", "string", "Cron schedule of the job runs."),
    col("Timezone", "string", "Time zone of the schedule."),
    col("Suspend", "boolean", "Whether new runs are suspended."),
    col("Active", "integer", "Jobs running now."),
    col("Last Schedule", "string", "Time since a job was last scheduled."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (cj, now) => {
    const spec = cj.spec;
    const last = cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : "<none>";
    const [names, images] = containerCells(spec?.jobTemplate.spec?.template.spec?.containers);
    return [
      cj.metadata.name ?? "",
      spec?.schedule ?? "",
      spec?.timeZone ?? "<none>",
      boolText(spec?.suspend),
      (cj.status?.active ?? []).length,
      last,
      since(cj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(spec?.jobTemplate.spec?.selector),
    ];
  },
);
