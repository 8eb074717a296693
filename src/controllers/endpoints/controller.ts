/**
 * The Endpoints controller: keeps a v1 Endpoints object, named like its Service, with
 * the addresses of the pods the Service selects. Services without a selector are left
 * to their users; the Endpoints of a deleted Service are deleted.
 */
import type { Endpoints } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, waitForCacheSync } from "../../client/cache/index.ts";
import { isAlreadyExists, isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { jsonEqual } from "../helper/hash.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { selectedPods, type ServicePodInformers, wireServicePods } from "../helper/service-pods.ts";
import { runWorkers } from "../helper/worker.ts";
import { desiredSubsets, endpointsLabels } from "./desired.ts";

const log = logger("endpoints-controller");

export class EndpointsController implements Controller {
  readonly name = "endpoint";
  readonly queue: RateLimitingQueue<string>;
  private readonly inf: ServicePodInformers;
  private readonly epInformer: SharedIndexInformer<Endpoints>;
  private readonly epLister: Lister<Endpoints>;
  private readonly metrics: ControllerMetrics;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = controllerQueue(ctx, "endpoint");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.inf = wireServicePods(ctx, this.queue);
    this.epInformer = ctx.informers.endpoints();
    this.epLister = this.epInformer.lister();
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.inf.services.hasSynced(), () => this.inf.pods.hasSynced(), () => this.epInformer.hasSynced()))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const client = this.ctx.client.endpoints(namespace);
    const svc = this.inf.serviceLister.get(namespace, name);
    if (!svc) {
      try {
        await client.delete(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0 || svc.spec.type === "ExternalName") return;
    const subsets = desiredSubsets(svc, selectedPods(this.inf.podLister, svc));
    const labels = endpointsLabels(svc);
    const current = this.epLister.get(namespace, name);
    if (current && jsonEqual(current.subsets ?? [], subsets) && jsonEqual(current.metadata.labels ?? {}, labels)) return;
    const body: Endpoints = { apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace, labels }, subsets };
    if (!current) {
      try {
        await client.create(body);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        throw new Error(`endpoints ${key} appeared meanwhile; retrying`);
      }
      return;
    }
    await client.update({ ...current, metadata: { ...current.metadata, labels }, subsets });
  }
}
