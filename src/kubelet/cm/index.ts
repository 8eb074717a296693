export * from "./cpu.ts";
export * from "./qos.ts";
export * from "./resources.ts";
export * from "./pod-cgroups.ts";
