/**
 * The StatefulSet controller: stable pod identities `<set>-<ordinal>` with their
 * claims, OrderedReady or Parallel management, rolling updates above a partition, and
 * the template history as ControllerRevisions (currentRevision/updateRevision).
 */
import { selectorFromLabelSelector } from "../../api/labels/index.ts";
import type { ControllerRevision, Pod, StatefulSet, StatefulSetStatus } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isAlreadyExists, isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import { adopt, release } from "../helper/claims.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { byRevisionNumber, equalRevisions, maxRevisionNumber, newRevision } from "../helper/history.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { claimDecision, getControllerOf, isControlledBy } from "../helper/owner-refs.ts";
import { isPodAvailable, isPodReady, objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { statusEqual } from "../helper/status-equal.ts";
import { errorMessage, runWorkers } from "../helper/worker.ts";
import { planStatefulSet, statefulStatus } from "./decide.ts";
import { claimsFor, newStatefulPod, podRevision } from "./identity.ts";
import { revisionData, templateOf } from "./revisions.ts";

const log = logger("statefulset-controller");

export class StatefulSetController implements Controller {
  readonly name = "statefulset";
  readonly queue: RateLimitingQueue<string>;
  private readonly setInformer: SharedIndexInformer<StatefulSet>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly revInformer: SharedIndexInformer<ControllerRevision>;
  private readonly setLister: Lister<StatefulSet>;
  private readonly podLister: Lister<Pod>;
  private readonly revLister: Lister<ControllerRevision>;
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.queue = controllerQueue(ctx, "statefulset");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.setInformer = ctx.informers.statefulSets();
    this.podInformer = ctx.informers.pods();
    this.revInformer = ctx.informers.controllerRevisions();
    this.setLister = this.setInformer.lister();
    this.podLister = this.podInformer.lister();
    this.revLister = this.revInformer.lister();
    this.setInformer.addEventHandler({
      onAdd: (s) => this.queue.add(objectKey(s)),
      onUpdate: (_o, s) => this.queue.add(objectKey(s)),
      onDelete: (s) => this.queue.add(objectKey(unwrapTombstone(s))),
    });
    const onPod = (p: Pod) => {
      const ref = getControllerOf(p);
      if (ref) {
        if (ref.kind === "StatefulSet") this.queue.add(`${p.metadata.namespace}/${ref.name}`);
        return;
      }
      for (const s of this.setsSelecting(p)) this.queue.add(objectKey(s));
    };
    this.podInformer.addEventHandler({ onAdd: onPod, onUpdate: (_o, p) => onPod(p), onDelete: (p) => onPod(unwrapTombstone(p)) });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const synced = [this.setInformer, this.podInformer, this.revInformer].map((i) => () => i.hasSynced());
    if (!(await waitForCacheSync(signal, ...synced))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  private setsSelecting(pod: Pod): StatefulSet[] {
    return this.setLister
      .namespace(pod.metadata.namespace ?? "")
      .list()
      .filter((s) => {
        try {
          const sel = selectorFromLabelSelector(s.spec?.selector);
          return !sel.isEmpty() && sel.matches(pod.metadata.labels);
        } catch {
          return false;
        }
      });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const set = this.setLister.get(namespace, name);
    if (!set) return;
    let selector;
    try {
      selector = selectorFromLabelSelector(set.spec?.selector);
    } catch (err) {
      log.warn("invalid selector", { statefulset: key, err: errorMessage(err) });
      return;
    }
    const pods = await this.claimPods(set, (p) => selector.matches(p.metadata.labels));
    const { current, update, revisions, collisionCount } = await this.syncRevisions(set);
    if (!set.metadata.deletionTimestamp) {
      const actions = planStatefulSet({ set, pods, currentRevision: current.metadata.name ?? "", updateRevision: update.metadata.name ?? "", now: this.now() });
      for (const a of actions) {
        if (a.kind === "create") await this.createPod(set, a.ordinal, a.revision === "current" ? current : update);
        else await this.deletePod(set, a.pod);
      }
    }
    const status: StatefulSetStatus = statefulStatus(set, pods, current.metadata.name ?? "", update.metadata.name ?? "", this.now());
    if (collisionCount !== undefined) status.collisionCount = collisionCount;
    if (!statusEqual(set.status, status)) {
      try {
        await this.ctx.client.statefulSets(namespace).updateStatus({ ...set, status });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    await this.truncateHistory(set, pods, revisions, current, update);
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && pods.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, this.now()))) this.queue.addAfter(key, minReady * 1000 + 100);
  }

  private async claimPods(set: StatefulSet, matches: (p: Pod) => boolean): Promise<Pod[]> {
    const owner = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: set.metadata };
    const client = this.ctx.client.pods(set.metadata.namespace ?? "");
    const owned: Pod[] = [];
    for (const pod of this.podLister.namespace(set.metadata.namespace ?? "").list()) {
      const action = claimDecision(owner, pod, matches(pod));
      if (action === "keep") owned.push(pod);
      else if (action === "adopt" && (await adopt(client, owner, pod))) owned.push(pod);
      else if (action === "release") await release(client, set.metadata.uid ?? "", pod);
    }
    return owned;
  }

  /** Finds or creates the revision of the current template; returns current and update revisions. */
  private async syncRevisions(set: StatefulSet): Promise<{ current: ControllerRevision; update: ControllerRevision; revisions: ControllerRevision[]; collisionCount: number | undefined }> {
    const ns = set.metadata.namespace ?? "";
    const client = this.ctx.client.controllerRevisions(ns);
    const revisions = this.revLister
      .namespace(ns)
      .list()
      .filter((r) => isControlledBy(r, set.metadata.uid ?? ""))
      .sort(byRevisionNumber);
    const data = revisionData(set);
    const max = maxRevisionNumber(revisions);
    let collisionCount = set.status?.collisionCount;
    let update: ControllerRevision;
    const equal = equalRevisions(revisions, data);
    if (equal.length > 0) {
      update = equal[equal.length - 1]!;
      if (update.revision !== max) update = await client.update({ ...update, revision: max + 1 });
    } else {
      const owner = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: set.metadata };
      const rev = newRevision(owner, set.spec?.template?.metadata?.labels ?? {}, data, max + 1, collisionCount);
      try {
        update = await client.create(rev);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        const existing = await client.get(rev.metadata.name ?? "");
        if (!isControlledBy(existing, set.metadata.uid ?? "") || equalRevisions([existing], data).length === 0) {
          collisionCount = (collisionCount ?? 0) + 1;
          await this.ctx.client.statefulSets(ns).updateStatus({ ...set, status: { ...(set.status ?? { replicas: 0 }), collisionCount } });
          throw new Error(`controller revision ${rev.metadata.name} collides; retrying with collisionCount ${collisionCount}`);
        }
        update = existing;
      }
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, revisions: [...revisions.filter((r) => r.metadata.name !== update.metadata.name), update], collisionCount };
  }

  private async createPod(set: StatefulSet, ordinal: number, revision: ControllerRevision): Promise<void> {
    const ns = set.metadata.namespace ?? "";
    const pod = newStatefulPod(set, templateOf(revision) ?? set.spec?.template, ordinal, revision.metadata.name ?? "");
    for (const claim of claimsFor(set, ordinal)) {
      try {
        await this.ctx.client.persistentVolumeClaims(ns).create(claim);
        this.ctx.recorder.event(set, "Normal", "SuccessfulCreate", `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
      } catch (err) {
        if (!isAlreadyExists(err)) {
          this.ctx.recorder.event(set, "Warning", "FailedCreate", `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorMessage(err)}`);
          throw err;
        }
      }
    }
    try {
      await this.ctx.client.pods(ns).create(pod);
      this.ctx.recorder.event(set, "Normal", "SuccessfulCreate", `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } catch (err) {
      if (isAlreadyExists(err)) return;
      this.ctx.recorder.event(set, "Warning", "FailedCreate", `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorMessage(err)}`);
      throw err;
    }
  }

  private async deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.ctx.client.pods(set.metadata.namespace ?? "").delete(pod.metadata.name ?? "", { preconditions: { uid: pod.metadata.uid ?? "" } });
      this.ctx.recorder.event(set, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } catch (err) {
      if (isNotFound(err)) return;
      this.ctx.recorder.event(set, "Warning", "FailedDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorMessage(err)}`);
      throw err;
    }
  }

  /** Deletes the oldest revisions no pod uses beyond revisionHistoryLimit. */
  private async truncateHistory(set: StatefulSet, pods: readonly Pod[], revisions: ControllerRevision[], current: ControllerRevision, update: ControllerRevision): Promise<void> {
    const live = new Set<string>([current.metadata.name ?? "", update.metadata.name ?? ""]);
    for (const p of pods) {
      const r = podRevision(p);
      if (r) live.add(r);
    }
    const history = revisions.filter((r) => !live.has(r.metadata.name ?? "")).sort(byRevisionNumber);
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    for (const r of history.slice(0, Math.max(0, history.length - limit))) {
      try {
        await this.ctx.client.controllerRevisions(set.metadata.namespace ?? "").delete(r.metadata.name ?? "");
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
