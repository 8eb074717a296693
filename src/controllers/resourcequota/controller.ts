/**
 * The resource quota controller: keeps each ResourceQuota's status.hard (its spec.hard)
 * and status.used current, recomputing a namespace's quotas whenever an object they
 * count changes there (and every five minutes, as upstream's full resync). Counts of
 * custom resources (`count/<plural>.<group>`) get an informer once a quota names them,
 * found through the server's discovery (read again at most every 30 s), as upstream's
 * controller learns resources from discovery.
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
const REDISCOVER_MS = 30_000;

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
  private readonly wake: (o: KubeObject) => void;
  private signal: AbortSignal | undefined;
  /** The server's custom resources, and when they were read. */
  private discovered: { at: number; resources: readonly ResourceInfo[] } | undefined;

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
    this.wake = wake;
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
    this.signal = signal;
    if (!(await waitForCacheSync(signal, () => this.quotaInformer.hasSynced(), ...this.informers.map((i) => () => i.hasSynced())))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (ns) => this.sync(ns), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  private list<T extends KubeObject>(resource: string, ns: string): T[] {
    return (this.listers.get(resource)?.namespace(ns).list() ?? []) as T[];
  }

  /** Listers for the custom resources the quotas count (an informer each, started and synced once). */
  private async countCustomResources(quotas: readonly ResourceQuota[]): Promise<void> {
    const wanted = new Set<string>();
    for (const q of quotas) for (const k of Object.keys(q.spec?.hard ?? {})) if (k.startsWith("count/") && !this.listers.has(k.slice(6))) wanted.add(k.slice(6));
    if (wanted.size === 0 || this.signal === undefined) return;
    const now = this.now();
    if (this.discovered === undefined || now - this.discovered.at > REDISCOVER_MS) {
      this.discovered = { at: now, resources: await this.ctx.client.customResources(this.signal) };
    }
    const added: SharedIndexInformer<KubeObject>[] = [];
    for (const key of wanted) {
      // the first entry is the group's preferred version
      const ri = this.discovered.resources.find((r) => r.namespaced && `${r.plural}.${r.group}` === key && r.verbs.includes("list") && r.verbs.includes("watch"));
      if (!ri) continue;
      const inf = this.ctx.informers.informerFor<KubeObject>(ri);
      inf.addEventHandler({ onAdd: this.wake, onUpdate: (_o, x) => this.wake(x), onDelete: (x) => this.wake(unwrapTombstone(x)) });
      this.listers.set(key, inf.lister());
      added.push(inf);
    }
    if (added.length === 0) return;
    this.ctx.informers.start(this.signal);
    await waitForCacheSync(this.signal, ...added.map((i) => () => i.hasSynced()));
  }

  async sync(namespace: string): Promise<void> {
    const quotas = this.quotaLister.namespace(namespace).list();
    if (quotas.length === 0) return;
    await this.countCustomResources(quotas);
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
