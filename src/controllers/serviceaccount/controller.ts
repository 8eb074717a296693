/**
 * The service account controller (upstream serviceaccounts_controller): every Active
 * namespace has a ServiceAccount named `default`; it is created when a namespace
 * appears and recreated when deleted.
 */
import type { Namespace, ServiceAccount } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { hasStatusCause, isAlreadyExists, isForbidden, isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { controllerQueue } from "../helper/queue.ts";
import { runWorkers } from "../helper/worker.ts";

const log = logger("serviceaccount-controller");

export const DEFAULT_SERVICE_ACCOUNTS = ["default"];

export class ServiceAccountController implements Controller {
  readonly name = "serviceaccount";
  readonly queue: RateLimitingQueue<string>;
  private readonly nsInformer: SharedIndexInformer<Namespace>;
  private readonly saInformer: SharedIndexInformer<ServiceAccount>;
  private readonly nsLister: Lister<Namespace>;
  private readonly saLister: Lister<ServiceAccount>;
  private readonly metrics: ControllerMetrics;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly accounts: readonly string[] = DEFAULT_SERVICE_ACCOUNTS,
  ) {
    this.queue = controllerQueue(ctx, "serviceaccount");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.nsInformer = ctx.informers.namespaces();
    this.saInformer = ctx.informers.serviceAccounts();
    this.nsLister = this.nsInformer.lister();
    this.saLister = this.saInformer.lister();
    this.nsInformer.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata.name ?? ""),
      onUpdate: (_o, ns) => this.queue.add(ns.metadata.name ?? ""),
    });
    this.saInformer.addEventHandler({
      onDelete: (obj) => {
        const sa = unwrapTombstone(obj);
        if (this.accounts.includes(sa.metadata.name ?? "")) this.queue.add(sa.metadata.namespace ?? "");
      },
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.nsInformer.hasSynced(), () => this.saInformer.hasSynced()))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (ns) => this.sync(ns), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  async sync(namespace: string): Promise<void> {
    const ns = this.nsLister.get(namespace);
    if (!ns || ns.metadata.deletionTimestamp || (ns.status?.phase !== undefined && ns.status.phase !== "Active")) return;
    for (const name of this.accounts) {
      if (this.saLister.get(namespace, name)) continue;
      try {
        await this.ctx.client.serviceAccounts(namespace).create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } });
      } catch (err) {
        if (isAlreadyExists(err) || isNotFound(err)) continue;
        // A namespace that began terminating meanwhile refuses new content.
        if (isForbidden(err) && hasStatusCause(err, "NamespaceTerminating")) continue;
        throw err;
      }
    }
  }
}
