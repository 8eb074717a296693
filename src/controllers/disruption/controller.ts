/**
 * The disruption controller: keeps every PodDisruptionBudget's status (expected,
 * desired and current healthy pods, disruptions allowed) current as pods and their
 * controllers change.
 */
import { selectorFromLabelSelector } from "../../api/labels/index.ts";
import type { Deployment, Pod, PodDisruptionBudget, ReplicaSet, StatefulSet } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { getControllerOf } from "../helper/owner-refs.ts";
import { objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { statusEqual } from "../helper/status-equal.ts";
import { runWorkers } from "../helper/worker.ts";
import { DELETION_TIMEOUT_MS, pdbStatus } from "./decide.ts";

const log = logger("disruption-controller");

export class DisruptionController implements Controller {
  readonly name = "disruption";
  readonly queue: RateLimitingQueue<string>;
  private readonly pdbInformer: SharedIndexInformer<PodDisruptionBudget>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly pdbLister: Lister<PodDisruptionBudget>;
  private readonly podLister: Lister<Pod>;
  private readonly rsLister: Lister<ReplicaSet>;
  private readonly dLister: Lister<Deployment>;
  private readonly stsLister: Lister<StatefulSet>;
  private readonly synced: (() => boolean)[];
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.queue = controllerQueue(ctx, "disruption");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.pdbInformer = ctx.informers.podDisruptionBudgets();
    this.podInformer = ctx.informers.pods();
    const rs = ctx.informers.replicaSets();
    const d = ctx.informers.deployments();
    const sts = ctx.informers.statefulSets();
    this.pdbLister = this.pdbInformer.lister();
    this.podLister = this.podInformer.lister();
    this.rsLister = rs.lister();
    this.dLister = d.lister();
    this.stsLister = sts.lister();
    this.synced = [this.pdbInformer, this.podInformer, rs, d, sts].map((i) => () => i.hasSynced());
    this.pdbInformer.addEventHandler({ onAdd: (p) => this.queue.add(objectKey(p)), onUpdate: (_o, p) => this.queue.add(objectKey(p)) });
    const onPod = (p: Pod) => {
      for (const pdb of this.pdbLister.namespace(p.metadata.namespace ?? "").list()) {
        try {
          if (selectorFromLabelSelector(pdb.spec?.selector).matches(p.metadata.labels)) this.queue.add(objectKey(pdb));
        } catch {
          // invalid selector: the budget covers nothing
        }
      }
    };
    this.podInformer.addEventHandler({ onAdd: onPod, onUpdate: (_o, p) => onPod(p), onDelete: (p) => onPod(unwrapTombstone(p)) });
    const onController = (obj: { metadata: { namespace?: string } }) => {
      for (const pdb of this.pdbLister.namespace(obj.metadata.namespace ?? "").list()) this.queue.add(objectKey(pdb));
    };
    for (const inf of [rs, d, sts] as SharedIndexInformer<ReplicaSet | Deployment | StatefulSet>[]) inf.addEventHandler({ onUpdate: (_o, x) => onController(x) });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, ...this.synced))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  /** Replicas of a pod's controller (a ReplicaSet counts its Deployment's), or undefined when unknown. */
  private controllerScale(pod: Pod, seen: Set<string>): number | undefined | null {
    const ref = getControllerOf(pod);
    if (!ref) return undefined;
    const ns = pod.metadata.namespace ?? "";
    if (ref.kind === "ReplicaSet") {
      const rs = this.rsLister.get(ns, ref.name);
      if (!rs || rs.metadata.uid !== ref.uid) return undefined;
      const dref = getControllerOf(rs);
      if (dref?.kind === "Deployment") {
        const d = this.dLister.get(ns, dref.name);
        if (!d || d.metadata.uid !== dref.uid) return undefined;
        if (seen.has(dref.uid)) return null;
        seen.add(dref.uid);
        return d.spec?.replicas ?? 1;
      }
      if (seen.has(ref.uid)) return null;
      seen.add(ref.uid);
      return rs.spec?.replicas ?? 1;
    }
    if (ref.kind === "StatefulSet") {
      const sts = this.stsLister.get(ns, ref.name);
      if (!sts || sts.metadata.uid !== ref.uid) return undefined;
      if (seen.has(ref.uid)) return null;
      seen.add(ref.uid);
      return sts.spec?.replicas ?? 1;
    }
    return undefined;
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pdb = this.pdbLister.get(namespace, name);
    if (!pdb) return;
    let pods: Pod[] = [];
    try {
      const sel = selectorFromLabelSelector(pdb.spec?.selector);
      pods = this.podLister.namespace(namespace).list().filter((p) => sel.matches(p.metadata.labels));
    } catch {
      pods = [];
    }
    let scale: number | undefined = 0;
    const seen = new Set<string>();
    for (const p of pods) {
      const s = this.controllerScale(p, seen);
      if (s === undefined) {
        scale = undefined;
        break;
      }
      if (s !== null) scale += s;
    }
    const status = pdbStatus(pdb, pods, scale, this.now());
    if (!statusEqual(pdb.status, status)) {
      try {
        await this.ctx.client.podDisruptionBudgets(namespace).updateStatus({ ...pdb, status });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    // Look again when a disrupted pod's entry expires.
    if (Object.keys(status.disruptedPods ?? {}).length > 0) this.queue.addAfter(key, DELETION_TIMEOUT_MS);
  }
}
