/**
 * The Deployment controller: informers on Deployments, ReplicaSets and Pods feed a
 * rate-limited queue of Deployment keys; each sync claims the Deployment's
 * ReplicaSets and runs syncDeployment over the API (ops below).
 */
import { selectorFromLabelSelector } from "../../api/labels/index.ts";
import type { Deployment, Pod, ReplicaSet } from "../../api/types/index.ts";
import { type DeletedFinalStateUnknown, type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import { adopt, release } from "../helper/claims.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { jsonEqual } from "../helper/hash.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { claimDecision, getControllerOf } from "../helper/owner-refs.ts";
import { objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { errorMessage, runWorkers } from "../helper/worker.ts";
import { DEPLOYMENT_GROUP_VERSION, DEPLOYMENT_KIND } from "./constants.ts";
import { type DeploymentOps, SyncContext } from "./ops.ts";
import { effective } from "./spec.ts";
import { syncDeployment } from "./sync.ts";

const log = logger("deployment-controller");

/** Upstream maxRetries: a Deployment failing this many times in a row is dropped until its next change. */
export const DEPLOYMENT_MAX_RETRIES = 15;

export class DeploymentController implements Controller {
  readonly name = "deployment";
  readonly queue: RateLimitingQueue<string>;
  private readonly dInformer: SharedIndexInformer<Deployment>;
  private readonly rsInformer: SharedIndexInformer<ReplicaSet>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly dLister: Lister<Deployment>;
  private readonly rsLister: Lister<ReplicaSet>;
  private readonly podLister: Lister<Pod>;
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.queue = controllerQueue(ctx, "deployment");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.dInformer = ctx.informers.deployments();
    this.rsInformer = ctx.informers.replicaSets();
    this.podInformer = ctx.informers.pods();
    this.dLister = this.dInformer.lister();
    this.rsLister = this.rsInformer.lister();
    this.podLister = this.podInformer.lister();
    this.dInformer.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_o, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(unwrapTombstone(d)),
    });
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, cur) => this.updateReplicaSet(old, cur),
      onDelete: (obj) => this.deleteReplicaSet(obj),
    });
    this.podInformer.addEventHandler({ onDelete: (obj) => this.deletePod(unwrapTombstone(obj)) });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const synced = [this.dInformer, this.rsInformer, this.podInformer].map((i) => () => i.hasSynced());
    if (!(await waitForCacheSync(signal, ...synced))) return;
    log.info("started workers", { workers });
    await runWorkers(workers, signal, { queue: this.queue, sync: (key) => this.sync(key), log, maxRetries: DEPLOYMENT_MAX_RETRIES, metrics: { metrics: this.metrics, controller: this.name } });
  }

  private enqueue(d: Deployment): void {
    this.queue.add(objectKey(d));
  }

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }): Deployment | undefined {
    if (ref.kind !== DEPLOYMENT_KIND) return undefined;
    const d = this.dLister.get(namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** Deployments whose selector matches an orphaned ReplicaSet. */
  private deploymentsForReplicaSet(rs: ReplicaSet): Deployment[] {
    return this.dLister
      .namespace(rs.metadata.namespace ?? "")
      .list()
      .filter((d) => {
        try {
          const sel = selectorFromLabelSelector(d.spec?.selector);
          return !sel.isEmpty() && sel.matches(rs.metadata.labels);
        } catch {
          return false;
        }
      });
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    const ref = getControllerOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace ?? "", ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsForReplicaSet(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSet, cur: ReplicaSet): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !jsonEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace ?? "", oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace ?? "", curRef);
      if (d) this.enqueue(d);
      return;
    }
    const labelChanged = !jsonEqual(cur.metadata.labels ?? {}, old.metadata.labels ?? {});
    if (labelChanged || refChanged) for (const d of this.deploymentsForReplicaSet(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(obj: ReplicaSet | DeletedFinalStateUnknown<ReplicaSet>): void {
    const rs = unwrapTombstone(obj);
    const ref = getControllerOf(rs);
    if (!ref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace ?? "", ref);
    if (d) this.enqueue(d);
  }

  /** A Recreate rollout waits for old pods to go away: look again when one does. */
  private deletePod(pod: Pod): void {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== "ReplicaSet") return;
    const rs = this.rsLister.get(pod.metadata.namespace ?? "", ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const dref = getControllerOf(rs);
    if (!dref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace ?? "", dref);
    if (d && effective(d).strategy === "Recreate") this.enqueue(d);
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const d = this.dLister.get(namespace, name);
    if (!d) return;
    let selector;
    try {
      selector = selectorFromLabelSelector(d.spec?.selector);
    } catch (err) {
      log.warn("invalid selector", { deployment: key, err: errorMessage(err) });
      return;
    }
    const rsList = await this.claimReplicaSets(d, (rs) => selector.matches(rs.metadata.labels));
    const podsByRS = this.podsByReplicaSet(d, rsList, (p) => selector.matches(p.metadata.labels));
    const ctx = new SyncContext(d, this.ops(key));
    await syncDeployment(ctx, rsList, podsByRS);
  }

  /** The ReplicaSets this Deployment owns after adopting and releasing by selector. */
  private async claimReplicaSets(d: Deployment, matches: (rs: ReplicaSet) => boolean): Promise<ReplicaSet[]> {
    const ns = d.metadata.namespace ?? "";
    const owner = { apiVersion: DEPLOYMENT_GROUP_VERSION, kind: DEPLOYMENT_KIND, metadata: d.metadata };
    const client = this.ctx.client.replicaSets(ns);
    const owned: ReplicaSet[] = [];
    let canAdopt: boolean | undefined;
    for (const rs of this.rsLister.namespace(ns).list()) {
      const action = claimDecision(owner, rs, matches(rs));
      if (action === "keep") owned.push(rs);
      else if (action === "release") await release(client, d.metadata.uid ?? "", rs);
      else if (action === "adopt") {
        if (canAdopt === undefined) {
          const fresh = await this.ctx.client.deployments(ns).get(d.metadata.name ?? "");
          canAdopt = fresh.metadata.uid === d.metadata.uid && !fresh.metadata.deletionTimestamp;
        }
        if (canAdopt && (await adopt(client, owner, rs))) owned.push(rs);
      }
    }
    return owned;
  }

  /** Pods of each owned ReplicaSet, by ReplicaSet uid (for Recreate). */
  private podsByReplicaSet(d: Deployment, rsList: ReplicaSet[], matches: (p: Pod) => boolean): Map<string, Pod[]> {
    const byUid = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid ?? "", []]));
    for (const pod of this.podLister.namespace(d.metadata.namespace ?? "").list()) {
      if (!matches(pod)) continue;
      const ref = getControllerOf(pod);
      if (ref) byUid.get(ref.uid)?.push(pod);
    }
    return byUid;
  }

  private ops(key: string): DeploymentOps {
    const c = this.ctx.client;
    return {
      now: this.now,
      createReplicaSet: (rs) => c.replicaSets(rs.metadata.namespace ?? "").create(rs),
      updateReplicaSet: (rs) => c.replicaSets(rs.metadata.namespace ?? "").update(rs),
      deleteReplicaSet: async (rs) => {
        await c.replicaSets(rs.metadata.namespace ?? "").delete(rs.metadata.name ?? "");
      },
      cachedReplicaSet: (ns, name) => this.rsLister.get(ns, name),
      updateDeployment: (d) => c.deployments(d.metadata.namespace ?? "").update(d),
      updateDeploymentStatus: (d) => c.deployments(d.metadata.namespace ?? "").updateStatus(d),
      event: (d, type, reason, message) => this.ctx.recorder.event(d, type, reason, message),
      requeue: (_d, after) => (after === "now" ? this.queue.addRateLimited(key) : this.queue.addAfter(key, after)),
    };
  }
}
