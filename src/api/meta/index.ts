export * from "./types.ts";
export * from "./status-reasons.ts";
