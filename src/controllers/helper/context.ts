/**
 * What every controller is built from: the API client, the process's shared informer
 * factory, an event recorder, and the metrics hooks. The controller manager makes one
 * and hands it to each controller it starts.
 */
import type { SharedInformerFactory } from "../../client/cache/index.ts";
import type { EventRecorder } from "../../client/record/index.ts";
import type { Client } from "../../client/rest/clientset.ts";
import type { MetricsProvider } from "../../client/workqueue/index.ts";
import type { MetricsRegistry } from "./metrics.ts";

export type { EventRecorder };

/** A recorder that drops every event (tests that do not look at events). */
export const nullRecorder: EventRecorder = { event() {}, annotatedEvent() {} };

export interface ControllerContext {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  /** Work-queue metrics (default: none). */
  queueMetrics?: MetricsProvider;
  /** Controller-level counters (default: a private registry). */
  registry?: MetricsRegistry;
  /** Wall clock in ms (tests may pin it). */
  now?: () => number;
  /** The cluster CA (PEM) published as kube-root-ca.crt; default: the client's CA. */
  rootCA?: string;
}

/** A controller the manager can run: informers are requested in the constructor. */
export interface Controller {
  readonly name: string;
  /** Waits for its informers to sync, then runs workers until the signal aborts. */
  run(workers: number, signal: AbortSignal): Promise<void>;
}
