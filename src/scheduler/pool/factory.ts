/** The default worker pool: piscina through src/util/pool.ts, which also works in the compiled binary. */
import { createWorkerPool } from "../../util/pool.ts";
import type { WorkerPool, WorkerPoolFactory } from "./score-pool.ts";

export const piscinaPoolFactory: WorkerPoolFactory = (workerModule, opts) =>
  createWorkerPool(workerModule, { minThreads: opts.minThreads, maxThreads: opts.maxThreads, idleTimeoutMs: 60_000 }) as unknown as WorkerPool;
