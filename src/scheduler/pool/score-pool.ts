/**
 * ScorePool: the ScoreOffloader that runs kernel-capable score plugins on a worker pool.
 * Node data is read from the shared NodeTable; the cycle's node slots and the outputs
 * also live in SharedArrayBuffers reused across cycles. Work is split into chunks (one
 * per worker thread at least `minChunk` nodes large); below `cutover` nodes the
 * framework scores inline instead.
 */
import type { ScoreOffloader } from "../framework/framework.ts";
import type { KernelSpec } from "../framework/interfaces.ts";
import type { NodeInfo } from "../framework/node-info.ts";
import { KERNELS } from "./kernels.ts";
import { NodeTable } from "./node-table.ts";
import type { ScoreTask } from "./task.ts";

/** The slice of a worker pool the scheduler needs; piscina satisfies it. */
export interface WorkerPool {
  run(task: ScoreTask): Promise<unknown>;
  destroy(): Promise<void>;
  readonly threads: readonly unknown[];
}

/** Builds a pool whose workers run the default export of `workerModule` (relative to src/). */
export type WorkerPoolFactory = (workerModule: string, opts: { minThreads: number; maxThreads: number }) => WorkerPool;

export const WORKER_MODULE = "scheduler/pool/worker.ts";

/**
 * Measured on the 2-core build machine (bench/scheduler-pool.bench.ts, bench/RESULTS.md):
 * inline scoring wins up to 5,000 scored nodes; at 10,000 two worker threads break even.
 */
export const DEFAULT_CUTOVER = 10_000;
/** Worker threads of the default pool (two won at 10,000 nodes, one did not). */
export const DEFAULT_THREADS = 2;

export interface ScorePoolOptions {
  threads?: number;
  cutover?: number;
  minChunk?: number;
}

export class ScorePool implements ScoreOffloader {
  readonly table = new NodeTable();
  readonly cutover: number;
  private readonly threads: number;
  private readonly minChunk: number;
  private slotsBuf = new SharedArrayBuffer(4 * 1024);
  private outBuf = new SharedArrayBuffer(8 * 1024);
  private workers: WorkerPool | null;

  /** `pool` may be a factory: the workers then start on first use (never, below the cut-over). */
  constructor(pool: WorkerPool | (() => WorkerPool), opts: ScorePoolOptions = {}) {
    this.threads = Math.max(1, opts.threads ?? DEFAULT_THREADS);
    this.cutover = opts.cutover ?? DEFAULT_CUTOVER;
    this.minChunk = opts.minChunk ?? 256;
    if (typeof pool === "function") {
      this.workers = null;
      this.makePool = pool;
    } else this.workers = pool;
  }

  private makePool: (() => WorkerPool) | null = null;

  private get pool(): WorkerPool {
    this.workers ??= this.makePool!();
    return this.workers;
  }

  static create(factory: WorkerPoolFactory, opts: ScorePoolOptions = {}): ScorePool {
    const threads = Math.max(1, opts.threads ?? DEFAULT_THREADS);
    return new ScorePool(() => factory(WORKER_MODULE, { minThreads: threads, maxThreads: threads }), { ...opts, threads });
  }

  get sink(): NodeTable {
    return this.table;
  }

  supports(kernel: string): boolean {
    return Object.hasOwn(KERNELS, kernel);
  }

  async run(specs: readonly KernelSpec[], nodes: readonly NodeInfo[]): Promise<Float64Array[]> {
    const n = nodes.length;
    if (this.slotsBuf.byteLength < n * 4) this.slotsBuf = new SharedArrayBuffer(n * 8);
    if (this.outBuf.byteLength < n * specs.length * 8) this.outBuf = new SharedArrayBuffer(n * specs.length * 16);
    const slots = new Int32Array(this.slotsBuf, 0, n);
    for (let i = 0; i < n; i++) {
      const s = nodes[i]!.slot;
      if (s < 0) throw new Error(`node ${nodes[i]!.name} has no row in the node table`);
      slots[i] = s;
    }
    const chunks = Math.max(1, Math.min(this.threads, Math.floor(n / this.minChunk)));
    const size = Math.ceil(n / chunks);
    const kernels = specs.map((s) => s.kernel);
    const params = specs.map((s) => s.params);
    const tasks: Promise<unknown>[] = [];
    for (let from = 0; from < n; from += size) {
      tasks.push(
        this.pool.run({ table: this.table.sab, slots: this.slotsBuf, out: this.outBuf, stride: n, kernels, params, from, to: Math.min(n, from + size) }),
      );
    }
    await Promise.all(tasks);
    const out = new Float64Array(this.outBuf, 0, n * specs.length);
    return specs.map((_, k) => out.slice(k * n, (k + 1) * n));
  }

  /** True once worker threads were started. */
  get started(): boolean {
    return this.workers !== null;
  }

  async destroy(): Promise<void> {
    await this.workers?.destroy();
    this.workers = null;
  }
}
