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

/** Runs fn for indexes [from, from+n) with at most limit calls in flight; settles every call. */
export async function runBatch(from: number, n: number, limit: number, fn: (index: number) => Promise<void>): Promise<PromiseSettledResult<void>[]> {
  if (limit >= n) return Promise.allSettled(Array.from({ length: n }, (_, i) => fn(from + i)));
  const results: PromiseSettledResult<void>[] = new Array(n);
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      try {
        await fn(from + i);
        results[i] = { status: "fulfilled", value: undefined };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

/**
 * maxInFlight caps the calls running at once inside a batch (default: the whole batch,
 * as upstream). Over HTTP/1.1 every concurrent request is a connection of its own, so a
 * cap keeps a 256-pod batch from opening 256 TLS connections.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: (index: number) => Promise<void>, signal?: AbortSignal, maxInFlight = Infinity): Promise<BatchResult> {
  let remaining = count;
  let successes = 0;
  let index = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    if (signal?.aborted) return { successes, error: signal.reason ?? new Error("stopped") };
    const results = await runBatch(index, batch, maxInFlight, fn);
    index += batch;
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

/**
 * Requests a controller keeps in flight at once when creating or deleting many pods
 * (see docs/decisions.md, "Controllers": 16 was fastest for 1,000 pods).
 */
export const DEFAULT_MAX_IN_FLIGHT = 16;
