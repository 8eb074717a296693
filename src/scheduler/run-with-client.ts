/**
 * runSchedulerWithClient: what `kubun scheduler --kubeconfig F [--leader-elect] [--config F]`
 * and `kubun server` call. Builds the ClientSource (shared informers, Events through a
 * broadcaster as component "default-scheduler") and, with leader election, a Lease lock
 * kube-system/kube-scheduler, then runs runScheduler.
 */
import { hostname } from "node:os";
import { SharedInformerFactory } from "../client/cache/index.ts";
import { LeaderElector, LeaseLock } from "../client/leaderelection/index.ts";
import { EventBroadcaster, eventSinkFromClient } from "../client/record/index.ts";
import type { Client } from "../client/rest/clientset.ts";
import { ClientSource } from "./client-adapter.ts";
import { completeConfig } from "./config/load.ts";
import type { KubeSchedulerConfiguration } from "./config/types.ts";
import type { ScorePoolOptions, WorkerPoolFactory } from "./pool/score-pool.ts";
import { type LeaderElectionRunner, type RunningScheduler, runScheduler } from "./run.ts";

export interface RunSchedulerWithClientOptions {
  client: Client;
  /** Shared with other roles of the process when given; otherwise a private factory. */
  informers?: SharedInformerFactory;
  config?: KubeSchedulerConfiguration;
  /** Defaults to the config's leaderElection.leaderElect, which defaults to true. */
  leaderElect?: boolean;
  identity?: string;
  leaseNamespace?: string;
  leaseName?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  pool?: false | (ScorePoolOptions & { factory?: WorkerPoolFactory });
  signal?: AbortSignal;
}

function durationMs(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[1]);
  return m[2] === "ms" ? v : m[2] === "s" ? v * 1000 : v * 60_000;
}

export function runSchedulerWithClient(o: RunSchedulerWithClientOptions): RunningScheduler {
  const stopCtl = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stopCtl.signal]) : stopCtl.signal;
  const informers = o.informers ?? new SharedInformerFactory(o.client);
  const broadcaster = new EventBroadcaster();
  const sinkWatcher = broadcaster.startRecordingToSink(eventSinkFromClient(o.client));
  const source = new ClientSource({ client: o.client, informers, recorder: broadcaster.newRecorder({ component: "default-scheduler" }), signal });
  const le = completeConfig(o.config).leaderElection;
  const leaderElect = o.leaderElect ?? le.leaderElect ?? true;
  let leaderElection: LeaderElectionRunner | null = null;
  if (leaderElect) {
    const identity = o.identity ?? `${hostname()}_${crypto.randomUUID()}`;
    const lock = new LeaseLock(o.client.leases(), {
      namespace: o.leaseNamespace ?? le.resourceNamespace ?? "kube-system",
      name: o.leaseName ?? le.resourceName ?? "kube-scheduler",
      identity,
    });
    const leaseDurationMs = o.leaseDurationMs ?? durationMs(le.leaseDuration);
    const renewDeadlineMs = o.renewDeadlineMs ?? durationMs(le.renewDeadline);
    const retryPeriodMs = o.retryPeriodMs ?? durationMs(le.retryPeriod);
    leaderElection = {
      run: (callbacks, sig) =>
        new LeaderElector({
          lock,
          name: "kube-scheduler",
          releaseOnCancel: true,
          ...(leaseDurationMs !== undefined ? { leaseDurationMs } : {}),
          ...(renewDeadlineMs !== undefined ? { renewDeadlineMs } : {}),
          ...(retryPeriodMs !== undefined ? { retryPeriodMs } : {}),
          callbacks,
        }).run(sig),
    };
  }
  const running = runScheduler({
    source,
    leaderElection,
    signal,
    ...(o.config ? { config: o.config } : {}),
    ...(o.pool !== undefined ? { pool: o.pool } : {}),
  });
  const done = running.done.finally(async () => {
    await broadcaster.flush().catch(() => {});
    sinkWatcher.stop();
    broadcaster.shutdown();
  });
  return {
    ...running,
    done,
    async stop() {
      stopCtl.abort();
      await done;
    },
  };
}
