/**
 * The garbage collector (upstream garbagecollector): monitors every deletable resource,
 * keeps the ownerReferences graph, and
 * - deletes objects whose owners are all gone (background propagation),
 * - for an owner deleted in the foreground (foregroundDeletion finalizer) deletes its
 *   dependents and removes the finalizer once no blocking dependent is left,
 * - for an owner deleted with orphan propagation (orphan finalizer) removes its
 *   reference from every dependent, then the finalizer.
 * Besides the built-in catalog it follows custom resources (upstream GarbageCollector.Sync):
 * at start and then periodically it rediscovers them, resets its REST mapper, starts a
 * monitor for each new deletable resource and stops those of resources that went away.
 */
import type { KubeObject } from "../../api/meta/types.ts";
import { groupVersion, type ResourceInfo } from "../../api/resources.ts";
import { type HandlerRegistration, type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { LRU } from "../../util/lru.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { controllerQueue } from "../helper/queue.ts";
import { errorMessage, runWorkers } from "../helper/worker.ts";
import { type ApiAccess, clientFor, getObject, removeFinalizer, removeOwnerReferences, setOwnerReferences, UnknownKindError } from "./api.ts";
import { type Classified, decide, unblockedReferences } from "./decide.ts";
import { Graph, type GraphNode } from "./graph.ts";
import { deletingDependents, FOREGROUND_FINALIZER, type Identity, identityKey, ORPHAN_FINALIZER } from "./identity.ts";
import { deletableResources, monitoredResources, resourceKey, RestMapper } from "./restmapper.ts";

export { monitoredResources };

const log = logger("garbage-collector");

class NotObservedYet extends Error {}

const ABSENT_CACHE_SIZE = 500;

/** Upstream's default resync of the collector with discovery (--garbage-collector sync period). */
export const DEFAULT_DISCOVERY_INTERVAL_MS = 30_000;

export interface GarbageCollectorOptions {
  /**
   * How often custom resources are rediscovered (default 30 s); 0 or less: never, the
   * collector then monitors the given resources only.
   */
  discoveryIntervalMs?: number;
}

/** One monitored resource: its (shared) informer and the collector's handler on it. */
interface Monitor {
  ri: ResourceInfo;
  informer: SharedIndexInformer<KubeObject>;
  registration: HandlerRegistration;
}

export class GarbageCollector implements Controller {
  readonly name = "garbagecollector";
  readonly graph: Graph;
  readonly attemptToDelete: RateLimitingQueue<string>;
  readonly attemptToOrphan: RateLimitingQueue<string>;
  /** Owners known to be absent (upstream's absentOwnerCache, an LRU of 500). */
  private readonly absent = new LRU<string, true>(ABSENT_CACHE_SIZE);
  /** Monitors of the resources given at construction (the built-in catalog by default). */
  private readonly monitors = new Map<string, Monitor>();
  /** Monitors of discovered custom resources, by group/version/resource. */
  private readonly customMonitors = new Map<string, Monitor>();
  private readonly metrics: ControllerMetrics;
  /** Kinds to resources: the catalog plus the last discovery's custom resources. */
  readonly mapper = new RestMapper();
  private readonly api: ApiAccess;
  private readonly discoveryIntervalMs: number;

  constructor(
    private readonly ctx: ControllerContext,
    resources: readonly ResourceInfo[] = monitoredResources(),
    opts: GarbageCollectorOptions = {},
  ) {
    this.api = { client: ctx.client, mapper: this.mapper };
    this.discoveryIntervalMs = opts.discoveryIntervalMs ?? DEFAULT_DISCOVERY_INTERVAL_MS;
    this.attemptToDelete = controllerQueue(ctx, "garbage_collector_attempt_to_delete");
    this.attemptToOrphan = controllerQueue(ctx, "garbage_collector_attempt_to_orphan");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.graph = new Graph({
      attemptToDelete: (uid) => this.attemptToDelete.add(uid),
      attemptToOrphan: (uid) => this.attemptToOrphan.add(uid),
      absent: (id) => this.markAbsent(id),
    });
    for (const ri of resources) this.monitors.set(resourceKey(ri), this.monitor(ri));
  }

  /** The resources monitored now (group/version/resource), custom ones included. */
  monitoredResources(): string[] {
    return [...this.monitors.keys(), ...this.customMonitors.keys()];
  }

  /** Registers the graph's handler on the resource's shared informer (upstream controllerFor). */
  private monitor(ri: ResourceInfo): Monitor {
    const informer = this.ctx.informers.informerFor<KubeObject>(ri);
    const idOf = (obj: KubeObject): Identity => ({
      apiVersion: groupVersion(ri),
      kind: ri.kind,
      namespace: obj.metadata.namespace ?? "",
      name: obj.metadata.name ?? "",
      uid: obj.metadata.uid ?? "",
    });
    const registration = informer.addEventHandler({
      onAdd: (obj) => this.graph.process({ type: "add", identity: idOf(obj), meta: obj.metadata }),
      onUpdate: (old, cur) => this.graph.process({ type: "update", identity: idOf(cur), meta: cur.metadata, oldMeta: old.metadata }),
      onDelete: (obj) => this.graph.process({ type: "delete", identity: idOf(unwrapTombstone(obj)) }),
    });
    return { ri, informer, registration };
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const discover = this.discoveryIntervalMs > 0;
    // The first discovery comes before the workers (so custom kinds resolve); later ones
    // run beside everything else, every discoveryIntervalMs.
    if (discover) await this.syncCustomResources(signal);
    const discovering = discover ? this.discoveryLoop(signal) : Promise.resolve();
    // Workers wait for the given resources' monitors; custom ones join as they sync
    // (their objects are looked up at the API server until then, as virtual nodes).
    if (!(await waitForCacheSync(signal, ...[...this.monitors.values()].map((m) => () => m.informer.hasSynced())))) {
      await discovering;
      return;
    }
    log.info("all resource monitors have synced", { monitors: this.monitors.size, custom: this.customMonitors.size, workers });
    const m = { metrics: this.metrics, controller: this.name };
    await Promise.all([
      runWorkers(workers, signal, { queue: this.attemptToDelete, sync: (uid) => this.processAttemptToDelete(uid), log, metrics: m }),
      runWorkers(workers, signal, { queue: this.attemptToOrphan, sync: (uid) => this.processAttemptToOrphan(uid), log, metrics: m }),
      discovering,
    ]);
  }

  private async discoveryLoop(signal: AbortSignal): Promise<void> {
    while (await sleepUnlessAborted(this.discoveryIntervalMs, signal)) await this.syncCustomResources(signal);
  }

  /**
   * One discovery round (upstream GarbageCollector.Sync): reads the custom resources the
   * server serves, resets the mapper to them, and starts a monitor for every new deletable
   * one (one version per group/resource, the preferred) and stops those of resources no
   * longer served. A failed discovery changes nothing. A stopped monitor's objects stay
   * in the graph, as upstream's do (the server deletes a CRD's objects before the CRD
   * goes, so they normally left it through delete events already).
   */
  async syncCustomResources(signal: AbortSignal): Promise<void> {
    let found: ResourceInfo[];
    try {
      found = await this.ctx.client.customResources(signal);
    } catch (err) {
      if (!signal.aborted) log.warn("custom resource discovery failed, keeping the current monitors", { err: errorMessage(err) });
      return;
    }
    if (signal.aborted) return;
    if (this.mapper.reset(found)) log.debug("reset REST mapper", { custom: found.length });
    const wanted = new Map(deletableResources(found).map((ri) => [resourceKey(ri), ri]));
    const removed: string[] = [];
    for (const [key, mon] of this.customMonitors) {
      if (wanted.has(key)) continue;
      mon.registration.remove();
      // the resource is gone: its informer would only fail to list it from now on
      this.ctx.informers.stopInformers(mon.ri);
      this.customMonitors.delete(key);
      removed.push(key);
    }
    const added: string[] = [];
    for (const [key, ri] of wanted) {
      if (this.customMonitors.has(key) || this.monitors.has(key)) continue;
      try {
        this.customMonitors.set(key, this.monitor(ri));
        added.push(key);
      } catch (err) {
        log.warn("could not start resource monitor", { resource: key, err: errorMessage(err) });
      }
    }
    // Informers requested after the factory started are started by its next start() (upstream startMonitors).
    if (added.length > 0) this.ctx.informers.start(signal);
    if (added.length > 0 || removed.length > 0) log.info("synced resource monitors", { added, removed, custom: this.customMonitors.size });
  }

  private markAbsent(id: Identity): void {
    this.absent.set(identityKey(id), true);
  }

  private async processAttemptToDelete(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node) return;
    try {
      await this.attemptToDeleteItem(node);
    } catch (err) {
      if (err instanceof UnknownKindError) {
        log.warn("cannot resolve owner or object kind", { item: identityKey(node.identity), err: err.message });
      }
      throw err;
    }
    // A virtual node the informers have not reported yet is checked again later.
    if (this.graph.get(uid)?.virtual) throw new NotObservedYet(`item ${identityKey(node.identity)} has not been observed yet`);
  }

  private async attemptToDeleteItem(node: GraphNode): Promise<void> {
    if (node.beingDeleted && !node.deletingDependents) return;
    const latest = await getObject(this.api, node.identity);
    if (!latest || latest.metadata.uid !== node.identity.uid) {
      this.graph.process({ type: "virtualDelete", identity: node.identity });
      return;
    }
    if (node.deletingDependents) return this.processDeletingDependents(node);
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const classified: Classified[] = [];
    for (const ref of refs) {
      const state = await this.ownerState(ref, node);
      if (state === undefined) return;
      classified.push({ ref, state });
    }
    const deps = [...node.dependents];
    const decision = decide(latest.metadata, classified, deps.length > 0, deps.some((d) => d.deletingDependents));
    if (decision.action === "keep") return;
    if (decision.action === "removeReferences") {
      log.debug("removing dangling and waiting owner references", { item: identityKey(node.identity), owners: decision.uids });
      return removeOwnerReferences(this.api, node.identity, decision.uids);
    }
    if (decision.unblockFirst) await setOwnerReferences(this.api, node.identity, unblockedReferences);
    log.debug("deleting item", { item: identityKey(node.identity), propagationPolicy: decision.policy });
    try {
      await clientFor(this.api, node.identity).delete(node.identity.name, {
        propagationPolicy: decision.policy,
        preconditions: { uid: node.identity.uid, ...(latest.metadata.resourceVersion ? { resourceVersion: latest.metadata.resourceVersion } : {}) },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }

  /**
   * The state of one owner: dangling (gone or replaced), waiting (foreground deletion
   * in progress) or solid; undefined when the reference can never be resolved.
   */
  private async ownerState(ref: { apiVersion: string; kind: string; name: string; uid: string }, node: GraphNode): Promise<"solid" | "dangling" | "waiting" | undefined> {
    const coords = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid };
    // As upstream isDangling: the absent-owner cache is asked (cluster-scoped, then in the
    // item's namespace) before the kind is resolved, so an owner whose kind discovery no
    // longer reports is still known to be gone once its deletion was observed.
    if (this.absent.get(identityKey({ ...coords, namespace: "" })) || this.absent.get(identityKey({ ...coords, namespace: node.identity.namespace }))) return "dangling";
    const ri = this.mapper.resourceInfo(ref.apiVersion, ref.kind);
    const id: Identity = { ...coords, namespace: ri.namespaced ? node.identity.namespace : "" };
    if (ri.namespaced && node.identity.namespace === "") {
      log.warn("cluster-scoped object refers to a namespaced owner", { item: identityKey(node.identity), owner: identityKey(id) });
      return undefined;
    }
    const owner = await getObject(this.api, id);
    if (!owner || owner.metadata.uid !== ref.uid) {
      this.markAbsent(id);
      return "dangling";
    }
    return deletingDependents(owner.metadata) ? "waiting" : "solid";
  }

  private async processDeletingDependents(node: GraphNode): Promise<void> {
    const blocking = node.blockingDependents();
    if (blocking.length === 0) {
      log.debug("removing foregroundDeletion finalizer", { item: identityKey(node.identity) });
      return removeFinalizer(this.api, node.identity, FOREGROUND_FINALIZER);
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.add(dep.identity.uid);
  }

  private async processAttemptToOrphan(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node) return;
    const errors: string[] = [];
    await Promise.all(
      [...node.dependents].map(async (dep) => {
        try {
          await removeOwnerReferences(this.api, dep.identity, [uid]);
        } catch (err) {
          errors.push(`orphaning ${identityKey(dep.identity)}: ${errorMessage(err)}`);
        }
      }),
    );
    if (errors.length > 0) throw new Error(`failed to orphan dependents of ${identityKey(node.identity)}: ${errors.join("; ")}`);
    await removeFinalizer(this.api, node.identity, ORPHAN_FINALIZER);
  }
}

/** Resolves true after ms, or false as soon as the signal aborts. */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
