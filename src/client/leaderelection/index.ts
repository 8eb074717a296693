export * from "./resource-lock.ts";
export * from "./lease-lock.ts";
export * from "./leader-elector.ts";
