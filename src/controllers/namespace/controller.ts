/**
 * The namespace controller: every namespace with a deletionTimestamp is emptied and
 * finalized by the NamespaceDeleter; while content remains it is looked at again after
 * half the estimate plus a second (as upstream).
 */
import type { Namespace } from "../../api/types/index.ts";
import { type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { controllerQueue } from "../helper/queue.ts";
import { runWorkers } from "../helper/worker.ts";
import { NamespaceDeleter, ResourcesRemainingError } from "./deleter.ts";

const log = logger("namespace-controller");

/** Upstream resyncs namespaces every 5 minutes. */
const NAMESPACE_RESYNC_MS = 5 * 60 * 1000;

export class NamespaceController implements Controller {
  readonly name = "namespace";
  readonly queue: RateLimitingQueue<string>;
  private readonly informer: SharedIndexInformer<Namespace>;
  private readonly deleter: NamespaceDeleter;
  private readonly metrics: ControllerMetrics;

  constructor(ctx: ControllerContext) {
    this.queue = controllerQueue(ctx, "namespace");
    this.deleter = new NamespaceDeleter(ctx.client, ctx.now ?? Date.now);
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.informer = ctx.informers.namespaces();
    this.informer.addEventHandler(
      {
        onAdd: (ns) => this.enqueue(ns),
        onUpdate: (_o, ns) => this.enqueue(ns),
        onDelete: (ns) => this.enqueue(unwrapTombstone(ns)),
      },
      NAMESPACE_RESYNC_MS,
    );
  }

  private enqueue(ns: Namespace): void {
    if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name ?? "");
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.informer.hasSynced()))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (name) => this.sync(name), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  async sync(name: string): Promise<void> {
    try {
      await this.deleter.delete(name);
    } catch (err) {
      if (err instanceof ResourcesRemainingError) {
        log.debug("content remaining in namespace", { namespace: name, estimate: err.estimateSeconds });
        this.queue.addAfter(name, (Math.floor(err.estimateSeconds / 2) + 1) * 1000);
        return;
      }
      throw err;
    }
  }
}
