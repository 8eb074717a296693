/**
 * Exponential backoff before replacing failed pods (upstream backoffRecord): 10 s after
 * the first failure since the last success, doubling per failure, at most 10 minutes,
 * measured from the last failure.
 */
import { DEFAULT_POD_FAILURE_BACKOFF_MS, MAX_POD_FAILURE_BACKOFF_MS } from "./constants.ts";

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: number;
}

/** ms to wait before creating pods again (0: now). */
export function remainingBackoff(r: BackoffRecord | undefined, now: number, base = DEFAULT_POD_FAILURE_BACKOFF_MS, max = MAX_POD_FAILURE_BACKOFF_MS): number {
  if (!r || r.failuresAfterLastSuccess === 0) return 0;
  const exp = r.failuresAfterLastSuccess - 1;
  const backoff = Math.min(max, base * 2 ** Math.min(exp, 30));
  const elapsed = now - r.lastFailureTime;
  return backoff <= elapsed ? 0 : backoff - elapsed;
}

/** The record after newly counted pods: a success resets the count, each failure adds one. */
export function nextBackoff(r: BackoffRecord | undefined, newSucceeded: number, newFailed: number, lastFailure: number): BackoffRecord {
  let failures = r?.failuresAfterLastSuccess ?? 0;
  if (newSucceeded > 0) failures = 0;
  if (newFailed > 0) return { failuresAfterLastSuccess: failures + newFailed, lastFailureTime: Math.max(lastFailure, r?.lastFailureTime ?? 0) };
  return { failuresAfterLastSuccess: failures, lastFailureTime: r?.lastFailureTime ?? 0 };
}
