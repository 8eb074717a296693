/**
 * SharedInformerFactory: at most one informer (one list and one watch) per resource,
 * namespace and selector pair for everything that shares the factory, so a process
 * creates one factory and hands it to all its controllers. Informers requested
 * before or after start() are started by the next start() call.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { groupVersion, type ResourceInfo, resourceFor } from "../../api/resources.ts";
import type {
  ConfigMap,
  ControllerRevision,
  CronJob,
  DaemonSet,
  Deployment,
  Endpoints,
  EndpointSlice,
  Event,
  Job,
  Lease,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  ReplicaSet,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
  StatefulSet,
} from "../../api/types/index.ts";
import type { Client } from "../rest/clientset.ts";
import type { TransformFunc } from "./fifo.ts";
import { listWatchFromClient } from "./listwatch.ts";
import type { ReflectorOptions } from "./reflector.ts";
import { SharedIndexInformer } from "./shared-informer.ts";
import type { Indexers } from "./store.ts";
import { waitForCacheSync } from "./wait.ts";

export interface InformerFactoryOptions {
  /** Resync period of handlers added without one (default 0: none). */
  defaultResyncMs?: number;
  /** Restrict every informer to one namespace (default: all namespaces). */
  namespace?: string;
  /** Applied to every object before caching (e.g. dropping managedFields to save memory). */
  transform?: TransformFunc<KubeObject>;
  reflector?: Omit<ReflectorOptions, "name" | "clock" | "onWatchError">;
}

export interface InformerOptions<T> {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Indexers added to the informer (merged with earlier ones for the same informer). */
  indexers?: Indexers<T>;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly stoppers = new Map<string, AbortController>();

  constructor(
    readonly client: Client,
    private readonly opts: InformerFactoryOptions = {},
  ) {}

  /** The shared informer of a resource (created on first request). */
  informerFor<T extends KubeObject>(ri: ResourceInfo, o: InformerOptions<T> = {}): SharedIndexInformer<T> {
    const ns = ri.namespaced ? (o.namespace ?? this.opts.namespace ?? "") : "";
    const key = `${groupVersion(ri)}/${ri.plural}|${ns}|${o.labelSelector ?? ""}|${o.fieldSelector ?? ""}`;
    let inf = this.informers.get(key) as SharedIndexInformer<T> | undefined;
    if (!inf) {
      const rc = this.client.resource<T>(ri, ns || undefined);
      const selectors: { labelSelector?: string; fieldSelector?: string } = {};
      if (o.labelSelector) selectors.labelSelector = o.labelSelector;
      if (o.fieldSelector) selectors.fieldSelector = o.fieldSelector;
      const infOpts: ConstructorParameters<typeof SharedIndexInformer<T>>[1] = {
        name: `${ri.plural}${ri.group ? "." + ri.group : ""}${ns ? `@${ns}` : ""}`,
        resyncPeriodMs: this.opts.defaultResyncMs ?? 0,
      };
      if (this.opts.transform) infOpts.transform = this.opts.transform as unknown as TransformFunc<T>;
      if (this.opts.reflector) infOpts.reflector = this.opts.reflector;
      inf = new SharedIndexInformer<T>(listWatchFromClient(rc, selectors), infOpts);
      this.informers.set(key, inf as unknown as SharedIndexInformer<KubeObject>);
    }
    if (o.indexers) {
      const existing = inf.getIndexer().getIndexers();
      const fresh = Object.fromEntries(Object.entries(o.indexers).filter(([name]) => !(name in existing)));
      if (Object.keys(fresh).length) inf.addIndexers(fresh);
    }
    return inf;
  }

  private typed<T extends KubeObject>(group: string, version: string, plural: string, o?: InformerOptions<T>): SharedIndexInformer<T> {
    const ri = resourceFor(group, version, plural);
    if (!ri) throw new Error(`resource ${group}/${version}/${plural} is not in the catalog`);
    return this.informerFor<T>(ri, o);
  }

