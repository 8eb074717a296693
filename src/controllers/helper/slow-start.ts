/**
 * Slow-start batching (upstream slowStartBatch): run fn count times in batches of
 * 1, 2, 4, ... (starting at initialBatchSize), each batch concurrently, stopping after the
 * first batch with a failure (or before a batch once signal aborts). A call that fails the same way for every pod (quota, an
 * admission webhook) thus costs one request, not hundreds.
 */

export interface BatchResult {
  successes: number;
  /** The first error of the failing batch, if any. */
  error?: unknown;
}

export async function slowStartBatch(count: number, initialBatchSize: number, fn: (index: number) => Promise<void>, signal?: AbortSignal): Promise<BatchResult> {
  let remaining = count;
  let successes = 0;
  let index = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    if (signal?.aborted) return { successes, error: signal.reason ?? new Error("stopped") };
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn(index++)));
    let firstError: unknown;
    let failed = false;
    for (const r of results) {
      if (r.status === "fulfilled") successes++;
      else if (!failed) {
        failed = true;
        firstError = r.reason;
      }
    }
    if (failed) return { successes, error: firstError };
    remaining -= batch;
  }
  return { successes };
}

/** Upstream SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
