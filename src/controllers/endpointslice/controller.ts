/**
 * The EndpointSlice controller: keeps the EndpointSlices of every Service with a
 * selector in line with its pods (owned by the Service, labelled
 * kubernetes.io/service-name and managed-by endpointslice-controller.k8s.io).
 */
import type { EndpointSlice, Node, Service } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { newControllerRef } from "../helper/owner-refs.ts";
import { splitKey } from "../helper/pods.ts";
import { controllerQueue } from "../helper/queue.ts";
import { selectedPods, type ServicePodInformers, wireServicePods } from "../helper/service-pods.ts";
import { runWorkers } from "../helper/worker.ts";
import { CONTROLLER_NAME, type DesiredSlice, desiredSlices, MANAGED_BY_LABEL, planSlices, SERVICE_NAME_LABEL, sliceLabels } from "./desired.ts";
import { EndpointSliceTracker, StaleSlicesError } from "./tracker.ts";

const log = logger("endpointslice-controller");
const ZONE_LABEL = "topology.kubernetes.io/zone";

export class EndpointSliceController implements Controller {
  readonly name = "endpointslice";
  readonly queue: RateLimitingQueue<string>;
  private readonly inf: ServicePodInformers;
  private readonly sliceInformer: SharedIndexInformer<EndpointSlice>;
  private readonly sliceLister: Lister<EndpointSlice>;
  private readonly nodeInformer: SharedIndexInformer<Node>;
  private readonly nodeLister: Lister<Node>;
  private readonly metrics: ControllerMetrics;
  private readonly tracker = new EndpointSliceTracker();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = controllerQueue(ctx, "endpoint_slice");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.inf = wireServicePods(ctx, this.queue);
    this.sliceInformer = ctx.informers.endpointSlices();
    this.sliceLister = this.sliceInformer.lister();
    this.nodeInformer = ctx.informers.nodes();
    this.nodeLister = this.nodeInformer.lister();
    // A managed slice changed or removed by someone else is put back.
    const onSlice = (s: EndpointSlice) => {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc && s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME) this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    this.sliceInformer.addEventHandler({
      onUpdate: (_o, s) => onSlice(s),
      onDelete: (obj) => {
        const s = unwrapTombstone(obj);
        const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc) this.tracker.gone(`${s.metadata.namespace}/${svc}`, s);
        onSlice(s);
      },
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const synced = [this.inf.services, this.inf.pods, this.sliceInformer, this.nodeInformer].map((i) => () => i.hasSynced());
    if (!(await waitForCacheSync(signal, ...synced))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (k) => this.sync(k), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  private managedSlices(namespace: string, service: string): EndpointSlice[] {
    return this.sliceLister.namespace(namespace).list({ [SERVICE_NAME_LABEL]: service, [MANAGED_BY_LABEL]: CONTROLLER_NAME });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.inf.serviceLister.get(namespace, name);
    if (!svc || svc.metadata.deletionTimestamp) {
      this.tracker.forget(key);
      return; // slices go with the Service (owner references)
    }
    if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0 || svc.spec.type === "ExternalName") return;
    const zoneOf = (node: string) => this.nodeLister.get(node)?.metadata.labels?.[ZONE_LABEL];
    const desired = desiredSlices(svc, selectedPods(this.inf.podLister, svc), zoneOf);
    const labels = sliceLabels(svc);
    const current = this.managedSlices(namespace, name);
    // Our last writes not in the cache yet: planning now could duplicate them (retried with backoff).
    if (this.tracker.stale(key, current)) throw new StaleSlicesError(key);
    const plan = planSlices(current, desired, labels);
    const client = this.ctx.client.endpointSlices(namespace);
    for (const d of plan.create) this.tracker.written(key, await client.create(this.newSlice(svc, d, labels)));
    for (const { existing, desired: d } of plan.update) {
      const { ports: _p, ...rest } = existing;
      this.tracker.written(key, await client.update({ ...rest, metadata: { ...existing.metadata, labels }, addressType: d.addressType, endpoints: d.endpoints, ...(d.ports.length > 0 ? { ports: d.ports } : {}) }));
    }
    for (const s of plan.delete) {
      try {
        await client.delete(s.metadata.name ?? "");
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.tracker.deleted(key, s);
    }
  }

  private newSlice(svc: Service, d: DesiredSlice, labels: Record<string, string>): EndpointSlice {
    return {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        generateName: `${svc.metadata.name}-`,
        namespace: svc.metadata.namespace ?? "",
        labels,
        ownerReferences: [newControllerRef({ apiVersion: "v1", kind: "Service", metadata: svc.metadata })],
      },
      addressType: d.addressType,
      endpoints: d.endpoints,
      ...(d.ports.length > 0 ? { ports: d.ports } : {}),
    };
  }
}
