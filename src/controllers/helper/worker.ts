/**
 * The controller worker loop (upstream processNextWorkItem/handleErr): workers take keys
 * from a rate-limited queue, sync them, forget them on success and requeue them with
 * backoff on failure (dropping them after maxRetries when one is set). A key is never
 * synced by two workers at once (the queue guarantees it).
 */
import type { RateLimitingInterface } from "../../client/workqueue/index.ts";
import type { Logger } from "../../util/log.ts";
import type { ControllerMetrics } from "./metrics.ts";

export interface WorkerLoopOptions<T> {
  queue: RateLimitingInterface<T>;
  sync: (item: T) => Promise<void>;
  log: Logger;
  /** Drop an item after this many consecutive failures (default: never). */
  maxRetries?: number;
  /** Counts syncs by result and times them under {controller}. */
  metrics?: { metrics: ControllerMetrics; controller: string };
}

async function processNext<T>(o: WorkerLoopOptions<T>): Promise<boolean> {
  const { item, shutdown } = await o.queue.get();
  if (shutdown) return false;
  const start = performance.now();
  const m = o.metrics;
  try {
    await o.sync(item);
    o.queue.forget(item);
    m?.metrics.syncs.inc({ controller: m.controller, result: "success" });
  } catch (err) {
    m?.metrics.syncs.inc({ controller: m.controller, result: "error" });
    if (o.maxRetries !== undefined && o.queue.numRequeues(item) >= o.maxRetries) {
      o.log.warn("dropping item out of the queue", { item: String(item), err: errorMessage(err) });
      o.queue.forget(item);
    } else {
      o.log.debug("error syncing, requeuing", { item: String(item), err: errorMessage(err) }, 2);
      o.queue.addRateLimited(item);
    }
  } finally {
    m?.metrics.reconcile.observe({ controller: m.controller }, (performance.now() - start) / 1000);
    o.queue.done(item);
  }
  return true;
}

/** Runs `workers` loops until the queue shuts down; shuts the queue down when signal aborts. */
export async function runWorkers<T>(workers: number, signal: AbortSignal, o: WorkerLoopOptions<T>): Promise<void> {
  const stop = () => o.queue.shutDown();
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  const loop = async () => {
    while (await processNext(o));
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, loop));
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
