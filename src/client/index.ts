/**
 * kubun's client library, layered as client-go (see ARCHITECTURE.md next to this file):
 * config -> transport -> rest (typed clients, watch) -> cache (reflector, informers,
 * listers) / workqueue / leaderelection / record (events).
 */
export * from "./errors.ts";
export * from "./config/index.ts";
export * from "./flowcontrol/index.ts";
export * from "./transport/index.ts";
export * from "./rest/index.ts";
export * from "./cache/index.ts";
export * from "./workqueue/index.ts";
export * from "./leaderelection/index.ts";
export * from "./record/index.ts";
export { type Clock, type TimerHandle, realClock, FakeClock, sleep, sleepUnlessAborted, flushMicrotasks } from "./internal/clock.ts";
