/**
 * The garbage collector (upstream garbagecollector): monitors every deletable resource,
 * keeps the ownerReferences graph, and
 * - deletes objects whose owners are all gone (background propagation),
 * - for an owner deleted in the foreground (foregroundDeletion finalizer) deletes its
 *   dependents and removes the finalizer once no blocking dependent is left,
 * - for an owner deleted with orphan propagation (orphan finalizer) removes its
 *   reference from every dependent, then the finalizer.
 */
import type { KubeObject } from "../../api/meta/types.ts";
import { groupVersion, RESOURCES, type ResourceInfo } from "../../api/resources.ts";
import { type SharedIndexInformer, unwrapTombstone, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import { LRU } from "../../util/lru.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { ControllerMetrics, MetricsRegistry } from "../helper/metrics.ts";
import { controllerQueue } from "../helper/queue.ts";
import { errorMessage, runWorkers } from "../helper/worker.ts";
import { clientFor, getObject, removeFinalizer, removeOwnerReferences, resourceInfo, setOwnerReferences, UnknownKindError } from "./api.ts";
import { type Classified, decide, unblockedReferences } from "./decide.ts";
import { Graph, type GraphNode } from "./graph.ts";
import { deletingDependents, FOREGROUND_FINALIZER, type Identity, identityKey, ORPHAN_FINALIZER } from "./identity.ts";

const log = logger("garbage-collector");

/** Resources the collector never tracks (upstream ignoredResources). */
const IGNORED = new Set(["v1/events", "events.k8s.io/v1/events"]);

/** Every resource that can be listed, watched and deleted, except events. */
export function monitoredResources(): ResourceInfo[] {
  return RESOURCES.filter((ri) => ["list", "watch", "delete"].every((v) => ri.verbs.includes(v as never)) && !IGNORED.has(`${groupVersion(ri)}/${ri.plural}`));
}

class NotObservedYet extends Error {}

const ABSENT_CACHE_SIZE = 500;

export class GarbageCollector implements Controller {
  readonly name = "garbagecollector";
  readonly graph: Graph;
  readonly attemptToDelete: RateLimitingQueue<string>;
  readonly attemptToOrphan: RateLimitingQueue<string>;
  /** Owners known to be absent (upstream's absentOwnerCache, an LRU of 500). */
  private readonly absent = new LRU<string, true>(ABSENT_CACHE_SIZE);
  private readonly monitors: SharedIndexInformer<KubeObject>[] = [];
  private readonly metrics: ControllerMetrics;

  constructor(
    private readonly ctx: ControllerContext,
    resources: readonly ResourceInfo[] = monitoredResources(),
  ) {
    this.attemptToDelete = controllerQueue(ctx, "garbage_collector_attempt_to_delete");
    this.attemptToOrphan = controllerQueue(ctx, "garbage_collector_attempt_to_orphan");
    this.metrics = new ControllerMetrics(ctx.registry ?? new MetricsRegistry());
    this.graph = new Graph({
      attemptToDelete: (uid) => this.attemptToDelete.add(uid),
      attemptToOrphan: (uid) => this.attemptToOrphan.add(uid),
      absent: (id) => this.markAbsent(id),
    });
    for (const ri of resources) {
      const inf = ctx.informers.informerFor<KubeObject>(ri);
      const idOf = (obj: KubeObject): Identity => ({
        apiVersion: groupVersion(ri),
        kind: ri.kind,
        namespace: obj.metadata.namespace ?? "",
        name: obj.metadata.name ?? "",
        uid: obj.metadata.uid ?? "",
      });
      inf.addEventHandler({
        onAdd: (obj) => this.graph.process({ type: "add", identity: idOf(obj), meta: obj.metadata }),
        onUpdate: (old, cur) => this.graph.process({ type: "update", identity: idOf(cur), meta: cur.metadata, oldMeta: old.metadata }),
        onDelete: (obj) => this.graph.process({ type: "delete", identity: idOf(unwrapTombstone(obj)) }),
      });
      this.monitors.push(inf);
    }
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, ...this.monitors.map((m) => () => m.hasSynced())))) return;
    log.info("all resource monitors have synced", { monitors: this.monitors.length, workers });
    const m = { metrics: this.metrics, controller: this.name };
    await Promise.all([
      runWorkers(workers, signal, { queue: this.attemptToDelete, sync: (uid) => this.processAttemptToDelete(uid), log, metrics: m }),
      runWorkers(workers, signal, { queue: this.attemptToOrphan, sync: (uid) => this.processAttemptToOrphan(uid), log, metrics: m }),
    ]);
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
    const latest = await getObject(this.ctx.client, node.identity);
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
      return removeOwnerReferences(this.ctx.client, node.identity, decision.uids);
    }
    if (decision.unblockFirst) await setOwnerReferences(this.ctx.client, node.identity, unblockedReferences);
    log.debug("deleting item", { item: identityKey(node.identity), propagationPolicy: decision.policy });
    try {
      await clientFor(this.ctx.client, node.identity).delete(node.identity.name, {
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
    const ri = resourceInfo(ref.apiVersion, ref.kind);
    const id: Identity = { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ri.namespaced ? node.identity.namespace : "", name: ref.name, uid: ref.uid };
    if (this.absent.get(identityKey(id))) return "dangling";
    if (ri.namespaced && node.identity.namespace === "") {
      log.warn("cluster-scoped object refers to a namespaced owner", { item: identityKey(node.identity), owner: identityKey(id) });
      return undefined;
    }
    const owner = await getObject(this.ctx.client, id);
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
      return removeFinalizer(this.ctx.client, node.identity, FOREGROUND_FINALIZER);
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
          await removeOwnerReferences(this.ctx.client, dep.identity, [uid]);
        } catch (err) {
          errors.push(`orphaning ${identityKey(dep.identity)}: ${errorMessage(err)}`);
        }
      }),
    );
    if (errors.length > 0) throw new Error(`failed to orphan dependents of ${identityKey(node.identity)}: ${errors.join("; ")}`);
    await removeFinalizer(this.ctx.client, node.identity, ORPHAN_FINALIZER);
  }
}
