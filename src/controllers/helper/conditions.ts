/**
 * Status condition helpers shared by the workload controllers (upstream deployment util
 * and replicaset SetCondition semantics): a condition is replaced by type, keeps its
 * lastTransitionTime while its status does not change, and is left alone entirely when
 * status and reason are unchanged.
 */

export interface StatusCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

export function getCondition<C extends StatusCondition>(conditions: readonly C[] | undefined, type: string): C | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Returns conditions with cond set (a new array; the input is not modified). When an
 * existing condition has the same status and reason the input is returned unchanged.
 */
export function setCondition<C extends StatusCondition>(conditions: readonly C[] | undefined, cond: C): C[] {
  const list = conditions ?? [];
  const current = list.find((c) => c.type === cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return [...list];
  const next = { ...cond };
  if (current && current.status === cond.status && current.lastTransitionTime !== undefined) next.lastTransitionTime = current.lastTransitionTime;
  return [...list.filter((c) => c.type !== cond.type), next];
}

export function removeCondition<C extends StatusCondition>(conditions: readonly C[] | undefined, type: string): C[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** RFC 3339 at second precision, as metav1.Time serializes. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
