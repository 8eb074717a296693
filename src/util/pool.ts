/**
 * Worker pools that work the same from source and from the compiled executable.
 *
 * In a `bun build --compile` binary, worker files are extra entrypoints living under
 * `/$bunfs/root/<path relative to src/>`, and piscina's own trampoline (which it normally
 * finds next to its package via __dirname, baked in at build time) is replaced by our
 * embedded `util/pool-worker.ts` (the build patches piscina to read
 * `globalThis.__kubunPiscinaWorker`). Task modules are named relative to `src/`.
 */
import Piscina from "piscina";

const compiled = import.meta.url.includes("$bunfs");
const srcRoot = new URL("../", import.meta.url);

/** True when running inside the compiled single executable. */
export function isCompiled(): boolean {
  return compiled;
}

/** The loadable path of a module given relative to `src/` (e.g. "scheduler/pool/worker.ts"). */
export function embeddedModule(relFromSrc: string): string {
  return compiled ? `/$bunfs/root/${relFromSrc.replace(/\.ts$/, ".js")}` : new URL(relFromSrc, srcRoot).pathname;
}

if (compiled) (globalThis as { __kubunPiscinaWorker?: string }).__kubunPiscinaWorker = embeddedModule("util/pool-worker.ts");

export interface PoolOptions {
  minThreads?: number;
  maxThreads?: number;
  /** Idle time before an extra thread exits. */
  idleTimeoutMs?: number;
}

/** A piscina pool running the default export of `taskModule` (relative to src/). */
export function createWorkerPool(taskModule: string, opts: PoolOptions = {}): Piscina {
  return new Piscina({
    filename: embeddedModule(taskModule),
    minThreads: opts.minThreads ?? 1,
    maxThreads: opts.maxThreads ?? Math.max(1, navigator.hardwareConcurrency),
    idleTimeout: opts.idleTimeoutMs ?? 30_000,
  });
}

