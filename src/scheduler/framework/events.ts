/**
 * Cluster events: what changed in the cluster, used to move pods out of the unschedulable
 * pool. Each plugin declares the events that could make a pod it rejected schedulable
 * (EventsToRegister), optionally with a hint function that looks at the objects.
 */
import type { Pod } from "../api-types.ts";

/** Bit flags; an update is classified into the narrowest flags that describe it. */
export const ActionType = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodTolerations: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  /** Any other update of the object. */
  UpdateOther: 1 << 11,
} as const;

const UPDATE_BITS = (1 << 12) - 1 - ActionType.Add - ActionType.Delete;
/** Every kind of update. */
export const UPDATE = UPDATE_BITS;
export const ALL_ACTIONS = (1 << 12) - 1;

/**
 * Pod events are split like upstream: AssignedPod (bound pods) and UnscheduledPod (pods
 * waiting in the queue); "Pod" in a registration matches both. "*" matches any resource.
 */
export type EventResource =
  | "Pod"
  | "AssignedPod"
  | "UnscheduledPod"
  | "Node"
  | "Namespace"
  | "PodDisruptionBudget"
  | "Service"
  | "*";

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** Name for logs and metrics, e.g. "NodeAdd". */
  label?: string;
}

export const QueueingHint = { QueueSkip: 0, Queue: 1 } as const;
export type QueueingHint = (typeof QueueingHint)[keyof typeof QueueingHint];

/** Decides whether `event` (with its old and new object) may make `pod` schedulable. */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: ClusterEvent;
  hint?: QueueingHintFn;
}

export function eventMatches(registered: ClusterEvent, ev: ClusterEvent): boolean {
  if ((registered.actionType & ev.actionType) === 0) return false;
  if (registered.resource === "*" || registered.resource === ev.resource) return true;
  return registered.resource === "Pod" && (ev.resource === "AssignedPod" || ev.resource === "UnscheduledPod");
}

export function eventLabel(ev: ClusterEvent): string {
  if (ev.label) return ev.label;
  const names = Object.entries(ActionType)
    .filter(([, bit]) => (ev.actionType & bit) !== 0)
    .map(([n]) => n);
  return `${ev.resource}${names.join("|")}`;
}

/** Well-known events the scheduler itself emits. */
export const Events = {
  NodeAdd: { resource: "Node", actionType: ActionType.Add, label: "NodeAdd" },
  AssignedPodAdd: { resource: "AssignedPod", actionType: ActionType.Add, label: "AssignedPodAdd" },
  AssignedPodDelete: { resource: "AssignedPod", actionType: ActionType.Delete, label: "AssignedPodDelete" },
  /** Moves every unschedulable pod: used by the leftover flush and forced retries. */
  UnschedulableTimeout: { resource: "*", actionType: ALL_ACTIONS, label: "UnschedulableTimeout" },
  ForceActivate: { resource: "*", actionType: ALL_ACTIONS, label: "ForceActivate" },
} as const satisfies Record<string, ClusterEvent>;
