/** The scheduler role: public entry points and the types plugins and wiring need. */
export type * from "./api-types.ts";
export { ClientSource, type ClientSourceOptions } from "./client-adapter.ts";
export { loadConfigFile, parseConfig, completeConfig } from "./config/load.ts";
export type { KubeSchedulerConfiguration, KubeSchedulerProfile } from "./config/types.ts";
export { Scheduler, type SchedulerOptions } from "./core/scheduler.ts";
export { Code, Status } from "./framework/status.ts";
export type * from "./framework/interfaces.ts";
export { newRegistry, mergeRegistries, register, type Registry } from "./framework/registry.ts";
export { inTreeRegistry } from "./plugins/registry.ts";
export { Names as PluginNames } from "./plugins/names.ts";
export { ScorePool, type WorkerPoolFactory, type ScorePoolOptions } from "./pool/score-pool.ts";
export { piscinaPoolFactory } from "./pool/factory.ts";
export { runScheduler, type RunSchedulerOptions, type RunningScheduler, type LeaderElectionRunner } from "./run.ts";
export { runSchedulerWithClient, type RunSchedulerWithClientOptions } from "./run-with-client.ts";
export type { SchedulerSource, EventHandlers, PodRef, PodStatusPatch, SchedulerEvent } from "./source.ts";
