export * from "./rest-config.ts";
export * from "./kubeconfig.ts";
export * from "./in-cluster.ts";
export * from "./load.ts";
