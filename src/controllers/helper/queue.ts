/** The rate-limited work queue every controller uses, named for metrics. */
import { newRateLimitingQueue, type RateLimitingQueue } from "../../client/workqueue/index.ts";
import type { ControllerContext } from "./context.ts";

export function controllerQueue(ctx: ControllerContext, name: string): RateLimitingQueue<string> {
  return newRateLimitingQueue<string>(name, undefined, ctx.queueMetrics ? { metricsProvider: ctx.queueMetrics } : {});
}
