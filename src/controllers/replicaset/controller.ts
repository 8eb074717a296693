/**
 * The ReplicaSet controller: keeps spec.replicas active pods for every ReplicaSet, or, with
 * the REPLICATION_CONTROLLERS kind, for every ReplicationController (kind.ts).
 *
 *   pod/replicaset informers -> handlers (expectations, enqueue "ns/name")
 *     -> rate-limited queue -> sync: claim pods, create/delete (slow start), write status
 *
 * Expectations make a sync that created or deleted pods wait until the informer has
 * seen every one of those changes, so a lagging cache never causes a second round.
 */
import type { Pod, ReplicaSet } from "../../api/types/index.ts";
import { type DeletedFinalStateUnknown, type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import { adopt, release } from "../helper/claims.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { UIDTrackingExpectations } from "../helper/expectations.ts";
import { jsonEqual } from "../helper/hash.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { getControllerOf } from "../helper/owner-refs.ts";
import { podFromTemplate } from "../helper/pod-template.ts";
import { isPodReady, objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { DEFAULT_MAX_IN_FLIGHT, runBatch, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from "../helper/slow-start.ts";
import { errorMessage, runWorkers } from "../helper/worker.ts";
import { activePods, BURST_REPLICAS, decideReplicas, planClaims } from "./decide.ts";
import { REPLICA_SETS, type ReplicatedKind } from "./kind.ts";
import { calculateStatus, statusChanged } from "./status.ts";

const log = logger("replicaset-controller");

export interface ReplicaSetControllerOptions {
  burstReplicas?: number;
  /** Pod creations or deletions in flight at once (default DEFAULT_MAX_IN_FLIGHT). */
  maxInFlight?: number;
  /** What it manages (default ReplicaSets). */
  kind?: ReplicatedKind;
}

export class ReplicaSetController implements Controller {
  readonly name: string;
  private readonly kind: ReplicatedKind;
  readonly queue: RateLimitingQueue<string>;
  readonly expectations: UIDTrackingExpectations;
  private readonly rsInformer: SharedIndexInformer<ReplicaSet>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly rsLister: Lister<ReplicaSet>;
  private readonly podLister: Lister<Pod>;
  private readonly now: () => number;
  private readonly burst: number;
  private readonly maxInFlight: number;
  private readonly metrics: ControllerMetrics;
  /** Aborted when the controller stops: no new creation batch starts after that. */
  private stopSignal: AbortSignal | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    opts: ReplicaSetControllerOptions = {},
  ) {
    this.kind = opts.kind ?? REPLICA_SETS;
    this.name = this.kind.controllerName;
    this.now = ctx.now ?? Date.now;
    this.burst = opts.burstReplicas ?? BURST_REPLICAS;
    this.maxInFlight = opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.expectations = new UIDTrackingExpectations(this.now);
    this.queue = controllerQueue(ctx, this.name);
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    // ReplicationControllers are read through the fields they share with ReplicaSets (kind.ts)
    this.rsInformer = ctx.informers.informerFor<ReplicaSet>(this.kind.resource);
    this.podInformer = ctx.informers.pods();
    this.rsLister = this.rsInformer.lister();
    this.podLister = this.podInformer.lister();
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (obj) => this.deleteRS(obj),
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (obj) => this.deletePod(unwrapTombstone(obj)),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    this.stopSignal = signal;
    if (!(await waitForCacheSync(signal, () => this.rsInformer.hasSynced(), () => this.podInformer.hasSynced()))) return;
    log.info("started workers", { workers });
    await runWorkers(workers, signal, { queue: this.queue, sync: (key) => this.sync(key), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  private enqueue(rs: ReplicaSet): void {
    this.queue.add(objectKey(rs));
  }

  private deleteRS(obj: ReplicaSet | DeletedFinalStateUnknown<ReplicaSet>): void {
    const rs = unwrapTombstone(obj);
    const key = objectKey(rs);
    this.expectations.delete(key);
    this.queue.add(key);
  }

  /** The ReplicaSet a controller reference points to, if it is one we know with that uid. */
  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }): ReplicaSet | undefined {
    if (ref.kind !== this.kind.kind) return undefined;
    const rs = this.rsLister.get(namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets in the pod's namespace whose selector matches it (for orphans). */
  private podReplicaSets(pod: Pod): ReplicaSet[] {
    const out: ReplicaSet[] = [];
    for (const rs of this.rsLister.namespace(pod.metadata.namespace ?? "").list()) {
      try {
        const sel = this.kind.selector(rs);
        if (!sel.isEmpty() && sel.matches(pod.metadata.labels)) out.push(rs);
      } catch {
        // invalid selector: this ReplicaSet selects nothing
      }
    }
    return out;
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = getControllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace ?? "", ref);
      if (!rs) return;
      const key = objectKey(rs);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    for (const rs of this.podReplicaSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
    const labelChanged = !jsonEqual(cur.metadata.labels ?? {}, old.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !jsonEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata.namespace ?? "", oldRef);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata.namespace ?? "", curRef);
      if (!rs) return;
      this.enqueue(rs);
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(objectKey(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.podReplicaSets(cur)) this.enqueue(rs);
  }

  private deletePod(pod: Pod): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata.namespace ?? "", ref);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.queue.add(key);
  }

  /** Reconciles one ReplicaSet by key. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const rs = this.rsLister.get(namespace, name);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    let selector;
    try {
      selector = this.kind.selector(rs);
    } catch (err) {
      log.warn("invalid selector", { replicaset: key, err: errorMessage(err) });
      return;
    }
    const pods = activePods(this.podLister.namespace(namespace).list());
    const owned = await this.claimPods(rs, pods, (p) => selector.matches(p.metadata.labels));
    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, rs, owned);
      } catch (err) {
        manageError = err;
      }
    }
    const status = calculateStatus(rs, owned, manageError, this.now());
    const updated = await this.updateStatus(rs, status);
    const replicas = updated.spec?.replicas ?? 1;
    const minReady = updated.spec?.minReadySeconds ?? 0;
    if (manageError === undefined && minReady > 0 && updated.status?.readyReplicas === replicas && updated.status?.availableReplicas !== replicas) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageError !== undefined) throw manageError;
  }

  /** The active pods rs owns after adopting matching orphans and releasing non-matching pods. */
  private async claimPods(rs: ReplicaSet, pods: Pod[], matches: (p: Pod) => boolean): Promise<Pod[]> {
    const plan = planClaims(rs, pods, matches, this.kind);
    const owned = [...plan.owned];
    const podClient = this.ctx.client.pods(rs.metadata.namespace ?? "");
    if (plan.adopt.length > 0) {
      // Adopt only if the ReplicaSet is still there and not being deleted (a fresh read, as upstream's canAdopt).
      const fresh = await this.client(rs.metadata.namespace ?? "").get(rs.metadata.name ?? "");
      if (fresh.metadata.uid === rs.metadata.uid && !fresh.metadata.deletionTimestamp) {
        const owner = { apiVersion: this.kind.groupVersion, kind: this.kind.kind, metadata: rs.metadata };
        for (const pod of plan.adopt) if (await adopt(podClient, owner, pod)) owned.push(pod);
      }
    }
    for (const pod of plan.release) await release(podClient, rs.metadata.uid ?? "", pod);
    return owned;
  }

  private async manageReplicas(key: string, rs: ReplicaSet, owned: Pod[]): Promise<void> {
    const related = this.relatedPods(rs, owned);
    const action = decideReplicas(rs, owned, related, this.now(), this.burst);
    const ns = rs.metadata.namespace ?? "";
    const podClient = this.ctx.client.pods(ns);
    if (action.kind === "create") {
      this.expectations.expectCreations(key, action.count);
      const ref = { apiVersion: this.kind.groupVersion, kind: this.kind.kind, name: rs.metadata.name ?? "", uid: rs.metadata.uid ?? "", controller: true, blockOwnerDeletion: true };
      const { successes, error } = await slowStartBatch(action.count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        try {
          const created = await podClient.create(podFromTemplate(rs.spec?.template, rs.metadata.name ?? "", ns, ref));
          this.ctx.recorder.event(rs, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`);
        } catch (err) {
          this.ctx.recorder.event(rs, "Warning", "FailedCreate", `Error creating: ${errorMessage(err)}`);
          throw err;
        }
      }, this.stopSignal, this.maxInFlight);
      const skipped = action.count - successes;
      // Creations that were never attempted (or failed) will never be observed.
      for (let i = 0; i < skipped; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw error;
      return;
    }
    if (action.kind === "delete") {
      this.expectations.expectDeletionsOf(key, action.pods.map(objectKey));
      const errors: unknown[] = [];
      await runBatch(0, action.pods.length, this.maxInFlight, async (i) => {
        const pod = action.pods[i]!;
        try {
          await podClient.delete(pod.metadata.name ?? "");
          this.ctx.recorder.event(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
        } catch (err) {
          // The deletion will not be observed: lower the expectation.
          this.expectations.deletionObserved(key, objectKey(pod));
          if (!isNotFound(err)) {
            this.ctx.recorder.event(rs, "Warning", "FailedDelete", `Error deleting: ${errorMessage(err)}`);
            errors.push(err);
          }
        }
      });
      if (errors.length > 0) throw errors[0];
    }
  }

  /** Active pods of every ReplicaSet with the same controller as rs (for same-node ranking). */
  private relatedPods(rs: ReplicaSet, owned: Pod[]): Pod[] {
    const ctrl = getControllerOf(rs);
    if (!ctrl) return owned;
    const siblings = new Set(
      this.rsLister
        .namespace(rs.metadata.namespace ?? "")
        .list()
        .filter((x) => getControllerOf(x)?.uid === ctrl.uid)
        .map((x) => x.metadata.uid),
    );
    return activePods(this.podLister.namespace(rs.metadata.namespace ?? "").list()).filter((p) => {
      const r = getControllerOf(p);
      return r !== undefined && siblings.has(r.uid);
    });
  }

  private client(namespace: string) {
    return this.ctx.client.resource<ReplicaSet>(this.kind.resource, namespace);
  }

  /** Writes status when it changed, retrying once on conflict with a fresh read. */
  private async updateStatus(rs: ReplicaSet, status: NonNullable<ReplicaSet["status"]>): Promise<ReplicaSet> {
    if (!statusChanged(rs.status, status)) return rs;
    const client = this.client(rs.metadata.namespace ?? "");
    try {
      return await client.updateStatus({ ...rs, status });
    } catch (err) {
      if (isNotFound(err)) return rs;
      const fresh = await client.get(rs.metadata.name ?? "");
      return client.updateStatus({ ...fresh, status });
    }
  }
}
