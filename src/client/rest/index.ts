export * from "./paths.ts";
export * from "./options.ts";
export * from "./types.ts";
export * from "./watch.ts";
export * from "./resource-client.ts";
export * from "./pod-client.ts";
export * from "./clientset.ts";
