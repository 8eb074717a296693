/**
 * CronJob scheduling decisions (upstream cronjob_controllerv2 and utils): the most
 * recent unmet schedule time, missed-start accounting, job names and the jobs a
 * CronJob creates, and which finished jobs fall out of the history limits.
 */
import type { CronJob, Job } from "../../api/types/index.ts";
import { newControllerRef } from "../helper/owner-refs.ts";
import { nextTime, type Schedule, wallClock } from "./schedule.ts";

export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";
/** Upstream nextScheduleDelta: wake a little after the scheduled instant. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
const TOO_MANY_MISSED = 100;

export interface Unmet {
  /** The most recent schedule time at or before now not yet run, if any. */
  scheduled: number | undefined;
  /** More than 100 start times were missed (upstream's TooManyMissedTimes). */
  tooMany: boolean;
  missed: number;
}

/** The time from which schedules count: lastScheduleTime, creation, or now - startingDeadlineSeconds if later. */
function earliest(cj: CronJob, now: number, withDeadline: boolean): number {
  let t = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? "") || now;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && sds !== undefined) t = Math.max(t, now - sds * 1000);
  return t;
}

export function mostRecentScheduleTime(cj: CronJob, sched: Schedule, tz: string, now: number): Unmet {
  const from = earliest(cj, now, true);
  const t1 = nextTime(sched, from, tz);
  if (t1 === undefined || t1 > now) return { scheduled: undefined, tooMany: false, missed: 0 };
  const t2 = nextTime(sched, t1, tz);
  if (t2 === undefined || t2 > now) return { scheduled: t1, tooMany: false, missed: 1 };
  // Estimate the misses from the interval, then walk only the last stretch.
  const interval = Math.max(1000, t2 - t1);
  const missed = Math.floor((now - t1) / interval) + 1;
  let t = nextTime(sched, t1 + Math.max(0, missed - 2) * interval - 1, tz);
  let recent: number | undefined;
  while (t !== undefined && t <= now) {
    recent = t;
    t = nextTime(sched, t, tz);
  }
  return { scheduled: recent, tooMany: missed > TOO_MANY_MISSED, missed };
}

/** ms until the next schedule after now (plus the small delta). */
export function untilNext(sched: Schedule, tz: string, now: number): number | undefined {
  const n = nextTime(sched, now, tz);
  return n === undefined ? undefined : n - now + NEXT_SCHEDULE_DELTA_MS;
}

/** `<cronjob>-<minutes since the epoch of the scheduled time>`: the name is the lock against double creation. */
export function jobName(cj: CronJob, scheduled: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
}

/** RFC 3339 of an instant in a time zone, with its offset (Go's time.Format(RFC3339) in that location). */
export function rfc3339In(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  const offsetMin = Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(ms / 60_000) * 60_000) / 60_000);
  const pad = (n: number, l = 2) => String(n).padStart(l, "0");
  const secs = new Date(ms).getUTCSeconds();
  const base = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(secs)}`;
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin > 0 ? "+" : "-";
  const a = Math.abs(offsetMin);
  return `${base}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** The Job a CronJob runs for a scheduled time (upstream getJobFromTemplate2). */
export function jobFor(cj: CronJob, scheduled: number, tz: string): Job {
  const tmpl = cj.spec?.jobTemplate ?? {};
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: jobName(cj, scheduled),
      namespace: cj.metadata.namespace ?? "",
      labels: { ...(tmpl.metadata?.labels ?? {}) },
      annotations: { ...(tmpl.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduled, tz) },
      ownerReferences: [newControllerRef({ apiVersion: "batch/v1", kind: "CronJob", metadata: cj.metadata })],
    },
    spec: structuredClone(tmpl.spec ?? {}) as NonNullable<Job["spec"]>,
  };
}

export function jobFinished(j: Job): "Complete" | "Failed" | undefined {
  for (const c of j.status?.conditions ?? []) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  }
  return undefined;
}

/** Finished jobs beyond the history limits, oldest start first (upstream removeOldestJobs). */
export function jobsBeyondHistory(cj: CronJob, jobs: readonly Job[]): Job[] {
  const byStart = (a: Job, b: Job) => {
    const sa = a.status?.startTime;
    const sb = b.status?.startTime;
    if (!sa && sb) return 1;
    if (sa && !sb) return -1;
    if (sa && sb && sa !== sb) return Date.parse(sa) - Date.parse(sb);
    return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1;
  };
  const out: Job[] = [];
  const trim = (list: Job[], limit: number | undefined) => {
    if (limit === undefined || list.length <= limit) return;
    out.push(...list.sort(byStart).slice(0, list.length - limit));
  };
  const live = jobs.filter((j) => !j.metadata.deletionTimestamp);
  trim(live.filter((j) => jobFinished(j) === "Complete"), cj.spec?.successfulJobsHistoryLimit ?? 3);
  trim(live.filter((j) => jobFinished(j) === "Failed"), cj.spec?.failedJobsHistoryLimit ?? 1);
  return out;
}
