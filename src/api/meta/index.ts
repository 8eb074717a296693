export * from "./types.ts";
export * from "./status-reasons.ts";
export * from "./field-schema.ts";
