/**
 * SchedulerSource: everything the scheduler needs from the cluster, declared here where
 * it is consumed. The client adapter (client-adapter.ts) implements it on the client
 * library; tests and benchmarks implement it in memory (test fakes, bench/).
 *
 * Event feeds follow informer semantics: on subscribe the current objects are delivered
 * as adds (in any order), then changes in the order the store made them. Handlers are
 * called synchronously and must not throw.
 */
import type {
  Namespace,
  Node,
  Pod,
  PodCondition,
  PodDisruptionBudget,
  ReplicaSetLike,
  ReplicationController,
  Service,
} from "./api-types.ts";

export interface EventHandlers<T> {
  add(obj: T): void;
  update(oldObj: T, newObj: T): void;
  delete(obj: T): void;
}

export type Unsubscribe = () => void;

export interface PodRef {
  namespace: string;
  name: string;
  uid?: string;
}

export interface SchedulerEvent {
  /** The object the event is about (a pod). */
  regarding: Pod;
  /** A second object involved, e.g. the preemptor for a "Preempted" event. */
  related?: Pod;
  type: "Normal" | "Warning";
  reason: string;
  action: string;
  note: string;
}

/** A status change for a pod: a condition to set (by type) and/or a nominated node ("" clears). */
export interface PodStatusPatch {
  condition?: PodCondition;
  nominatedNodeName?: string;
}

export interface SchedulerSource {
  watchPods(h: EventHandlers<Pod>): Unsubscribe;
  watchNodes(h: EventHandlers<Node>): Unsubscribe;
  watchNamespaces?(h: EventHandlers<Namespace>): Unsubscribe;
  watchPodDisruptionBudgets?(h: EventHandlers<PodDisruptionBudget>): Unsubscribe;
  watchServices?(h: EventHandlers<Service>): Unsubscribe;
  watchReplicaSets?(h: EventHandlers<ReplicaSetLike>): Unsubscribe;
  watchStatefulSets?(h: EventHandlers<ReplicaSetLike>): Unsubscribe;
  watchReplicationControllers?(h: EventHandlers<ReplicationController>): Unsubscribe;
  /** Resolves once every feed has delivered its initial list. */
  waitForSync?(): Promise<void>;

  /** POST pods/{name}/binding. Rejects on failure (conflict, pod gone...). */
  bind(pod: PodRef, nodeName: string): Promise<void>;
  /** PATCH pods/{name}/status with a condition and/or status.nominatedNodeName. */
  patchPodStatus(pod: PodRef, patch: PodStatusPatch): Promise<void>;
  /** DELETE a pod (preemption victim). A pod that is already gone is not an error. */
  deletePod(pod: PodRef): Promise<void>;
  /** Records an events.k8s.io Event; fire and forget. */
  recordEvent(ev: SchedulerEvent): void;
}

export function podRef(pod: Pod): PodRef {
  const ref: PodRef = { namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "" };
  if (pod.metadata.uid) ref.uid = pod.metadata.uid;
  return ref;
}
