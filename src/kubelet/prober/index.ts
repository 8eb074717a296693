export * from "./probe.ts";
export * from "./worker.ts";
