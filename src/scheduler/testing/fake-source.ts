/**
 * An in-memory SchedulerSource for tests and benchmarks: objects live in maps, feeds
 * deliver adds/updates/deletes like a watch (asynchronously unless `sync`), bind sets
 * spec.nodeName like the binding subresource and can be made to fail.
 */
import type { Namespace, Node, Pod, PodDisruptionBudget, ReplicaSetLike, Service } from "../api-types.ts";
import type { EventHandlers, PodRef, PodStatusPatch, SchedulerEvent, SchedulerSource, Unsubscribe } from "../source.ts";

type Obj = { metadata: { namespace?: string; name?: string; resourceVersion?: string; uid?: string } };

class Feed<T extends Obj> {
  readonly objects = new Map<string, T>();
  private readonly handlers = new Set<EventHandlers<T>>();

  constructor(private readonly deliver: (fn: () => void) => void) {}

  key(o: Obj): string {
    return `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;
  }

  watch(h: EventHandlers<T>): Unsubscribe {
    this.handlers.add(h);
    for (const o of this.objects.values()) h.add(o);
    return () => this.handlers.delete(h);
  }

  upsert(o: T): void {
    const k = this.key(o);
    const old = this.objects.get(k);
    this.objects.set(k, o);
    this.deliver(() => {
      for (const h of this.handlers) old ? h.update(old, o) : h.add(o);
    });
  }

  remove(o: Obj): T | undefined {
    const k = this.key(o);
    const old = this.objects.get(k);
    if (!old) return undefined;
    this.objects.delete(k);
    this.deliver(() => {
      for (const h of this.handlers) h.delete(old);
    });
    return old;
  }
}

export interface FakeSourceOptions {
  /** Deliver events synchronously (default: on a microtask, like a watch would later). */
  sync?: boolean;
}

export class FakeSource implements SchedulerSource {
  private rv = 0;
  private uid = 0;
  readonly pods: Feed<Pod>;
  readonly nodes: Feed<Node>;
  readonly namespaces: Feed<Namespace>;
  readonly pdbs: Feed<PodDisruptionBudget>;
  readonly services: Feed<Service>;
  readonly replicaSets: Feed<ReplicaSetLike>;
  readonly events: SchedulerEvent[] = [];
  readonly bindings: { pod: string; node: string }[] = [];
  readonly deleted: string[] = [];
  /** Return an error to make a bind fail. */
  bindHook: ((ref: PodRef, node: string) => Error | null) | null = null;
  recordEvents = true;

  constructor(opts: FakeSourceOptions = {}) {
    const deliver = opts.sync ? (fn: () => void) => fn() : (fn: () => void) => queueMicrotask(fn);
    this.pods = new Feed(deliver);
    this.nodes = new Feed(deliver);
    this.namespaces = new Feed(deliver);
    this.pdbs = new Feed(deliver);
    this.services = new Feed(deliver);
    this.replicaSets = new Feed(deliver);
  }

  private stamp<T extends Obj>(o: T): T {
    o.metadata.resourceVersion = String(++this.rv);
    o.metadata.uid ??= `uid-${++this.uid}`;
    return o;
  }

  // --- cluster mutations (what a client would do) ---
  createPod(p: Pod): Pod {
    const pod = this.stamp(structuredClone(p));
    pod.metadata.namespace ??= "default";
    pod.metadata.creationTimestamp ??= new Date().toISOString();
    this.pods.upsert(pod);
    return pod;
  }

  updatePod(p: Pod): void {
    this.pods.upsert(this.stamp(structuredClone(p)));
  }

  removePod(ref: { metadata: { namespace?: string; name?: string } }): void {
    this.pods.remove({ metadata: { namespace: ref.metadata.namespace ?? "default", name: ref.metadata.name ?? "" } });
  }

  createNode(n: Node): Node {
    const node = this.stamp(structuredClone(n));
    this.nodes.upsert(node);
    return node;
  }

  updateNode(n: Node): void {
    this.nodes.upsert(this.stamp(structuredClone(n)));
  }

  removeNode(name: string): void {
    this.nodes.remove({ metadata: { name } });
  }

  getPod(namespace: string, name: string): Pod | undefined {
    return this.pods.objects.get(`${namespace}/${name}`);
  }

  // --- SchedulerSource ---
  watchPods(h: EventHandlers<Pod>): Unsubscribe {
    return this.pods.watch(h);
  }
  watchNodes(h: EventHandlers<Node>): Unsubscribe {
    return this.nodes.watch(h);
  }
  watchNamespaces(h: EventHandlers<Namespace>): Unsubscribe {
    return this.namespaces.watch(h);
  }
  watchPodDisruptionBudgets(h: EventHandlers<PodDisruptionBudget>): Unsubscribe {
    return this.pdbs.watch(h);
  }
  watchServices(h: EventHandlers<Service>): Unsubscribe {
    return this.services.watch(h);
  }
  watchReplicaSets(h: EventHandlers<ReplicaSetLike>): Unsubscribe {
    return this.replicaSets.watch(h);
  }

  async bind(ref: PodRef, nodeName: string): Promise<void> {
    const err = this.bindHook?.(ref, nodeName);
    if (err) throw err;
    const pod = this.getPod(ref.namespace, ref.name);
    if (!pod || (ref.uid && pod.metadata.uid !== ref.uid)) throw new Error(`pods "${ref.name}" not found`);
    if (pod.spec.nodeName) throw new Error(`Operation cannot be fulfilled on pods/binding "${ref.name}": pod ${ref.name} is already assigned to node "${pod.spec.nodeName}"`);
    // Objects handed to watchers are never mutated, so a shallow copy of the changed parts suffices.
    const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== "PodScheduled"), { type: "PodScheduled", status: "True" as const }];
    const bound: Pod = { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec, nodeName }, status: { ...pod.status, conditions } };
    this.bindings.push({ pod: `${ref.namespace}/${ref.name}`, node: nodeName });
    this.pods.upsert(this.stamp(bound));
  }

  async patchPodStatus(ref: PodRef, patch: PodStatusPatch): Promise<void> {
    const pod = this.getPod(ref.namespace, ref.name);
    if (!pod) throw new Error(`pods "${ref.name}" not found`);
    const next: Pod = structuredClone(pod);
    next.status ??= {};
    if (patch.condition) {
      const c = patch.condition;
      next.status.conditions = [...(next.status.conditions ?? []).filter((x) => x.type !== c.type), c];
    }
    if (patch.nominatedNodeName !== undefined) {
      if (patch.nominatedNodeName === "") delete next.status.nominatedNodeName;
      else next.status.nominatedNodeName = patch.nominatedNodeName;
    }
    this.pods.upsert(this.stamp(next));
  }

  async deletePod(ref: PodRef): Promise<void> {
    this.deleted.push(`${ref.namespace}/${ref.name}`);
    this.pods.remove({ metadata: { namespace: ref.namespace, name: ref.name } });
  }

  recordEvent(ev: SchedulerEvent): void {
    if (this.recordEvents) this.events.push(ev);
  }
}
