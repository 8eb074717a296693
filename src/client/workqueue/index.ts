export * from "./metrics.ts";
export * from "./prometheus-metrics.ts";
export * from "./queue.ts";
export * from "./delaying-queue.ts";
export * from "./rate-limiters.ts";
export * from "./rate-limiting-queue.ts";
