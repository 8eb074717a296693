/**
 * The taint eviction controller: deletes pods from nodes with NoExecute taints they do
 * not tolerate, at once or after their tolerationSeconds, first marking them with a
 * DisruptionTarget condition (reason DeletionByTaintManager) as upstream does.
 */
import type { Node, Pod } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import { rfc3339 } from "../helper/conditions.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { objectKey, splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { runWorkers } from "../helper/worker.ts";
import { evictionTime } from "./decide.ts";

const log = logger("taint-eviction-controller");

export class TaintEvictionController implements Controller {
  readonly name = "taint-eviction";
  readonly queue: RateLimitingQueue<string>;
  private readonly nodeInformer: SharedIndexInformer<Node>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly nodeLister: Lister<Node>;
  private readonly podLister: Lister<Pod>;
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.queue = controllerQueue(ctx, "taint_eviction");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.nodeInformer = ctx.informers.nodes();
    this.podInformer = ctx.informers.pods();
    this.nodeLister = this.nodeInformer.lister();
    this.podLister = this.podInformer.lister();
    const onNode = (n: Node) => {
      if (!(n.spec?.taints ?? []).some((t) => t.effect === "NoExecute")) return;
      for (const p of this.podLister.list()) if (p.spec?.nodeName === n.metadata.name) this.queue.add(objectKey(p));
    };
    this.nodeInformer.addEventHandler({
      onAdd: onNode,
      onUpdate: (o, n) => {
        if (JSON.stringify(o.spec?.taints ?? []) !== JSON.stringify(n.spec?.taints ?? [])) onNode(n);
      },
      onDelete: (n) => void unwrapTombstone(n),
    });
    const onPod = (p: Pod) => {
      if (p.spec?.nodeName && !p.metadata.deletionTimestamp) this.queue.add(objectKey(p));
    };
    this.podInformer.addEventHandler({ onAdd: onPod, onUpdate: (_o, p) => onPod(p) });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.nodeInformer.hasSynced(), () => this.podInformer.hasSynced()))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.podLister.get(namespace, name);
    if (!pod || pod.metadata.deletionTimestamp || !pod.spec?.nodeName) return;
    const node = this.nodeLister.get(pod.spec.nodeName);
    if (!node) return;
    const e = evictionTime(pod, node.spec?.taints ?? [], this.now());
    if (e.at === "never") return;
    if (e.at !== "now") {
      this.queue.addAfter(key, e.at - this.now() + 10);
      return;
    }
    this.ctx.recorder.event(pod, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${namespace}/${name}`);
    const client = this.ctx.client.pods(namespace);
    const t = rfc3339(this.now());
    const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== "DisruptionTarget"), { type: "DisruptionTarget", status: "True", reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint", lastTransitionTime: t }];
    try {
      await client.updateStatus({ ...pod, status: { ...(pod.status ?? {}), conditions } });
      await client.delete(name, { preconditions: { uid: pod.metadata.uid ?? "" } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
