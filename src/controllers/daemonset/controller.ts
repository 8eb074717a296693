/**
 * The DaemonSet controller: one pod per eligible node (node selector, required node
 * affinity, tolerated taints), pods placed by the scheduler through node affinity,
 * rolling updates within maxUnavailable, and the template history as
 * ControllerRevisions whose hash labels the pods.
 */
import { selectorFromLabelSelector } from "../../api/labels/index.ts";
import type { ControllerRevision, DaemonSet, DaemonSetStatus, Node, Pod } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isAlreadyExists, isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import { adopt, release } from "../helper/claims.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerExpectations } from "../helper/expectations.ts";
import { computeHash } from "../helper/hash.ts";
import { byRevisionNumber, equalRevisions, maxRevisionNumber, newRevision } from "../helper/history.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { claimDecision, getControllerOf, isControlledBy } from "../helper/owner-refs.ts";
import { isPodAvailable, isPodReady, objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { DEFAULT_MAX_IN_FLIGHT, runBatch } from "../helper/slow-start.ts";
import { statusEqual } from "../helper/status-equal.ts";
import { errorMessage, runWorkers } from "../helper/worker.ts";
import { daemonStatus, planDaemonSet, REVISION_HASH_LABEL } from "./decide.ts";
import { daemonPod } from "./pod.ts";

const log = logger("daemonset-controller");

export class DaemonSetController implements Controller {
  readonly name = "daemonset";
  readonly queue: RateLimitingQueue<string>;
  readonly expectations: ControllerExpectations;
  private readonly dsInformer: SharedIndexInformer<DaemonSet>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly nodeInformer: SharedIndexInformer<Node>;
  private readonly revInformer: SharedIndexInformer<ControllerRevision>;
  private readonly dsLister: Lister<DaemonSet>;
  private readonly podLister: Lister<Pod>;
  private readonly nodeLister: Lister<Node>;
  private readonly revLister: Lister<ControllerRevision>;
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.expectations = new ControllerExpectations(this.now);
    this.queue = controllerQueue(ctx, "daemonset");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.dsInformer = ctx.informers.daemonSets();
    this.podInformer = ctx.informers.pods();
    this.nodeInformer = ctx.informers.nodes();
    this.revInformer = ctx.informers.controllerRevisions();
    this.dsLister = this.dsInformer.lister();
    this.podLister = this.podInformer.lister();
    this.nodeLister = this.nodeInformer.lister();
    this.revLister = this.revInformer.lister();
    this.dsInformer.addEventHandler({
      onAdd: (d) => this.queue.add(objectKey(d)),
      onUpdate: (_o, d) => this.queue.add(objectKey(d)),
      onDelete: (d) => {
        const key = objectKey(unwrapTombstone(d));
        this.expectations.delete(key);
        this.queue.add(key);
      },
    });
    const dsOf = (p: Pod) => {
      const ref = getControllerOf(p);
      return ref?.kind === "DaemonSet" ? `${p.metadata.namespace}/${ref.name}` : undefined;
    };
    this.podInformer.addEventHandler({
      onAdd: (p) => {
        const key = dsOf(p);
        if (!key) return;
        this.expectations.creationObserved(key);
        this.queue.add(key);
      },
      onUpdate: (_o, p) => {
        const key = dsOf(p);
        if (key) this.queue.add(key);
      },
      onDelete: (obj) => {
        const key = dsOf(unwrapTombstone(obj));
        if (!key) return;
        this.expectations.deletionObserved(key);
        this.queue.add(key);
      },
    });
    const allSets = () => {
      for (const d of this.dsLister.list()) this.queue.add(objectKey(d));
    };
    this.nodeInformer.addEventHandler({
      onAdd: allSets,
      onUpdate: (o, n) => {
        if (JSON.stringify([o.metadata.labels, o.spec?.taints, o.spec?.unschedulable]) !== JSON.stringify([n.metadata.labels, n.spec?.taints, n.spec?.unschedulable])) allSets();
      },
      onDelete: allSets,
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const synced = [this.dsInformer, this.podInformer, this.nodeInformer, this.revInformer].map((i) => () => i.hasSynced());
    if (!(await waitForCacheSync(signal, ...synced))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const ds = this.dsLister.get(namespace, name);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    let selector;
    try {
      selector = selectorFromLabelSelector(ds.spec?.selector);
    } catch (err) {
      log.warn("invalid selector", { daemonset: key, err: errorMessage(err) });
      return;
    }
    if (selector.isEmpty()) {
      this.ctx.recorder.event(ds, "Warning", "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
      return;
    }
    const pods = await this.claimPods(ds, (p) => selector.matches(p.metadata.labels));
    const hash = await this.syncRevisions(ds);
    const nodes = this.nodeLister.list();
    if (!ds.metadata.deletionTimestamp && this.expectations.satisfied(key)) {
      const plan = planDaemonSet(ds, nodes, pods, hash, this.now());
      await this.act(key, ds, plan.createOn, plan.delete.map((d) => d.pod), hash);
    }
    const status: DaemonSetStatus = daemonStatus(ds, nodes, pods, hash, this.now());
    if (!statusEqual(ds.status, status)) {
      try {
        await this.ctx.client.daemonSets(namespace).updateStatus({ ...ds, status });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && pods.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, this.now()))) this.queue.addAfter(key, minReady * 1000 + 100);
  }

  private async claimPods(ds: DaemonSet, matches: (p: Pod) => boolean): Promise<Pod[]> {
    const owner = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: ds.metadata };
    const client = this.ctx.client.pods(ds.metadata.namespace ?? "");
    const owned: Pod[] = [];
    for (const pod of this.podLister.namespace(ds.metadata.namespace ?? "").list()) {
      const action = claimDecision(owner, pod, matches(pod));
      if (action === "keep") owned.push(pod);
      else if (action === "adopt" && (await adopt(client, owner, pod))) owned.push(pod);
      else if (action === "release") await release(client, ds.metadata.uid ?? "", pod);
    }
    return owned;
  }

  /** The hash of the current template's revision (created or renumbered as needed); old ones beyond the limit go. */
  private async syncRevisions(ds: DaemonSet): Promise<string> {
    const ns = ds.metadata.namespace ?? "";
    const client = this.ctx.client.controllerRevisions(ns);
    const revisions = this.revLister
      .namespace(ns)
      .list()
      .filter((r) => isControlledBy(r, ds.metadata.uid ?? ""))
      .sort(byRevisionNumber);
    const data = { spec: { template: { ...(ds.spec?.template ?? {}), $patch: "replace" } } };
    const hash = computeHash(data, ds.status?.collisionCount);
    const equal = equalRevisions(revisions, data);
    const max = maxRevisionNumber(revisions);
    let current: ControllerRevision;
    if (equal.length > 0) {
      current = equal[equal.length - 1]!;
      if (current.revision !== max) current = await client.update({ ...current, revision: max + 1 });
    } else {
      const rev = newRevision({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: ds.metadata }, { ...(ds.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash }, data, max + 1, ds.status?.collisionCount);
      try {
        current = await client.create(rev);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        current = await client.get(rev.metadata.name ?? "");
      }
    }
    const limit = ds.spec?.revisionHistoryLimit ?? 10;
    const inUse = new Set(this.podLister.namespace(ns).list().map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]));
    const old = revisions.filter((r) => r.metadata.name !== current.metadata.name && !inUse.has(r.metadata.labels?.[REVISION_HASH_LABEL]));
    for (const r of old.slice(0, Math.max(0, old.length - limit))) {
      try {
        await client.delete(r.metadata.name ?? "");
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return current.metadata.labels?.[REVISION_HASH_LABEL] ?? hash;
  }

  private async act(key: string, ds: DaemonSet, createOn: string[], toDelete: Pod[], hash: string): Promise<void> {
    const client = this.ctx.client.pods(ds.metadata.namespace ?? "");
    this.expectations.setExpectations(key, createOn.length, toDelete.length);
    const errors: unknown[] = [];
    await runBatch(0, toDelete.length, DEFAULT_MAX_IN_FLIGHT, async (i) => {
      const pod = toDelete[i]!;
      try {
        await client.delete(pod.metadata.name ?? "");
        this.ctx.recorder.event(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        this.expectations.deletionObserved(key);
        if (!isNotFound(err)) errors.push(err);
      }
    });
    await runBatch(0, createOn.length, DEFAULT_MAX_IN_FLIGHT, async (i) => {
      try {
        const pod = await client.create(daemonPod(ds, createOn[i]!, hash));
        this.ctx.recorder.event(ds, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
      } catch (err) {
        this.expectations.creationObserved(key);
        this.ctx.recorder.event(ds, "Warning", "FailedCreate", `Error creating: ${errorMessage(err)}`);
        errors.push(err);
      }
    });
    if (errors.length > 0) throw errors[0];
  }
}
