/**
 * Classification of object updates into cluster event action types, as upstream's
 * NodeSchedulingPropertiesChange / PodSchedulingPropertiesChange do.
 */
import type { Node, Pod } from "../api-types.ts";
import { ActionType, type ClusterEvent } from "./events.ts";
import { podRequests } from "./resource.ts";

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The action bits of a node update; 0 when nothing the scheduler cares about changed. */
export function nodeUpdateActions(oldNode: Node, newNode: Node): number {
  let a = 0;
  if (!same(oldNode.status?.allocatable, newNode.status?.allocatable)) a |= ActionType.UpdateNodeAllocatable;
  if (!same(oldNode.metadata.labels, newNode.metadata.labels)) a |= ActionType.UpdateNodeLabel;
  if (!same(oldNode.spec?.taints, newNode.spec?.taints) || !!oldNode.spec?.unschedulable !== !!newNode.spec?.unschedulable) {
    a |= ActionType.UpdateNodeTaint;
  }
  const cond = (n: Node) => (n.status?.conditions ?? []).map((c) => [c.type, c.status]);
  if (!same(cond(oldNode), cond(newNode))) a |= ActionType.UpdateNodeCondition;
  if (!same(oldNode.metadata.annotations, newNode.metadata.annotations)) a |= ActionType.UpdateNodeAnnotation;
  return a;
}

function scaledDown(newPod: Pod, oldPod: Pod): boolean {
  const o = podRequests(oldPod);
  const n = podRequests(newPod);
  if (n.milliCPU < o.milliCPU || n.memory < o.memory || n.ephemeralStorage < o.ephemeralStorage) return true;
  if (o.scalar) for (const [k, v] of o.scalar) if (n.getScalar(k) < v) return true;
  return false;
}

/** Events describing a pod update; UpdateOther when no specific property changed. */
export function podUpdateEvents(oldPod: Pod, newPod: Pod): ClusterEvent[] {
  const resource = newPod.spec.nodeName ? "AssignedPod" : "UnscheduledPod";
  const out: ClusterEvent[] = [];
  if (!same(oldPod.metadata.labels, newPod.metadata.labels)) out.push({ resource, actionType: ActionType.UpdatePodLabel });
  if (scaledDown(newPod, oldPod)) out.push({ resource, actionType: ActionType.UpdatePodScaleDown });
  if ((oldPod.spec.schedulingGates?.length ?? 0) > 0 && (newPod.spec.schedulingGates?.length ?? 0) === 0) {
    out.push({ resource, actionType: ActionType.UpdatePodSchedulingGatesEliminated });
  }
  if (!same(oldPod.spec.tolerations, newPod.spec.tolerations)) out.push({ resource, actionType: ActionType.UpdatePodTolerations });
  if (out.length === 0) out.push({ resource, actionType: ActionType.UpdateOther });
  return out;
}
