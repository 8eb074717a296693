/**
 * The TTL-after-finished controller (upstream ttlafterfinished): deletes a Job
 * ttlSecondsAfterFinished after it completed or failed, in the foreground so its pods
 * go first, guarded by the Job's uid.
 */
import type { Job } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { runWorkers } from "../helper/worker.ts";

const log = logger("ttl-after-finished-controller");

/** When the job finished (completionTime, else the Complete/Failed condition's transition), if it did. */
export function finishedAt(job: Job): number | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True");
  if (!c) return undefined;
  const t = c.type === "Complete" && job.status?.completionTime ? job.status.completionTime : c.lastTransitionTime;
  return t ? Date.parse(t) : undefined;
}

/** ms until the job is due for deletion (<= 0: now), or undefined when it never is. */
export function timeLeft(job: Job, now: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || job.metadata.deletionTimestamp) return undefined;
  const at = finishedAt(job);
  if (at === undefined) return undefined;
  return at + ttl * 1000 - now;
}

export class TTLAfterFinishedController implements Controller {
  readonly name = "ttl-after-finished";
  readonly queue: RateLimitingQueue<string>;
  private readonly informer: SharedIndexInformer<Job>;
  private readonly lister: Lister<Job>;
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.queue = controllerQueue(ctx, "ttl_jobs_to_delete");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.informer = ctx.informers.jobs();
    this.lister = this.informer.lister();
    const consider = (j: Job) => {
      if (timeLeft(j, this.now()) !== undefined) this.queue.add(objectKey(j));
    };
    this.informer.addEventHandler({ onAdd: consider, onUpdate: (_o, j) => consider(j) });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.informer.hasSynced()))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const job = this.lister.get(namespace, name);
    if (!job) return;
    const left = timeLeft(job, this.now());
    if (left === undefined) return;
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    // Re-read: the TTL or the job may have changed since the cache saw it.
    let fresh: Job;
    try {
      fresh = await this.ctx.client.jobs(namespace).get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const freshLeft = timeLeft(fresh, this.now());
    if (freshLeft === undefined) return;
    if (freshLeft > 0) {
      this.queue.addAfter(key, freshLeft);
      return;
    }
    log.debug("cleaning up finished job", { job: key });
    try {
      await this.ctx.client.jobs(namespace).delete(name, { propagationPolicy: "Foreground", preconditions: { uid: fresh.metadata.uid ?? "" } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
