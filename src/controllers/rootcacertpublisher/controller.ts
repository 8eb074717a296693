/**
 * The root CA certificate publisher (upstream's root-ca-cert-publisher): every Active
 * namespace has a ConfigMap `kube-root-ca.crt` whose `ca.crt` is the cluster CA, so pods
 * (the kube-api-access projected volume) and clients in the cluster can verify the
 * apiserver. It is created with the namespace, recreated when deleted, and put back when
 * its data is changed or its description annotation removed.
 */
import type { ConfigMap, Namespace } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { hasStatusCause, isAlreadyExists, isForbidden, isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { controllerQueue } from "../helper/queue.ts";
import { runWorkers } from "../helper/worker.ts";

const log = logger("root-ca-cert-publisher");

export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
export const ROOT_CA_KEY = "ca.crt";
export const DESCRIPTION_ANNOTATION = "kubernetes.io/description";
export const DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

function sameData(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {});
  return ak.length === Object.keys(b).length && ak.every((k) => a![k] === b[k]);
}

export class RootCACertPublisher implements Controller {
  readonly name = "root-ca-cert-publisher";
  readonly queue: RateLimitingQueue<string>;
  private readonly nsInformer: SharedIndexInformer<Namespace>;
  private readonly cmInformer: SharedIndexInformer<ConfigMap>;
  private readonly nsLister: Lister<Namespace>;
  private readonly cmLister: Lister<ConfigMap>;
  private readonly metrics: ControllerMetrics;
  private readonly data: Record<string, string>;

  constructor(
    private readonly ctx: ControllerContext,
    rootCA: string,
  ) {
    this.data = { [ROOT_CA_KEY]: rootCA };
    this.queue = controllerQueue(ctx, "root_ca_cert_publisher");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.nsInformer = ctx.informers.namespaces();
    this.cmInformer = ctx.informers.configMaps();
    this.nsLister = this.nsInformer.lister();
    this.cmLister = this.cmInformer.lister();
    this.nsInformer.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata.name ?? ""),
      onUpdate: (_o, ns) => this.queue.add(ns.metadata.name ?? ""),
    });
    const configMapChanged = (cm: ConfigMap) => {
      if (cm.metadata.name === ROOT_CA_CONFIGMAP) this.queue.add(cm.metadata.namespace ?? "");
    };
    this.cmInformer.addEventHandler({
      onUpdate: (_o, cm) => configMapChanged(cm),
      onDelete: (obj) => configMapChanged(unwrapTombstone(obj)),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.nsInformer.hasSynced(), () => this.cmInformer.hasSynced()))) return;
    await runWorkers(workers, signal, { queue: this.queue, sync: (ns) => this.sync(ns), log, metrics: { metrics: this.metrics, controller: this.name } });
  }

  async sync(namespace: string): Promise<void> {
    const ns = this.nsLister.get(namespace);
    if (!ns || ns.metadata.deletionTimestamp || (ns.status?.phase !== undefined && ns.status.phase !== "Active")) return;
    const cms = this.ctx.client.configMaps(namespace);
    try {
      const cm = this.cmLister.get(namespace, ROOT_CA_CONFIGMAP);
      if (!cm) {
        await cms.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data: { ...this.data } });
        return;
      }
      if (sameData(cm.data, this.data) && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return;
      // the cached copy is shared: change a copy
      const next: ConfigMap = { ...cm, metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data: { ...this.data } };
      await cms.update(next);
    } catch (err) {
      if (isAlreadyExists(err) || isNotFound(err)) return;
      // a namespace that began terminating meanwhile refuses new content
      if (isForbidden(err) && hasStatusCause(err, "NamespaceTerminating")) return;
      throw err;
    }
  }
}
