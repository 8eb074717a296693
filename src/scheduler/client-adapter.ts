/**
 * The SchedulerSource on the client library: shared informers for the feeds, the pods
 * binding subresource for Bind, strategic-merge patches of pods/status for conditions
 * and nominations, DELETE for preemption victims, and core/v1 Events through an
 * EventRecorder (what `kubectl describe pod` lists).
 */
import type { KubeObject } from "../api/meta/index.ts";
import { resourceFor } from "../api/resources.ts";
import type { Binding } from "../api/types/index.ts";
import { type ResourceEventHandler, type SharedIndexInformer, type SharedInformerFactory, unwrapTombstone } from "../client/cache/index.ts";
import { isNotFound } from "../client/errors.ts";
import type { EventRecorder } from "../client/record/index.ts";
import type { Client } from "../client/rest/clientset.ts";
import type { Namespace, Node, Pod, PodDisruptionBudget, ReplicaSetLike, ReplicationController, Service } from "./api-types.ts";
import type { EventHandlers, PodRef, PodStatusPatch, SchedulerEvent, SchedulerSource, Unsubscribe } from "./source.ts";

/** Adapts our handlers to an informer's (objects are the informer's cached instances: never mutated). */
function subscribe<T>(inf: SharedIndexInformer<KubeObject>, h: EventHandlers<T>): Unsubscribe {
  const handler: ResourceEventHandler<KubeObject> = {
    onAdd: (o) => h.add(o as unknown as T),
    onUpdate: (a, b) => h.update(a as unknown as T, b as unknown as T),
    onDelete: (o) => h.delete(unwrapTombstone(o) as unknown as T),
  };
  const reg = inf.addEventHandler(handler);
  return () => reg.remove();
}

export interface ClientSourceOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  /** Stops the informers this source started. */
  signal: AbortSignal;
}

export class ClientSource implements SchedulerSource {
  private readonly client: Client;
  private readonly informers: SharedInformerFactory;
  private readonly recorder: EventRecorder;
  private readonly signal: AbortSignal;

  constructor(o: ClientSourceOptions) {
    this.client = o.client;
    this.informers = o.informers;
    this.recorder = o.recorder;
    this.signal = o.signal;
  }

  private inf(of: (f: SharedInformerFactory) => SharedIndexInformer<never>): SharedIndexInformer<KubeObject> {
    return of(this.informers) as unknown as SharedIndexInformer<KubeObject>;
  }

  watchPods(h: EventHandlers<Pod>): Unsubscribe {
    return subscribe(this.inf((f) => f.pods() as never), h);
  }
  watchNodes(h: EventHandlers<Node>): Unsubscribe {
    return subscribe(this.inf((f) => f.nodes() as never), h);
  }
  watchNamespaces(h: EventHandlers<Namespace>): Unsubscribe {
    return subscribe(this.inf((f) => f.namespaces() as never), h);
  }
  watchPodDisruptionBudgets(h: EventHandlers<PodDisruptionBudget>): Unsubscribe {
    return subscribe(this.inf((f) => f.podDisruptionBudgets() as never), h);
  }
  watchServices(h: EventHandlers<Service>): Unsubscribe {
    return subscribe(this.inf((f) => f.services() as never), h);
  }
  watchReplicaSets(h: EventHandlers<ReplicaSetLike>): Unsubscribe {
    return subscribe(this.inf((f) => f.replicaSets() as never), h);
  }
  watchStatefulSets(h: EventHandlers<ReplicaSetLike>): Unsubscribe {
    return subscribe(this.inf((f) => f.statefulSets() as never), h);
  }
  watchReplicationControllers(h: EventHandlers<ReplicationController>): Unsubscribe {
    return subscribe(this.inf((f) => f.informerFor(resourceFor("", "v1", "replicationcontrollers")!) as never), h);
  }

  async waitForSync(): Promise<void> {
    this.informers.start(this.signal);
    await this.informers.waitForCacheSync(this.signal);
  }

  async bind(pod: PodRef, nodeName: string): Promise<void> {
    const binding = {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: pod.name, namespace: pod.namespace, ...(pod.uid ? { uid: pod.uid } : {}) },
      target: { apiVersion: "v1", kind: "Node", name: nodeName },
    } as Binding;
    await this.client.pods(pod.namespace).bind(binding);
  }

  async patchPodStatus(pod: PodRef, patch: PodStatusPatch): Promise<void> {
    const status: Record<string, unknown> = {};
    if (patch.condition) status.conditions = [patch.condition];
    if (patch.nominatedNodeName !== undefined) status.nominatedNodeName = patch.nominatedNodeName === "" ? null : patch.nominatedNodeName;
    const body: Record<string, unknown> = { status };
    if (pod.uid) body.metadata = { uid: pod.uid };
    await this.client.pods(pod.namespace).patch(pod.name, body, { type: "strategic", subresource: "status" });
  }

  async deletePod(pod: PodRef): Promise<void> {
    try {
      await this.client.pods(pod.namespace).delete(pod.name, pod.uid ? { preconditions: { uid: pod.uid } } : {});
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  recordEvent(ev: SchedulerEvent): void {
    const obj = { apiVersion: "v1", kind: "Pod", ...ev.regarding } as unknown as KubeObject;
    this.recorder.event(obj, ev.type, ev.reason, ev.note);
  }
}
