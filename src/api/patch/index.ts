export * from "./errors.ts";
export * from "./json-patch.ts";
export * from "./merge-patch.ts";
export * from "./strategic.ts";
