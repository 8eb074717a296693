/**
 * runControllerManager: the `kubun controller-manager` role. Builds the selected
 * controllers over the given client and shared informer factory, records their
 * Events through one broadcaster (one source component per controller, as upstream),
 * and runs them; with leaderElect, only while holding the kube-system/
 * kube-controller-manager Lease. Losing the lease stops everything (the process is
 * expected to exit, as upstream does); another instance then takes over.
 */
import { hostname } from "node:os";
import type { SharedInformerFactory } from "../../client/cache/index.ts";
import { LeaderElector, LeaseLock } from "../../client/leaderelection/index.ts";
import { EventBroadcaster, eventSinkFromClient } from "../../client/record/index.ts";
import type { Client } from "../../client/rest/clientset.ts";
import { PrometheusQueueMetrics } from "../../client/workqueue/index.ts";
import { logger } from "../../util/log.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { MetricsRegistry } from "../helper/metrics.ts";
import { selectControllers } from "./registry.ts";

const log = logger("controller-manager");

export interface ControllerManagerOptions {
  client: Client;
  informers: SharedInformerFactory;
  leaderElect?: boolean;
  /** kube-controller-manager --controllers semantics ("*", "name", "-name"); default all. */
  controllers?: string[];
  /** Stops the manager when aborted. */
  signal?: AbortSignal;
  /** Leader election identity (default "<hostname>_<uuid>"). */
  identity?: string;
  leaseNamespace?: string;
  leaseName?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Release the lease on a clean stop so a successor need not wait (default true). */
  releaseOnCancel?: boolean;
  /** Worker counts by controller name, overriding the defaults. */
  workers?: Record<string, number>;
  /** Also log every recorded Event (default false). */
  logEvents?: boolean;
}

export interface ControllerManager {
  /** Resolves once every controller has stopped (signal aborted, stop() or leadership lost). */
  readonly done: Promise<void>;
  /** Stops the controllers and waits for them. */
  stop(): Promise<void>;
  /** Prometheus text: work-queue metrics of every controller plus controller counters. */
  metrics(): string;
  /** True while the controllers run (always true once started without leader election). */
  isLeader(): boolean;
  /** True when the manager stopped because it lost (or could not renew) the lease. */
  lostLeadership(): boolean;
  readonly registry: MetricsRegistry;
  readonly queueMetrics: PrometheusQueueMetrics;
}

export function runControllerManager(opts: ControllerManagerOptions): ControllerManager {
  const selected = selectControllers(opts.controllers);
  const stopCtl = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stopCtl.signal]) : stopCtl.signal;
  const registry = new MetricsRegistry();
  const queueMetrics = new PrometheusQueueMetrics();
  const broadcaster = new EventBroadcaster();
  const sinkWatcher = broadcaster.startRecordingToSink(eventSinkFromClient(opts.client));
  if (opts.logEvents) broadcaster.startStructuredLogging(2);
  let leading = false;
  let lost = false;

  const runControllers = async (runSignal: AbortSignal): Promise<void> => {
    leading = true;
    const running: Promise<void>[] = [];
    const controllers: Controller[] = [];
    for (const d of selected) {
      const ctx: ControllerContext = {
        client: opts.client,
        informers: opts.informers,
        recorder: broadcaster.newRecorder({ component: d.component }),
        queueMetrics,
        registry,
      };
      controllers.push(d.create(ctx));
    }
    opts.informers.start(runSignal);
    for (let i = 0; i < controllers.length; i++) {
      const c = controllers[i]!;
      const workers = opts.workers?.[c.name] ?? selected[i]!.workers;
      log.info("starting controller", { controller: c.name, workers });
      running.push(c.run(workers, runSignal).catch((err) => log.error("controller stopped with error", { controller: c.name, err: String(err) })));
    }
    await Promise.all(running);
  };

  const done = (async () => {
    try {
      if (!opts.leaderElect) {
        await runControllers(signal);
        return;
      }
      const identity = opts.identity ?? `${hostname()}_${crypto.randomUUID()}`;
      const lock = new LeaseLock(opts.client.leases(), { namespace: opts.leaseNamespace ?? "kube-system", name: opts.leaseName ?? "kube-controller-manager", identity });
      const elector = new LeaderElector({
        lock,
        name: "kube-controller-manager",
        releaseOnCancel: opts.releaseOnCancel ?? true,
        ...(opts.leaseDurationMs !== undefined ? { leaseDurationMs: opts.leaseDurationMs } : {}),
        ...(opts.renewDeadlineMs !== undefined ? { renewDeadlineMs: opts.renewDeadlineMs } : {}),
        ...(opts.retryPeriodMs !== undefined ? { retryPeriodMs: opts.retryPeriodMs } : {}),
        callbacks: {
          onStartedLeading: (leaderSignal) => runControllers(AbortSignal.any([leaderSignal, signal])),
          onStoppedLeading: () => {
            if (leading && !signal.aborted) {
              lost = true;
              log.error("leaderelection lost", { identity });
            }
            leading = false;
          },
          onNewLeader: (holder) => {
            if (holder !== identity) log.info("new leader elected", { leader: holder });
          },
        },
      });
      await elector.run(signal);
    } finally {
      leading = false;
      await broadcaster.flush().catch(() => {});
      sinkWatcher.stop();
      broadcaster.shutdown();
    }
  })();

  return {
    done,
    async stop() {
      stopCtl.abort();
      await done;
    },
    metrics: () => queueMetrics.render() + registry.render(),
    isLeader: () => leading,
    lostLeadership: () => lost,
    registry,
    queueMetrics,
  };
}
