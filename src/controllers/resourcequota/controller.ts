/**
 * The resource quota controller: keeps each ResourceQuota's status.hard (its spec.hard)
 * and status.used current, recomputing a namespace's quotas whenever an object they
 * count changes there (and every five minutes, as upstream's full resync).
 */
import type { KubeObject } from "../../api/meta/types.ts";
import { RESOURCES, type ResourceInfo } from "../../api/resources.ts";
import type { PersistentVolumeClaim, Pod, ResourceQuota, Service } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { controllerQueue } from "../helper/queue.ts";
import { statusEqual } from "../helper/status-equal.ts";
import { runWorkers } from "../helper/worker.ts";
import { quotaUsage } from "../../api/quota/usage.ts";

const log = logger("resourcequota-controller");
const RESYNC_MS = 5 * 60_000;

/** Namespaced resources whose objects quotas can count (`count/<plural>[.<group>]`). */
function countable(): ResourceInfo[] {
  return RESOURCES.filter((ri) => ri.namespaced && ri.verbs.includes("list") && ri.verbs.includes("watch") && !(ri.plural === "events"));
}

export class ResourceQuotaController implements Controller {
  readonly name = "resourcequota";
  readonly queue: RateLimitingQueue<string>;
  private readonly quotaInformer: SharedIndexInformer<ResourceQuota>;
  private readonly quotaLister: Lister<ResourceQuota>;
  private readonly listers = new Map<string, Lister<KubeObject>>();
  private readonly informers: SharedIndexInformer<KubeObject>[] = [];
  private readonly now: () => number;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.now = ctx.now ?? Date.now;
    this.queue = controllerQueue(ctx, "resourcequota_primary");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.quotaInformer = ctx.informers.resourceQuotas();
    this.quotaLister = this.quotaInformer.lister();
    this.quotaInformer.addEventHandler(
      {
        onAdd: (q) => this.queue.add(q.metadata.namespace ?? ""),
        onUpdate: (_o, q) => this.queue.add(q.metadata.namespace ?? ""),
      },
      RESYNC_MS,
    );
    const wake = (o: KubeObject) => {
      const ns = o.metadata.namespace ?? "";
      if (this.quotaLister.namespace(ns).list().length > 0) this.queue.add(ns);
    };
    for (const ri of countable()) {
      if (ri.plural === "resourcequotas" && ri.group === "") {
        this.listers.set("resourcequotas", this.quotaLister as unknown as Lister<KubeObject>);
        continue;
      }
      const inf = ctx.informers.informerFor<KubeObject>(ri);
      inf.addEventHandler({ onAdd: wake, onUpdate: (_o, x) => wake(x), onDelete: (x) => wake(unwrapTombstone(x)) });
      this.listers.set(ri.group ? `${ri.plural}.${ri.group}` : ri.plural, inf.lister());
      this.informers.push(inf);
    }
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.quotaInformer.hasSynced(), ...this.informers.map((i) => () => i.hasSynced())))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (ns) => this.sync(ns), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  private list<T extends KubeObject>(resource: string, ns: string): T[] {
    return (this.listers.get(resource)?.namespace(ns).list() ?? []) as T[];
  }

  async sync(namespace: string): Promise<void> {
    const quotas = this.quotaLister.namespace(namespace).list();
    if (quotas.length === 0) return;
    const objs = {
      pods: this.list<Pod>("pods", namespace),
      services: this.list<Service>("services", namespace),
      claims: this.list<PersistentVolumeClaim>("persistentvolumeclaims", namespace),
      count: (resource: string) => (this.listers.has(resource) ? this.list(resource, namespace).length : undefined),
    };
    for (const q of quotas) {
      const status = { hard: { ...(q.spec?.hard ?? {}) }, used: quotaUsage(q, objs, this.now()) };
      if (statusEqual(q.status, status)) continue;
      try {
        await this.ctx.client.resourceQuotas(namespace).updateStatus({ ...q, status });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
