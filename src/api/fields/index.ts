export * from "./selector.ts";
export * from "./selectable.ts";
