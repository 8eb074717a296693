export * from "./errors.ts";
export * from "./suffix.ts";
export * from "./quantity.ts";
