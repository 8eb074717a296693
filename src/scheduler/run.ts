/**
 * runScheduler: the `kubun scheduler` role over any SchedulerSource. With a leader
 * election runner it schedules only while leading; losing the lease stops scheduling
 * (the process is expected to exit, as upstream does). The scoring pool is created
 * unless disabled; it only takes work for node sets above its cut-over.
 */
import { logger } from "../util/log.ts";
import type { KubeSchedulerConfiguration } from "./config/types.ts";
import { Scheduler } from "./core/scheduler.ts";
import type { Registry } from "./framework/registry.ts";
import { piscinaPoolFactory } from "./pool/factory.ts";
import { ScorePool, type ScorePoolOptions, type WorkerPoolFactory } from "./pool/score-pool.ts";
import type { SchedulerSource } from "./source.ts";

const log = logger("scheduler");

/** Runs `onStartedLeading` while this process holds the lease (client leaderelection fits). */
export interface LeaderElectionRunner {
  run(callbacks: { onStartedLeading(signal: AbortSignal): Promise<void>; onStoppedLeading(): void }, signal: AbortSignal): Promise<void>;
}

export interface RunSchedulerOptions {
  source: SchedulerSource;
  config?: KubeSchedulerConfiguration;
  leaderElection?: LeaderElectionRunner | null;
  /** false disables the scoring pool; otherwise its options (default: 2 threads, started lazily above the cut-over). */
  pool?: false | (ScorePoolOptions & { factory?: WorkerPoolFactory });
  outOfTreeRegistry?: Registry;
  signal?: AbortSignal;
}

export interface RunningScheduler {
  /** Resolves when scheduling stopped (stop(), signal, or lost leadership). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
  /** The live scheduler while leading (null before and after). */
  scheduler(): Scheduler | null;
  isLeader(): boolean;
  lostLeadership(): boolean;
}

export function runScheduler(opts: RunSchedulerOptions): RunningScheduler {
  const stopCtl = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stopCtl.signal]) : stopCtl.signal;
  const pool = opts.pool === false ? null : ScorePool.create(opts.pool?.factory ?? piscinaPoolFactory, opts.pool ?? {});
  let current: Scheduler | null = null;
  let lost = false;

  const schedule = async (runSignal: AbortSignal): Promise<void> => {
    const s = new Scheduler({
      source: opts.source,
      offloader: pool,
      ...(opts.config ? { config: opts.config } : {}),
      ...(opts.outOfTreeRegistry ? { outOfTreeRegistry: opts.outOfTreeRegistry } : {}),
    });
    current = s;
    const stopped = new Promise<void>((r) => runSignal.addEventListener("abort", () => r(), { once: true }));
    try {
      await Promise.race([s.start(), stopped]);
      if (!runSignal.aborted) {
        log.info("scheduler started", { profiles: [...s.profiles.keys()].join(",") });
        await stopped;
      }
    } finally {
      await s.stop();
      current = null;
    }
  };

  const done = (async () => {
    try {
      if (!opts.leaderElection) {
        await schedule(signal);
        return;
      }
      let leading = false;
      await opts.leaderElection.run(
        {
          onStartedLeading: async (leaderSignal) => {
            leading = true;
            await schedule(AbortSignal.any([leaderSignal, signal]));
          },
          onStoppedLeading: () => {
            if (leading && !signal.aborted) {
              lost = true;
              log.error("leaderelection lost");
            }
            leading = false;
          },
        },
        signal,
      );
    } finally {
      await pool?.destroy();
    }
  })();

  return {
    done,
    async stop() {
      stopCtl.abort();
      await done;
    },
    scheduler: () => current,
    isLeader: () => current !== null,
    lostLeadership: () => lost,
  };
}
