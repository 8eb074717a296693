export * from "./dsl.ts";
export * from "./field-schema.ts";
export * from "./check.ts";
