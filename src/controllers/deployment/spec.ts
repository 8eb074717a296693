/**
 * A Deployment's spec with the API defaults applied (replicas 1, RollingUpdate 25%/25%,
 * revisionHistoryLimit 10, progressDeadlineSeconds 600), and the surge/unavailable
 * fenceposts derived from it (upstream MaxSurge, MaxUnavailable, ResolveFenceposts).
 */
import type { Deployment } from "../../api/types/index.ts";
import { scaledValue, type IntOrString } from "../helper/int-or-percent.ts";

/** Upstream's "no deadline" sentinel for progressDeadlineSeconds. */
export const MAX_INT32 = 2147483647;

export interface Effective {
  replicas: number;
  strategy: "RollingUpdate" | "Recreate";
  maxSurge: IntOrString;
  maxUnavailable: IntOrString;
  minReadySeconds: number;
  revisionHistoryLimit: number;
  /** undefined: no progress deadline. */
  progressDeadlineSeconds: number | undefined;
  paused: boolean;
}

export function effective(d: Deployment): Effective {
  const spec = d.spec;
  const strategy = spec?.strategy?.type ?? "RollingUpdate";
  const pds = spec?.progressDeadlineSeconds ?? 600;
  return {
    replicas: spec?.replicas ?? 1,
    strategy,
    maxSurge: spec?.strategy?.rollingUpdate?.maxSurge ?? "25%",
    maxUnavailable: spec?.strategy?.rollingUpdate?.maxUnavailable ?? "25%",
    minReadySeconds: spec?.minReadySeconds ?? 0,
    revisionHistoryLimit: spec?.revisionHistoryLimit ?? 10,
    progressDeadlineSeconds: pds === MAX_INT32 ? undefined : pds,
    paused: spec?.paused ?? false,
  };
}

/** [surge, unavailable]: percentages of replicas, surge rounded up, unavailable down; never both zero. */
export function resolveFenceposts(maxSurge: IntOrString, maxUnavailable: IntOrString, desired: number): [number, number] {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: Deployment): number {
  const e = effective(d);
  if (e.strategy !== "RollingUpdate") return 0;
  return resolveFenceposts(e.maxSurge, e.maxUnavailable, e.replicas)[0];
}

export function maxUnavailable(d: Deployment): number {
  const e = effective(d);
  if (e.strategy !== "RollingUpdate" || e.replicas === 0) return 0;
  const u = resolveFenceposts(e.maxSurge, e.maxUnavailable, e.replicas)[1];
  return Math.min(u, e.replicas);
}

export function hasProgressDeadline(d: Deployment): boolean {
  return effective(d).progressDeadlineSeconds !== undefined;
}
