/**
 * The Job controller: runs a Job's pods to completion (upstream job_controller).
 * Each sync first accounts for finished pods (recorded as uncounted, finalizer removed,
 * then counted: see accounting.ts), then plans conditions and pod creation/deletion
 * (decide.ts). Pods whose Job is gone lose their tracking finalizer so they can go.
 */
import { selectorFromLabelSelector } from "../../api/labels/index.ts";
import type { Job, JobStatus, Pod } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import { adopt, release } from "../helper/claims.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerExpectations } from "../helper/expectations.ts";
import { removeFinalizer } from "../helper/finalizers.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { claimDecision, getControllerOf } from "../helper/owner-refs.ts";
import { objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { DEFAULT_MAX_IN_FLIGHT, runBatch, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from "../helper/slow-start.ts";
import { statusEqual } from "../helper/status-equal.ts";
import { errorMessage, runWorkers } from "../helper/worker.ts";
import { countUncounted, hasTrackingFinalizer, podOutcome, recordFinished } from "./accounting.ts";
import { type BackoffRecord, nextBackoff, remainingBackoff } from "./backoff.ts";
import { TRACKING_FINALIZER } from "./constants.ts";
import { isFinished, planJob } from "./decide.ts";
import { jobPod } from "./pod-template.ts";

const log = logger("job-controller");
const ORPHAN_PREFIX = "orphan-pod:";

export class JobController implements Controller {
  readonly name = "job";
  readonly queue: RateLimitingQueue<string>;
  readonly expectations: ControllerExpectations;
  private readonly jobInformer: SharedIndexInformer<Job>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly jobLister: Lister<Job>;
  private readonly podLister: Lister<Pod>;
  private readonly backoff = new Map<string, BackoffRecord>();
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.expectations = new ControllerExpectations(this.now);
    this.queue = controllerQueue(ctx, "job");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.jobInformer = ctx.informers.jobs();
    this.podInformer = ctx.informers.pods();
    this.jobLister = this.jobInformer.lister();
    this.podLister = this.podInformer.lister();
    this.jobInformer.addEventHandler({
      onAdd: (j) => this.queue.add(objectKey(j)),
      onUpdate: (_o, j) => this.queue.add(objectKey(j)),
      onDelete: (obj) => {
        const key = objectKey(unwrapTombstone(obj));
        this.expectations.delete(key);
        this.backoff.delete(key);
        this.queue.add(key);
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.onPod(p, true),
      onUpdate: (_o, p) => this.onPod(p, false),
      onDelete: (obj) => this.onPodDeleted(unwrapTombstone(obj)),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.jobInformer.hasSynced(), () => this.podInformer.hasSynced()))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  private jobOf(pod: Pod): Job | undefined {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== "Job") return undefined;
    const job = this.jobLister.get(pod.metadata.namespace ?? "", ref.name);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  private onPod(pod: Pod, added: boolean): void {
    const job = this.jobOf(pod);
    if (job) {
      if (added && !pod.metadata.deletionTimestamp) this.expectations.creationObserved(objectKey(job));
      this.queue.add(objectKey(job));
      return;
    }
    if (hasTrackingFinalizer(pod)) {
      const ref = getControllerOf(pod);
      // Owned by a Job we do not know (gone): let the pod go.
      if (!ref || ref.kind === "Job") this.queue.add(ORPHAN_PREFIX + objectKey(pod));
      return;
    }
    if (!getControllerOf(pod)) for (const j of this.jobsSelecting(pod)) this.queue.add(objectKey(j));
  }

  private onPodDeleted(pod: Pod): void {
    const job = this.jobOf(pod);
    if (!job) return;
    this.expectations.deletionObserved(objectKey(job));
    this.queue.add(objectKey(job));
  }

  private jobsSelecting(pod: Pod): Job[] {
    return this.jobLister
      .namespace(pod.metadata.namespace ?? "")
      .list()
      .filter((j) => {
        try {
          const sel = selectorFromLabelSelector(j.spec?.selector);
          return !sel.isEmpty() && sel.matches(pod.metadata.labels);
        } catch {
          return false;
        }
      });
  }

  async sync(key: string): Promise<void> {
    if (key.startsWith(ORPHAN_PREFIX)) return this.releaseOrphan(key.slice(ORPHAN_PREFIX.length));
    const { namespace, name } = splitKey(key);
    const job = this.jobLister.get(namespace, name);
    if (!job) {
      this.expectations.delete(key);
      this.backoff.delete(key);
      return;
    }
    const pods = await this.claimPods(job);
    if (isFinished(job) || job.metadata.deletionTimestamp) {
      // Nothing left to do but let the remaining pods go (a Job being deleted starts no pods).
      await runBatch(0, pods.length, DEFAULT_MAX_IN_FLIGHT, (i) => this.dropFinalizer(pods[i]!));
      return;
    }
    // 1. accounting: record, release and count finished pods.
    const acc = recordFinished(job, pods, this.now());
    let current: Job = job;
    if (acc.changed) current = await this.writeStatus(job, acc.status);
    if (acc.toRemove.length > 0 || (current.status?.uncountedTerminatedPods?.succeeded?.length ?? 0) + (current.status?.uncountedTerminatedPods?.failed?.length ?? 0) > 0) {
      const held = new Set<string>();
      await runBatch(0, acc.toRemove.length, DEFAULT_MAX_IN_FLIGHT, async (i) => {
        const pod = acc.toRemove[i]!;
        try {
          await this.dropFinalizer(pod);
        } catch (err) {
          held.add(pod.metadata.uid ?? "");
          log.debug("could not remove tracking finalizer", { pod: objectKey(pod), err: errorMessage(err) });
        }
      });
      const { status, newSucceeded, newFailed } = countUncounted(current, current.status ?? {}, held);
      if (newSucceeded + newFailed > 0) {
        const lastFailure = Math.max(0, ...acc.toRemove.filter((p) => podOutcome(current, p) === "Failed").map((p) => finishTime(p) ?? this.now()));
        this.backoff.set(key, nextBackoff(this.backoff.get(key), newSucceeded, newFailed, lastFailure || this.now()));
      }
      current = await this.writeStatus(current, status);
    }
    // 2. plan and act.
    const canManage = this.expectations.satisfied(key);
    const plan = planJob(current, pods, this.now(), remainingBackoff(this.backoff.get(key), this.now()));
    for (const e of plan.events) this.ctx.recorder.event(current, e.type, e.reason, e.message);
    if (canManage) {
      await this.deletePods(key, current, plan.delete);
      await this.createPods(key, current, plan.create);
    }
    await this.writeStatus(current, plan.status);
    if (plan.requeueAfterMs !== undefined && Number.isFinite(plan.requeueAfterMs)) this.queue.addAfter(key, plan.requeueAfterMs);
  }

  /** Pods the Job owns after adopting orphans and releasing pods its selector no longer matches. */
  private async claimPods(job: Job): Promise<Pod[]> {
    let selector;
    try {
      selector = selectorFromLabelSelector(job.spec?.selector);
    } catch {
      return [];
    }
    const owner = { apiVersion: "batch/v1", kind: "Job", metadata: job.metadata };
    const client = this.ctx.client.pods(job.metadata.namespace ?? "");
    const owned: Pod[] = [];
    for (const pod of this.podLister.namespace(job.metadata.namespace ?? "").list()) {
      const action = claimDecision(owner, pod, selector.matches(pod.metadata.labels));
      if (action === "keep") owned.push(pod);
      else if (action === "adopt" && !isFinished(job) && (await adopt(client, owner, pod))) owned.push(pod);
      else if (action === "release") await release(client, job.metadata.uid ?? "", pod);
    }
    return owned;
  }

  private async dropFinalizer(pod: Pod): Promise<void> {
    if (!hasTrackingFinalizer(pod)) return;
    await removeFinalizer(this.ctx.client.pods(pod.metadata.namespace ?? ""), pod, TRACKING_FINALIZER);
  }

  private async releaseOrphan(podKey: string): Promise<void> {
    const { namespace, name } = splitKey(podKey);
    const pod = this.podLister.get(namespace, name);
    if (!pod || !hasTrackingFinalizer(pod) || this.jobOf(pod)) return;
    const ref = getControllerOf(pod);
    if (ref && ref.kind !== "Job") return;
    await this.dropFinalizer(pod);
  }

  private async writeStatus(job: Job, status: JobStatus): Promise<Job> {
    if (statusEqual(job.status, status)) return job;
    try {
      return await this.ctx.client.jobs(job.metadata.namespace ?? "").updateStatus({ ...job, status });
    } catch (err) {
      if (isNotFound(err)) return job;
      throw err;
    }
  }

  private async deletePods(key: string, job: Job, pods: Pod[]): Promise<void> {
    if (pods.length === 0) return;
    this.expectations.expectDeletions(key, pods.length);
    const client = this.ctx.client.pods(job.metadata.namespace ?? "");
    const errors: unknown[] = [];
    await runBatch(0, pods.length, DEFAULT_MAX_IN_FLIGHT, async (i) => {
      const pod = pods[i]!;
      try {
        await client.delete(pod.metadata.name ?? "");
        this.ctx.recorder.event(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        this.expectations.deletionObserved(key);
        if (!isNotFound(err)) {
          this.ctx.recorder.event(job, "Warning", "FailedDelete", `Error deleting: ${errorMessage(err)}`);
          errors.push(err);
        }
      }
    });
    if (errors.length > 0) throw errors[0];
  }

  private async createPods(key: string, job: Job, create: { count: number; indexes?: number[] }): Promise<void> {
    if (create.count <= 0) return;
    this.expectations.expectCreations(key, create.count);
    const client = this.ctx.client.pods(job.metadata.namespace ?? "");
    const { successes, error } = await slowStartBatch(
      create.count,
      SLOW_START_INITIAL_BATCH_SIZE,
      async (i) => {
        try {
          const pod = await client.create(jobPod(job, create.indexes?.[i]));
          this.ctx.recorder.event(job, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
        } catch (err) {
          this.ctx.recorder.event(job, "Warning", "FailedCreate", `Error creating: ${errorMessage(err)}`);
          throw err;
        }
      },
      undefined,
      DEFAULT_MAX_IN_FLIGHT,
    );
    for (let i = successes; i < create.count; i++) this.expectations.creationObserved(key);
    if (error !== undefined) throw error;
  }
}

/** When the pod's last container terminated, if known. */
function finishTime(pod: Pod): number | undefined {
  let t: number | undefined;
  for (const cs of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    const f = cs.state?.terminated?.finishedAt;
    if (f) t = Math.max(t ?? 0, Date.parse(f));
  }
  return t;
}
