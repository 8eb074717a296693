/** Status conditions the apiserver's own controllers write (CRDs, APIServices). */
import { timestamp } from "./scope.ts";

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** Sets (or replaces) a condition, keeping its transition time when the status stays. */
export function setCondition(status: Record<string, unknown>, c: Condition, now: Date): void {
  const list = ((status["conditions"] as Condition[] | undefined) ?? []).slice();
  const i = list.findIndex((x) => x.type === c.type);
  const prev = i >= 0 ? list[i] : undefined;
  const next: Condition = { ...c, lastTransitionTime: prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : timestamp(now) };
  if (i >= 0) list[i] = next;
  else list.push(next);
  status["conditions"] = list;
}
