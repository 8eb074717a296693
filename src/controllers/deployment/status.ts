/**
 * Deployment status and its conditions (upstream calculateStatus, syncRolloutStatus,
 * DeploymentComplete/Progressing/TimedOut, requeueStuckDeployment), as pure functions of
 * the Deployment, its ReplicaSets and the time.
 */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from "../../api/types/index.ts";
import { getCondition, removeCondition, rfc3339, setCondition } from "../helper/conditions.ts";
import { statusEqual } from "../helper/status-equal.ts";
import { Cond, Reason } from "./constants.ts";
import { sumAvailableReplicas, sumReadyReplicas, sumSpecReplicas, sumStatusReplicas } from "./replicasets.ts";
import { effective, hasProgressDeadline, maxUnavailable } from "./spec.ts";

export function newCondition(type: string, status: "True" | "False" | "Unknown", reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

function withConditions(status: DeploymentStatus, conditions: DeploymentCondition[]): DeploymentStatus {
  const { conditions: _old, ...rest } = status;
  return conditions.length > 0 ? { ...rest, conditions } : rest;
}

export function setDeploymentCondition(status: DeploymentStatus, cond: DeploymentCondition): DeploymentStatus {
  return withConditions(status, setCondition(status.conditions, cond));
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): DeploymentStatus {
  return withConditions(status, removeCondition(status.conditions, type));
}

/** Counts from the ReplicaSets and the Available condition (upstream calculateStatus). */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const available = sumAvailableReplicas(allRSs);
  const total = sumSpecReplicas(allRSs);
  const unavailable = Math.max(0, total - available);
  let status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sumStatusReplicas(allRSs),
    updatedReplicas: sumStatusReplicas([newRS]),
    readyReplicas: sumReadyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
  };
  if (d.status?.collisionCount !== undefined) status = { ...status, collisionCount: d.status.collisionCount };
  if (d.status?.conditions?.length) status = { ...status, conditions: [...d.status.conditions] };
  const replicas = effective(d).replicas;
  const cond =
    available >= replicas - maxUnavailable(d)
      ? newCondition(Cond.Available, "True", Reason.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
      : newCondition(Cond.Available, "False", Reason.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now);
  return setDeploymentCondition(status, cond);
}

/** Every replica updated and available, and the latest generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const want = effective(d).replicas;
  return (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** The new status shows progress over the Deployment's current one. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** No progress reported for longer than progressDeadlineSeconds. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  const deadline = effective(d).progressDeadlineSeconds;
  if (deadline === undefined) return false;
  const c = getCondition(s.conditions, Cond.Progressing);
  if (!c) return false;
  if (c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  const from = c.lastUpdateTime ? Date.parse(c.lastUpdateTime) : 0;
  return from + deadline * 1000 < now;
}

/** The first ReplicaFailure condition of the new, then the old ReplicaSets, as a Deployment condition. */
export function replicaFailure(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const ordered = newRS ? [newRS, ...allRSs.filter((r) => r !== newRS)] : allRSs;
  for (const rs of ordered) {
    const c = rs?.status?.conditions?.find((x) => x.type === Cond.ReplicaFailure && x.status === "True");
    if (c) {
      const cond: DeploymentCondition = { type: Cond.ReplicaFailure, status: c.status };
      const extra: Partial<DeploymentCondition> = {};
      if (c.reason !== undefined) extra.reason = c.reason;
      if (c.message !== undefined) extra.message = c.message;
      if (c.lastTransitionTime !== undefined) {
        extra.lastTransitionTime = c.lastTransitionTime;
        extra.lastUpdateTime = c.lastTransitionTime;
      }
      return { ...cond, ...extra };
    }
  }
  return undefined;
}

/** When to look at the Deployment again for a progress check: ms, "now" (rate limited) or undefined. */
export type Requeue = number | "now" | undefined;

export function stuckRequeue(d: Deployment, s: DeploymentStatus, now: number): Requeue {
  const deadline = effective(d).progressDeadlineSeconds;
  const c = getCondition(d.status?.conditions, Cond.Progressing);
  if (deadline === undefined || !c) return undefined;
  if (deploymentComplete(d, s) || c.reason === Reason.TimedOut) return undefined;
  const last = c.lastUpdateTime ? Date.parse(c.lastUpdateTime) : 0;
  const after = last + deadline * 1000 - now;
  if (after < 1000) return "now";
  return after + 1000;
}

/**
 * The status a rollout sync writes (upstream syncRolloutStatus): counts, Available,
 * Progressing (complete, progressing, or timed out), ReplicaFailure. changed is false when
 * it equals the current status; requeue then says when to check progress again.
 */
export function rolloutStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: number): { status: DeploymentStatus; changed: boolean; requeue: Requeue } {
  let s = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) s = removeDeploymentCondition(s, Cond.Progressing);
  const current = getCondition(d.status?.conditions, Cond.Progressing);
  const isComplete = s.replicas === s.updatedReplicas && current?.reason === Reason.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const name = d.metadata.name ?? "";
    if (deploymentComplete(d, s)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${name}" has successfully progressed.`;
      s = setDeploymentCondition(s, newCondition(Cond.Progressing, "True", Reason.NewRSAvailable, msg, now));
    } else if (deploymentProgressing(d, s)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${name}" is progressing.`;
      let cond = newCondition(Cond.Progressing, "True", Reason.ReplicaSetUpdated, msg, now);
      if (current) {
        if (current.status === "True" && current.lastTransitionTime !== undefined) cond = { ...cond, lastTransitionTime: current.lastTransitionTime };
        s = removeDeploymentCondition(s, Cond.Progressing);
      }
      s = setDeploymentCondition(s, cond);
    } else if (deploymentTimedOut(d, s, now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${name}" has timed out progressing.`;
      s = setDeploymentCondition(s, newCondition(Cond.Progressing, "False", Reason.TimedOut, msg, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  s = failure ? setDeploymentCondition(s, failure) : removeDeploymentCondition(s, Cond.ReplicaFailure);
  if (statusEqual(d.status, s)) return { status: s, changed: false, requeue: stuckRequeue(d, s, now) };
  return { status: s, changed: true, requeue: undefined };
}

/** The status a plain sync (scale, pause, deletion) writes (syncDeploymentStatus). */
export function plainStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: number): { status: DeploymentStatus; changed: boolean } {
  const s = calculateStatus(allRSs, newRS, d, now);
  return { status: s, changed: !statusEqual(d.status, s) };
}

/**
 * The Progressing condition change for pause/resume (upstream checkPausedConditions);
 * undefined when nothing changes.
 */
export function pausedConditionUpdate(d: Deployment, now: number): DeploymentStatus | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const c = getCondition(d.status?.conditions, Cond.Progressing);
  const pausedExists = c?.reason === Reason.Paused;
  const paused = effective(d).paused;
  const base = d.status ?? {};
  if (paused && !pausedExists) return setDeploymentCondition(base, newCondition(Cond.Progressing, "Unknown", Reason.Paused, "Deployment is paused", now));
  if (!paused && pausedExists) return setDeploymentCondition(base, newCondition(Cond.Progressing, "Unknown", Reason.Resumed, "Deployment is resumed", now));
  return undefined;
}
