export * from "./apply-defaults.ts";
export * from "./pod.ts";
export * from "./workloads.ts";
export * from "./core.ts";
export { imageTag } from "./image.ts";
