/**
 * The CronJob controller (upstream cronjob_controllerv2): keeps status.active in line
 * with the Jobs a CronJob owns, creates the Job of each schedule time (named by the
 * time, so a restart never creates it twice) as concurrencyPolicy and
 * startingDeadlineSeconds allow, trims finished Jobs to the history limits, and wakes
 * itself for the next schedule time.
 */
import type { CronJob, CronJobStatus, Job, ObjectReference } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { hasStatusCause, isAlreadyExists, isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { rfc3339 } from "../helper/conditions.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { getControllerOf, isControlledBy } from "../helper/owner-refs.ts";
import { objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { statusEqual } from "../helper/status-equal.ts";
import { errorMessage, runWorkers } from "../helper/worker.ts";
import { jobFinished, jobFor, jobName, jobsBeyondHistory, mostRecentScheduleTime, untilNext } from "./decide.ts";
import { checkTimeZone, parseSchedule, type Schedule, ScheduleError } from "./schedule.ts";

const log = logger("cronjob-controller");

/** Go's time.RFC1123Z, as in upstream's MissSchedule message. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function refOf(j: Job): ObjectReference {
  return { kind: "Job", namespace: j.metadata.namespace ?? "", name: j.metadata.name ?? "", uid: j.metadata.uid ?? "", apiVersion: "batch/v1", resourceVersion: j.metadata.resourceVersion ?? "" };
}

export class CronJobController implements Controller {
  readonly name = "cronjob";
  readonly queue: RateLimitingQueue<string>;
  private readonly cjInformer: SharedIndexInformer<CronJob>;
  private readonly jobInformer: SharedIndexInformer<Job>;
  private readonly cjLister: Lister<CronJob>;
  private readonly jobLister: Lister<Job>;
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.queue = controllerQueue(ctx, "cronjob");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.cjInformer = ctx.informers.cronJobs();
    this.jobInformer = ctx.informers.jobs();
    this.cjLister = this.cjInformer.lister();
    this.jobLister = this.jobInformer.lister();
    this.cjInformer.addEventHandler({
      onAdd: (c) => this.queue.add(objectKey(c)),
      onUpdate: (_o, c) => this.queue.add(objectKey(c)),
      onDelete: (c) => this.queue.add(objectKey(unwrapTombstone(c))),
    });
    const onJob = (j: Job) => {
      const ref = getControllerOf(j);
      if (ref?.kind === "CronJob") this.queue.add(`${j.metadata.namespace}/${ref.name}`);
    };
    this.jobInformer.addEventHandler({ onAdd: onJob, onUpdate: (_o, j) => onJob(j), onDelete: (j) => onJob(unwrapTombstone(j)) });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.cjInformer.hasSynced(), () => this.jobInformer.hasSynced()))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.cjLister.get(namespace, name);
    if (!cached) return;
    let cj: CronJob = structuredClone(cached);
    const jobs = this.jobLister.namespace(namespace).list().filter((j) => isControlledBy(j, cj.metadata.uid ?? ""));
    let requeue: number | undefined;
    try {
      requeue = await this.syncCronJob(cj, jobs);
    } finally {
      cj = await this.cleanupHistory(cj, jobs);
      await this.writeStatus(cached, cj.status ?? {});
    }
    if (requeue !== undefined) this.queue.addAfter(key, requeue);
  }

  /** Mutates cj.status; returns when to look again. */
  private async syncCronJob(cj: CronJob, jobs: Job[]): Promise<number | undefined> {
    const status: CronJobStatus = (cj.status ??= {});
    const active = [...(status.active ?? [])];
    const inActive = (uid: string) => active.some((r) => r.uid === uid);
    const seen = new Set<string>();
    for (const j of jobs) {
      const uid = j.metadata.uid ?? "";
      seen.add(uid);
      const finished = jobFinished(j);
      if (!inActive(uid) && !finished) {
        this.ctx.recorder.event(cj, "Warning", "UnexpectedJob", `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (inActive(uid) && finished) {
        active.splice(active.findIndex((r) => r.uid === uid), 1);
        this.ctx.recorder.event(cj, "Normal", "SawCompletedJob", `Saw completed job: ${j.metadata.name}, condition: ${finished}`);
      }
      if (finished === "Complete" && j.status?.completionTime) {
        if (!status.lastSuccessfulTime || Date.parse(j.status.completionTime) > Date.parse(status.lastSuccessfulTime)) status.lastSuccessfulTime = j.status.completionTime;
      }
    }
    for (const r of [...active]) {
      if (seen.has(r.uid ?? "")) continue;
      try {
        await this.ctx.client.jobs(r.namespace ?? cj.metadata.namespace ?? "").get(r.name ?? "");
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.ctx.recorder.event(cj, "Normal", "MissingJob", `Active job went missing: ${r.name}`);
        active.splice(active.indexOf(r), 1);
      }
    }
    status.active = active;
    if (cj.metadata.deletionTimestamp) return undefined;

    const tz = cj.spec?.timeZone ?? "UTC";
    if (cj.spec?.timeZone !== undefined) {
      try {
        checkTimeZone(tz);
      } catch (err) {
        this.ctx.recorder.event(cj, "Warning", "UnknownTimeZone", `invalid timeZone: "${tz}": ${errorMessage(err)}`);
        return undefined;
      }
    }
    if (cj.spec?.suspend) return undefined;
    let sched: Schedule;
    try {
      sched = parseSchedule(cj.spec?.schedule ?? "");
    } catch (err) {
      if (!(err instanceof ScheduleError)) throw err;
      this.ctx.recorder.event(cj, "Warning", "UnparseableSchedule", `unparseable schedule: "${cj.spec?.schedule ?? ""}" : ${err.message}`);
      return undefined;
    }
    const now = this.now();
    const next = () => untilNext(sched, tz, now);
    const unmet = mostRecentScheduleTime(cj, sched, tz, now);
    if (unmet.tooMany) {
      this.ctx.recorder.event(cj, "Warning", "TooManyMissedTimes", `too many missed start times: ${unmet.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    const scheduled = unmet.scheduled;
    if (scheduled === undefined) return next();
    const sds = cj.spec?.startingDeadlineSeconds;
    if (sds !== undefined && scheduled + sds * 1000 < now) {
      this.ctx.recorder.event(cj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return next();
    }
    const name = jobName(cj, scheduled);
    if (active.some((r) => r.name === name) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduled)) return next();
    const policy = cj.spec?.concurrencyPolicy ?? "Allow";
    if (policy === "Forbid" && active.length > 0) {
      this.ctx.recorder.event(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
      return next();
    }
    if (policy === "Replace") {
      for (const r of [...active]) {
        try {
          await this.ctx.client.jobs(r.namespace ?? "").delete(r.name ?? "", { propagationPolicy: "Background" });
          this.ctx.recorder.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${r.name}`);
        } catch (err) {
          if (!isNotFound(err)) {
            this.ctx.recorder.event(cj, "Warning", "FailedDelete", `Deleted job: ${errorMessage(err)}`);
            throw err;
          }
        }
        active.splice(active.indexOf(r), 1);
      }
    }
    let created: Job;
    try {
      created = await this.ctx.client.jobs(cj.metadata.namespace ?? "").create(jobFor(cj, scheduled, tz));
      this.ctx.recorder.event(cj, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name}`);
    } catch (err) {
      if (hasStatusCause(err, "NamespaceTerminating")) throw err;
      if (!isAlreadyExists(err)) {
        this.ctx.recorder.event(cj, "Warning", "FailedCreate", `Error creating job: ${errorMessage(err)}`);
        throw err;
      }
      created = await this.ctx.client.jobs(cj.metadata.namespace ?? "").get(name);
      if (!isControlledBy(created, cj.metadata.uid ?? "") || inActive(created.metadata.uid ?? "")) return next();
    }
    active.push(refOf(created));
    status.lastScheduleTime = rfc3339(scheduled);
    return next();
  }

  private async cleanupHistory(cj: CronJob, jobs: Job[]): Promise<CronJob> {
    for (const j of jobsBeyondHistory(cj, jobs)) {
      try {
        await this.ctx.client.jobs(j.metadata.namespace ?? "").delete(j.metadata.name ?? "", { propagationPolicy: "Background" });
        this.ctx.recorder.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${j.metadata.name}`);
      } catch (err) {
        if (!isNotFound(err)) log.warn("failed to delete old job", { job: objectKey(j), err: errorMessage(err) });
      }
      const active = (cj.status?.active ?? []).filter((r) => r.uid !== j.metadata.uid);
      cj = { ...cj, status: { ...(cj.status ?? {}), active } };
    }
    return cj;
  }

  private async writeStatus(cached: CronJob, status: CronJobStatus): Promise<void> {
    if (statusEqual(cached.status, status)) return;
    try {
      await this.ctx.client.cronJobs(cached.metadata.namespace ?? "").updateStatus({ ...cached, status });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
