/** Waiting for informer caches (cache.WaitForCacheSync). */
import { sleepUnlessAborted } from "../internal/clock.ts";

export type InformerSynced = () => boolean;

/**
 * Resolves true once every hasSynced function returns true (polled every 20 ms), or
 * false if the signal aborts first.
 */
export async function waitForCacheSync(signal: AbortSignal | undefined, ...synced: InformerSynced[]): Promise<boolean> {
  for (;;) {
    if (synced.every((f) => f())) return true;
    if (signal?.aborted) return false;
    if (!(await sleepUnlessAborted(20, signal))) return synced.every((f) => f());
  }
}