  pods = (o?: InformerOptions<Pod>) => this.typed<Pod>("", "v1", "pods", o);
  nodes = (o?: InformerOptions<Node>) => this.typed<Node>("", "v1", "nodes", o);
  namespaces = (o?: InformerOptions<Namespace>) => this.typed<Namespace>("", "v1", "namespaces", o);
  services = (o?: InformerOptions<Service>) => this.typed<Service>("", "v1", "services", o);
  endpoints = (o?: InformerOptions<Endpoints>) => this.typed<Endpoints>("", "v1", "endpoints", o);
  configMaps = (o?: InformerOptions<ConfigMap>) => this.typed<ConfigMap>("", "v1", "configmaps", o);
  secrets = (o?: InformerOptions<Secret>) => this.typed<Secret>("", "v1", "secrets", o);
  serviceAccounts = (o?: InformerOptions<ServiceAccount>) => this.typed<ServiceAccount>("", "v1", "serviceaccounts", o);
  events = (o?: InformerOptions<Event>) => this.typed<Event>("", "v1", "events", o);
  resourceQuotas = (o?: InformerOptions<ResourceQuota>) => this.typed<ResourceQuota>("", "v1", "resourcequotas", o);
  persistentVolumes = (o?: InformerOptions<PersistentVolume>) => this.typed<PersistentVolume>("", "v1", "persistentvolumes", o);
  persistentVolumeClaims = (o?: InformerOptions<PersistentVolumeClaim>) => this.typed<PersistentVolumeClaim>("", "v1", "persistentvolumeclaims", o);
  deployments = (o?: InformerOptions<Deployment>) => this.typed<Deployment>("apps", "v1", "deployments", o);
  replicaSets = (o?: InformerOptions<ReplicaSet>) => this.typed<ReplicaSet>("apps", "v1", "replicasets", o);
  statefulSets = (o?: InformerOptions<StatefulSet>) => this.typed<StatefulSet>("apps", "v1", "statefulsets", o);
  daemonSets = (o?: InformerOptions<DaemonSet>) => this.typed<DaemonSet>("apps", "v1", "daemonsets", o);
  controllerRevisions = (o?: InformerOptions<ControllerRevision>) => this.typed<ControllerRevision>("apps", "v1", "controllerrevisions", o);
  jobs = (o?: InformerOptions<Job>) => this.typed<Job>("batch", "v1", "jobs", o);
  cronJobs = (o?: InformerOptions<CronJob>) => this.typed<CronJob>("batch", "v1", "cronjobs", o);
  leases = (o?: InformerOptions<Lease>) => this.typed<Lease>("coordination.k8s.io", "v1", "leases", o);
  endpointSlices = (o?: InformerOptions<EndpointSlice>) => this.typed<EndpointSlice>("discovery.k8s.io", "v1", "endpointslices", o);
  podDisruptionBudgets = (o?: InformerOptions<PodDisruptionBudget>) => this.typed<PodDisruptionBudget>("policy", "v1", "poddisruptionbudgets", o);

  /** Starts every informer not started yet; they run until the signal aborts (or stopInformers). */
  start(signal: AbortSignal): void {
    for (const [key, inf] of this.informers) {
      if (this.running.has(key)) continue;
      const own = new AbortController();
      if (signal.aborted) own.abort();
      else signal.addEventListener("abort", () => own.abort(), { once: true });
      this.stoppers.set(key, own);
      this.running.set(key, inf.run(own.signal));
    }
  }

  /**
   * Stops and forgets the informers of a resource (every namespace and selector): a custom
   * resource that is no longer served would otherwise be listed again and again. A later
   * informerFor makes a new one.
   */
  stopInformers(ri: ResourceInfo): void {
    const prefix = `${groupVersion(ri)}/${ri.plural}|`;
    for (const key of [...this.informers.keys()]) {
      if (!key.startsWith(prefix)) continue;
      this.stoppers.get(key)?.abort();
      this.stoppers.delete(key);
      this.informers.delete(key);
      this.running.delete(key);
    }
  }

  /** Waits until every started informer has synced; the map says which did. */
  async waitForCacheSync(signal?: AbortSignal): Promise<Map<string, boolean>> {
    const started = [...this.informers].filter(([key]) => this.running.has(key));
    await waitForCacheSync(signal, ...started.map(([, inf]) => () => inf.hasSynced()));
    return new Map(started.map(([key, inf]) => [key, inf.hasSynced()]));
  }

  /** Resolves once every started informer has stopped (abort the start() signal first). */
  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
